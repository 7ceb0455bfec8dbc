"""What one table cell holds: the number as written (sign, "<" as "minder dan", "%", a note), the
scale a header or caption puts on its figures ("( x 1 000)": the value times the scale, exactly), and
the cell's kind (empty, period, value, text)."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Decimal

from .table_model import Cell
from .table_periods import period_of
from .table_rules import table_rules


_NUMBER = re.compile(
    r"(?P<lt><\s*)?(?P<sign>[+\-−–])?\s*"
    r"(?P<num>\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?|\d+(?:,\d+)?)"
    r"(?P<star>\*+)?(?P<pct>\s*%+)?(?P<star2>\*+)?(?P<note>\s*\([^)]*\))?")


@dataclass(frozen=True)
class _Value:
    value: float
    unit: str            # "percent" when the cell says %, else ""
    qualifier: str
    start: int           # span of the number as written (sign, "<", "%" included; note excluded)
    end: int
    digits: str = ""     # the number without sign, decimal point as ".": "4.47" (exact, for a scale)


def parse_value(cell: Cell) -> _Value | None:
    """The number a cell holds, or None when the cell is no number (text, n.v.t., empty)."""
    m = _NUMBER.fullmatch(cell.text)
    if not m:
        return None
    num = re.sub(r"[.\s\u00a0\u202f]", "", m.group("num")).replace(",", ".")
    value = float(num)
    if m.group("sign") and m.group("sign") != "+":
        value = -value
    written = cell.text[: m.end("pct") if m.group("pct") else m.end("num")]
    return _Value(value, "percent" if m.group("pct") else "", "minder dan" if m.group("lt") else "",
                  cell.start, cell.start + len(written.rstrip()), num)


def scale_of(text: str) -> int:
    """The factor a header or caption scales its figures by ("( x 1 000)" -> 1000), 1 when none."""
    return next((f for f, rx in table_rules()["scales"] if rx.search(text)), 1)


def without_scale(text: str) -> str:
    """A header without its scale: "Aantal asielverzoeken ( x 1 000)" -> "Aantal asielverzoeken"."""
    for _, rx in table_rules()["scales"]:
        text = rx.sub(" ", text)
    return " ".join(text.split())


def scaled(v: _Value, factor: int) -> float:
    """The value times the scale, computed exactly on the digits as written (4,47 x 1 000 = 4470, not
    4470.000000000001)."""
    if factor == 1 or not v.digits:
        return v.value * factor
    x = float(Decimal(v.digits) * factor)
    return -x if v.value < 0 else x


def cell_kind(cell: Cell) -> str:
    """empty | period | value | text"""
    return _text_kind(cell.text)


@functools.lru_cache(maxsize=8192)
def _text_kind(text: str) -> str:
    if not text:
        return "empty"
    if period_of(text):
        return "period"
    if parse_value(Cell(text, 0, len(text))):
        return "value"
    return "text"
