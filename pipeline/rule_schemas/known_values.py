"""rules/known_values.csv (or the file given as --known-values): curated reference values, checked
row by row where they are read. A header with an unknown or missing column, or a row whose metric is
no core metric, whose dates, value or unit cannot be read, is refused with one line
'<file>:<line>: <column>: <what is wrong>' (RuleFileError), never read as something else."""
import csv
import datetime
import math
import re
from pathlib import Path

from .. import rules
from ..errors import RuleFileError

REQUIRED = ("metric", "period_start", "period_end", "value", "unit", "edition", "source")
COLUMNS = ("metric", "nationality", "category", "period_start", "period_end", "period_kind", "value", "unit",
           "edition", "source")
UNITS = ("count", "percent", "weeks", "months", "days", "eur")
KINDS = ("", "month", "rolling_12m", "year", "ytd", "point", "range")


def _label(path: Path) -> str:
    """rules/known_values.csv for the file of rules/, else the path as given."""
    try:
        return f"rules/{path.resolve().relative_to(rules.RULES_DIR.resolve()).as_posix()}"
    except ValueError:
        return str(path)


def read_rows(path: str | Path) -> list[dict]:
    """The rows of a known-values file as dicts of its columns (lines starting with '#' are comments),
    each checked; RuleFileError naming the file, line and column of the first that is wrong."""
    path = Path(path)
    file = _label(path)
    with open(path, encoding="utf-8", newline="") as fh:
        numbered = [(n, line) for n, line in enumerate(fh, 1) if not line.startswith("#")]
    reader = csv.reader(line for _, line in numbered)
    header = next(reader, None)
    if header is None:
        raise RuleFileError(f"{file}:1: (header): missing: the columns are {','.join(COLUMNS)}")
    where = numbered[reader.line_num - 1][0]
    for col in header:
        if col not in COLUMNS:
            raise RuleFileError(f"{file}:{where}: {col or '(empty)'}: unknown column (the columns are {','.join(COLUMNS)})")
    for col in REQUIRED:
        if col not in header:
            raise RuleFileError(f"{file}:{where}: {col}: required column, missing")
    metrics = set(rules.load("metrics")["labels"])
    out = []
    for cells in reader:
        line = numbered[reader.line_num - 1][0]
        if not cells:
            continue
        if len(cells) != len(header):
            raise RuleFileError(f"{file}:{line}: (row): {len(cells)} fields, the header has {len(header)}")
        row = dict(zip(header, cells))
        problem = _problem(row, metrics)
        if problem:
            raise RuleFileError(f"{file}:{line}: {problem[0]}: {problem[1]}")
        out.append(row)
    return out


def _problem(row: dict, metrics: set) -> tuple[str, str] | None:
    """(column, what is wrong) of the first value of the row that cannot be used, or None."""
    if row["metric"] not in metrics:
        return "metric", f"{row['metric']!r} is not a core metric (rules/metrics.yaml labels)"
    days = {}
    for col in ("period_start", "period_end"):
        try:
            days[col] = datetime.date.fromisoformat(row[col])
        except ValueError:
            return col, f"{row[col]!r} is not a date (YYYY-MM-DD)"
    if days["period_start"] > days["period_end"]:
        return "period_end", f"{row['period_end']} is before period_start {row['period_start']}"
    if row.get("period_kind", "") not in KINDS:
        return "period_kind", f"{row['period_kind']!r} is not one of {', '.join(KINDS[1:])}"
    try:
        if not math.isfinite(float(row["value"])):
            raise ValueError
    except ValueError:
        return "value", f"{row['value']!r} is not a number"
    if row["unit"] not in UNITS:
        return "unit", f"{row['unit']!r} is not one of {', '.join(UNITS)}"
    if not re.fullmatch(r"\d{4}-(?:0[1-9]|1[0-2])", row["edition"]):
        return "edition", f"{row['edition']!r} is not an edition (YYYY-MM)"
    if row.get("nationality") and not re.fullmatch(r"[A-Z]{2}|STATELESS|UNKNOWN|OTHER", row["nationality"]):
        return "nationality", f"{row['nationality']!r} is not a country code (or STATELESS, UNKNOWN, OTHER)"
    if not row["source"].strip():
        return "source", "empty: say where the figure comes from"
    return None
