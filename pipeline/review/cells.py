"""How the review shows a table's cells: as text, a value as written, a value for JSON."""
from __future__ import annotations

import math

from ..keys import number
from ..values import value_text


def cell_text(v) -> str:
    """A cell as text: "" for a missing one (None, NaN)."""
    return "" if v is None or (isinstance(v, float) and math.isnan(v)) else str(v)


def value_written(v) -> str:
    """A value as written (pipeline.values.value_text): 2230, 33.33; "" when there is none."""
    return value_text(number(v))


def json_number(v):
    """A value for JSON: a float, an int when whole, None when missing."""
    f = number(v)
    if f is None:
        return None
    return int(f) if f.is_integer() else f
