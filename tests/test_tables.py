"""Tables: the examples in rules/tables.yaml, and the layout cases of the Staat van Migratie."""
from pathlib import Path

import pytest

from conftest import GOLD_SOURCES, SVM_PDF_GROUP, TWINS, read
from pipeline.extraction import extract
from pipeline.ingest import document_from_text
from pipeline.rules import load
from pipeline.extraction.table_cells import parse_value
from pipeline.extraction.table_find import find_tables
from pipeline.extraction.table_model import Cell
from pipeline.extraction.tables import table_observations
from pipeline.language.text_tables import pipe_cells

TABLES = load("tables")


def _cell_span(text: str, row: int, col: int) -> tuple[int, int]:
    lines = text.split("\n")
    pos = sum(len(l) + 1 for l in lines[:row])
    if "\t" not in lines[row] and "|" in lines[row]:     # a pipe table's line
        a, b = pipe_cells(lines[row])[col]
        return pos + a, pos + b
    if "\t" not in lines[row]:      # a space-aligned line: cells apart by two spaces or more
        import re
        a, b = [m.span() for m in re.finditer(r"\S+(?: \S+)*", lines[row])][col]
        return pos + a, pos + b
    cells = lines[row].split("\t")
    start = pos + sum(len(c) + 1 for c in cells[:col])
    raw = cells[col]
    lead = len(raw) - len(raw.lstrip())
    return start + lead, start + len(raw.rstrip())


def _doc(ex):
    return document_from_text(ex["text"], ex["edition"], fmt=ex.get("fmt", "md"))


@pytest.mark.parametrize("ex", TABLES["examples"], ids=[e["text"].split("\n")[-2][:40] for e in TABLES["examples"]])
def test_table_examples(ex):
    doc = _doc(ex)
    tables = find_tables(doc)
    assert len(tables) == 1
    rows, _ = table_observations(doc, tables[0])
    by_start = {o.char_start: o for o in rows}
    for want in ex["expect"]:
        s, e = _cell_span(ex["text"], *want["cell"])
        assert s in by_start, f"no row for cell {want['cell']} {ex['text'][s:e]!r}"
        o = by_start[s]
        for key in ("metric", "value", "unit", "label", "nationality", "category", "qualifier"):
            if key in want:
                assert getattr(o, key) == want[key], (key, want, o)
        if "period" in want:
            assert [o.period_start, o.period_end, o.period_kind] == [str(x) for x in want["period"]], o
    for cell in ex.get("none", []):
        s, _ = _cell_span(ex["text"], *cell)
        assert s not in by_start, f"cell {cell} should give no row"


@pytest.mark.parametrize("text,value,unit,qualifier,written", [
    ("2.930", 2930, "", "", "2.930"),
    ("1,13", 1.13, "", "", "1,13"),
    ("+25%", 25, "percent", "", "+25%"),
    ("-4%", -4, "percent", "", "-4%"),
    ("-17%%", -17, "percent", "", "-17%%"),
    ("<5", 5, "", "minder dan", "<5"),
    ("-1.752 (voorsprong)", -1752, "", "", "-1.752"),
    ("0", 0, "", "", "0"),
    ("1.234*", 1234, "", "", "1.234"),
    ("12,5%*", 12.5, "percent", "", "12,5%"),
    ("35 540", 35540, "", "", "35 540"),
])
def test_cell_values(text, value, unit, qualifier, written):
    v = parse_value(Cell(text, 100, 100 + len(text)))
    assert (v.value, v.unit, v.qualifier) == (value, unit, qualifier)
    assert text[v.start - 100:v.end - 100] == written


@pytest.mark.parametrize("text,start,end,kind", [
    ("2023*", "2023-01-01", "2023-12-31", "year"), ("2023 (voorlopig)", "2023-01-01", "2023-12-31", "year"),
    ("Q2 2023", "2023-04-01", "2023-06-30", "range"), ("3e kwartaal 2022", "2022-07-01", "2022-09-30", "range"),
    ("januari 2023", "2023-01-01", "2023-01-31", "month"), ("feb-23", "2023-02-01", "2023-02-28", "month"),
    ("2023 - II", "2023-07-01", "2023-12-31", "range"),
])
def test_period_cells(text, start, end, kind):
    from pipeline.extraction.table_periods import period_of
    p = period_of(text)
    assert (p.start, p.end, p.kind) == (start, end, kind)


@pytest.mark.parametrize("text", ["n.v.t.", "Nvt", "-", "", "Onderdeel van capaciteit Groningen", "2023 - I", "Spoor 4 AA"])
def test_cells_without_value(text):
    assert parse_value(Cell(text, 0, len(text))) is None


def test_table_rows_are_not_prose():
    """A table's numbers come from the table stage only (no second row from the sentence rules)."""
    ex = TABLES["examples"][0]
    doc = _doc(ex)
    obs = extract(doc).observations
    spans = [(o.char_start, o.char_end) for o in obs if o.rule_id.startswith("tables.")]
    assert len(spans) == len(set(spans)) == len([o for o in obs if o.table]) == 17
    assert all(o.table == "Figuur 51" and o.source_org == "IND" for o in obs if o.rule_id.startswith("tables."))


@SVM_PDF_GROUP
def test_tables_split_over_two_pdf_pages_are_read_as_one():
    """The rendered Staat van Migratie breaks ten tables over a page; each is one Table with its
    caption, the same rows as the Markdown's, and rows on both pages."""
    pdf = read(TWINS["staat-van-migratie-2024"])            # the session's reading (conftest.read)
    md = read(GOLD_SOURCES["staat-van-migratie-2024"])
    pdf_tables = {t.ref: t for t in find_tables(pdf) if t.ref}
    md_tables = {t.ref: t for t in find_tables(md) if t.ref}
    assert len(pdf_tables) == len(md_tables) == 78
    split = [ref for ref, t in pdf_tables.items()
             if pdf.page_of(t.row_spans[0][0]) != pdf.page_of(t.row_spans[-1][0])]
    assert len(split) >= 8, split
    for ref in split:
        assert len(pdf_tables[ref].rows) == len(md_tables[ref].rows), ref
    t = pdf_tables["Figuur 62"]
    assert [pdf.page_of(s) for s, _ in t.row_spans] == [67] * 8 + [68] * 2


def test_markdown_pipe_table():
    """A Markdown pipe table ("| a | b |", with its |---| rule line) is read like a tab-separated one."""
    text = ("Tabel 1: Eerste asielaanvragen naar nationaliteit, 2023 (Bron: IND)\n\n"
            "| Nationaliteit | Aantal | Aandeel |\n|---|---:|---:|\n"
            "| Syrië | 13.030 | 34% |\n| **Totaal** | **38.380** | 100% |\n")
    doc = document_from_text(text, "2023-12", fmt="md")
    rows = {doc.text[o.char_start:o.char_end]: o for o in extract(doc).observations}
    assert set(rows) == {"13.030", "34%", "38.380", "100%"}
    sy = rows["13.030"]
    assert (sy.metric, sy.nationality, sy.value, sy.label, sy.table, sy.source_org) == \
        ("asylum_first_applications", "SY", 13030, "Nationaliteit | Syrië | Aantal", "Tabel 1", "IND")
    assert rows["34%"].metric == "asylum_first_applications_share"
    assert (rows["38.380"].label, rows["38.380"].nationality) == ("Nationaliteit | Totaal | Aantal", "")


def test_headerless_numeric_grid_gets_a_position_label():
    doc = document_from_text("1\t2\n3\t4\n", "2023-12", fmt="md")
    assert [o.label for o in extract(doc).observations] == [
        "tabel, rij 1, kolom 1", "tabel, rij 1, kolom 2", "tabel, rij 2, kolom 1", "tabel, rij 2, kolom 2"]


@pytest.mark.parametrize("text,factor", TABLES["scale_examples"], ids=[t for t, _ in TABLES["scale_examples"]])
def test_scale_examples(text, factor):
    from pipeline.extraction.table_cells import scale_of
    from pipeline.language.numbers import _SCALE_WORD
    assert scale_of(text) == (factor or 1)
    if factor:      # the prose number finder looks for a scale only in a sentence with one of these words
        assert _SCALE_WORD.search(text)


@pytest.mark.parametrize("label,header,year,span", TABLES["year_part_examples"],
                         ids=[f"{x[0]}|{x[1]}" for x in TABLES["year_part_examples"]])
def test_year_part_examples(label, header, year, span):
    from pipeline.extraction.table_periods import year_part
    p = year_part(label, header, year)
    assert (p.start, p.end, p.kind) == (str(span[0]), str(span[1]), "range")


@pytest.mark.parametrize("label,header", TABLES["year_part_negatives"], ids=[f"{x[0]}|{x[1]}" for x in TABLES["year_part_negatives"]])
def test_year_part_negatives(label, header):
    from pipeline.extraction.table_periods import year_part
    assert year_part(label, header, 2023) is None


def test_scaled_cells_are_exact():
    """"4,47" under "( x 1 000)" is 4470 exactly (computed on the digits, not 4.47 * 1000 in floats)."""
    from pipeline.extraction.table_cells import scaled
    for text, want in [("4,47", 4470), ("0,135", 135), ("11,015", 11015), ("-1,1", -1100), ("0,07", 70)]:
        v = scaled(parse_value(Cell(text, 0, len(text))), 1000)
        assert v == want and repr(v) == repr(float(want)), (text, v)


CBS_Q1 = Path(__file__).parent / "fixtures" / "cbs" / "cbs_asielverzoeken_2023-Q1_nieuws.txt"


def test_cbs_quarterly_pipe_tables():
    """The CBS release of 2023-Q1: two pipe tables without outer pipes, scaled "( x 1 000)" per column,
    rows of a year and a quarter; the second by nationality (adjectives over the columns, "Overig"),
    its population from the text before it, its last row cut off after one cell."""
    from pipeline.ingest import read_document
    doc = read_document(CBS_Q1, "2023-03")
    tables = find_tables(doc)
    assert [(len(t.rows), t.width, t.header_rows) for t in tables] == [(14, 4, 1), (13, 7, 1)]
    obs = extract(doc).observations
    cells = [o for o in obs if o.rule_id.startswith("tables.")]
    assert len(cells) == 13 * 2 + 11 * 5 + 1
    at = {doc.text[o.char_start:o.char_end] + "@" + o.period_start: o for o in cells}
    first = at["4,47@2020-01-01"]
    assert (first.metric, first.value, first.unit, first.period_end, first.period_kind, first.qualifier,
            first.rule_id, first.char_start, first.char_end) == \
        ("asylum_first_applications", 4470, "count", "2020-03-31", "range", "", "tables.cbs_first_applications",
         doc.text.index("4,47"), doc.text.index("4,47") + 4)
    assert (at["1,065@2020-01-01"].metric, at["1,065@2020-01-01"].value) == ("family_reunification_arrivals", 1065)
    q = at["6,91@2023-01-01"]
    assert (q.value, q.period_end, q.quote) == (6910, "2023-03-31", "2023 | 1e kwartaal | 6,91 | 1,895")
    # a value written once: the second table's figures by nationality, provisional rows ("1e kwartaal*")
    sy = at["0,9@2021-01-01"]
    assert (sy.metric, sy.nationality, sy.value, sy.period_end, sy.qualifier, sy.rule_id) == \
        ("asylum_first_applications", "SY", 900, "2021-03-31", "", "tables.first_applications_by_nationality_columns")
    assert (at["2,94@2020-01-01"].nationality, at["2,94@2020-01-01"].value) == ("OTHER", 2940)
    assert {o.nationality for o in cells if o.table_caption == "" and o.nationality} == {"SY", "YE", "SO", "TR", "OTHER"}
    last = at["4,185@2022-10-01"]
    assert (last.nationality, last.value, last.period_end) == ("SY", 4185, "2022-12-31")
    # every value a whole count, every period a quarter, never the header's "1 000"
    assert all(o.value == int(o.value) and o.unit == "count" and o.period_kind == "range" for o in cells)
    assert not [o for o in obs if o.value == 1000]
    assert all(o.metric for o in cells)
    # the broken cell "0,[...]" gives no row, and says why
    _, skipped = table_observations(doc, tables[1])
    cut = [s for s in skipped if s.surface == "0,[...]"]
    assert [s.reason for s in cut] == ["cell cut off in the source"]
    assert not [o for o in obs if o.char_start == cut[0].start]


def test_pipe_table_without_outer_pipes_needs_its_rule_line():
    """'a | b' lines are a table only under a header with the ---|--- rule line; prose with a pipe is not."""
    doc = document_from_text("Jaar | Aantal\n---|---\n2022 | 1.200\n2023 | 1.300\n", "2023-12")
    assert [[c.text for c in r] for r in find_tables(doc)[0].rows] == [["Jaar", "Aantal"], ["2022", "1.200"],
                                                                       ["2023", "1.300"]]
    doc = document_from_text("In 2023 | 1.300 asielzoekers kwamen aan.\nIn 2022 | 1.200.\n", "2023-12")
    assert find_tables(doc) == []
