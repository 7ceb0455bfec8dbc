"""Schema of rules/tables.yaml (pipeline/extraction/tables.py, pipeline/language/text_tables.py)."""
import datetime
from typing import Annotated, Literal


from .base import At, Country, Edition, Id, Len, Range, Record, Regex, Text, Unit, regex_with, unique
Cell = Annotated[list[Annotated[int, Range(ge=0)]], Len(2, 2)]   # [row, column]


class UnitRule(Record):
    unit: Unit
    pattern: Regex


class Scale(Record):
    factor: Annotated[int, Range(gt=1)]
    pattern: Regex


class YearPart(Record):
    """A row label naming a part of a year: `n` its number; `header` only under such a column header."""
    months: Literal[3, 6]
    pattern: regex_with("n")
    header: Regex | None = None


class TotalIncludes(Record):
    """What a "Totaal" includes: beside these `columns`, or in a table whose `caption` says so."""
    category: Text
    columns: Annotated[list[Regex], Len(1)] | None = None
    caption: Regex | None = None

    def check(r):
        if r.get("columns") is None and r.get("caption") is None:
            raise ValueError("needs `columns` or `caption`")


class TableMetric(Record):
    """A core metric of table cells: the first rule whose conditions hold names the cell's metric."""
    id: Id
    metric: Id
    caption: Regex | None = None
    context: Regex | None = None
    column: Regex | None = None
    row: Regex | None = None
    unit: Unit | None = None
    needs_nationality: bool = False
    nationality_columns: bool = False
    nationality_rows: bool = False
    period_rows: bool = False        # the rows are months of no year ("januari" under "2024 | 2023")
    category: str | None = None


class CellExpect(Record):
    """What the observation of one cell must be (only the keys given are compared)."""
    cell: Cell
    metric: str | None = None
    category: str | None = None
    nationality: Country | Literal[""] | None = None
    value: int | float | None = None
    unit: Unit | None = None
    qualifier: str | None = None
    label: str | None = None
    period: Annotated[list[datetime.date | str], Len(3, 3)] | None = None  # [start, end, kind]

    def check(r):
        p = r.get("period")
        if p and not (isinstance(p[0], datetime.date) and isinstance(p[1], datetime.date)
                      and p[2] in ("month", "year", "ytd", "point", "range", "rolling_12m")):
            raise At(("period",), "must be [start date, end date, kind] (kind: month, year, ytd, point, "
                                  "range, rolling_12m)")


class TableExample(Record):
    text: Text
    edition: Edition
    fmt: Literal["md", "txt"] = "md"
    expect: Annotated[list[CellExpect], Len(1)]
    none: list[Cell] = []


Span = Annotated[list[datetime.date], Len(2, 2)]


class TablesFile(Record):
    caption: regex_with("ref")
    source: regex_with("org")
    change_label: Regex
    place_headers: Regex
    policy_headers: Regex
    truncated_cell: Regex
    toc_heading: Regex
    part_of_population: Regex
    units: Annotated[list[UnitRule], Len(1)]
    scales: list[Scale]
    # [header text, factor] (0: no scale)
    scale_examples: list[Annotated[list[str | int], Len(2, 2)]]
    year_parts: list[YearPart]
    # [label, header of its column, year, [start, end]]
    year_part_examples: list[Annotated[list[str | int | Span], Len(4, 4)]]
    year_part_negatives: list[Annotated[list[str], Len(2, 2)]]
    total_includes: list[TotalIncludes]
    metrics: Annotated[list[TableMetric], Len(1)]
    examples: Annotated[list[TableExample], Len(1)]

    def check(r):
        unique((("metrics", i, "id"), m["id"]) for i, m in enumerate(r["metrics"]))
        for i, (text, factor) in enumerate(r["scale_examples"]):
            if not isinstance(text, str) or not isinstance(factor, int):
                raise At(("scale_examples", i), "must be [header text, factor]")
        for i, (label, header, year, span) in enumerate(r["year_part_examples"]):
            if not (isinstance(label, str) and isinstance(header, str) and isinstance(year, int)
                    and isinstance(span, list)):
                raise At(("year_part_examples", i), "must be [label, header, year, [start, end]]")
