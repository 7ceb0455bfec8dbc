"""How an observation row is recognised across runs and editions.

A row's key is what it is a figure *of* — (metric, nationality, category, period_start,
period_end) — the same in every edition that reports it. Within one table several rows can share a
key (rows without a core metric, a figure repeated in a table); their label and span break the tie.
"""
from __future__ import annotations

import math
from collections.abc import Mapping

KEY_FIELDS = ("metric", "nationality", "category", "period_start", "period_end")


def field(row, name: str, default=""):
    """A column of a row given as a Mapping (CSV dict, DataFrame record) or as an object."""
    v = row.get(name, default) if isinstance(row, Mapping) else getattr(row, name, default)
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return default
    return v


def row_key(row) -> tuple:
    return tuple(str(field(row, f)) for f in KEY_FIELDS)


def row_id(row) -> str:
    """Stable id of one observation row of one document (its HTML anchor, a decision's target)."""
    return (f"{field(row, 'doc_id')}:{int(field(row, 'char_start', -1))}:{int(field(row, 'char_end', -1))}:"
            f"{field(row, 'nationality')}:{field(row, 'category')}")


def describe_key(row, months: bool = False) -> str:
    """The key in full, for a console line or a diff: 'first_applications SY (category -)
    2023-01-01..2023-01-31' ('-': none; '?': no period; months=True: '2023-01..2023-01'). Without a core
    metric the row's label stands in quotes, or '(no metric)' for a record without one (a finding)."""
    label = field(row, "label")
    metric = field(row, "metric") or (f"'{label}'" if label else "(no metric)")
    nat = field(row, "nationality") or "-"
    cat = field(row, "category") or "-"
    n = 7 if months else 10
    return (f"{metric} {nat} (category {cat}) {str(field(row, 'period_start'))[:n] or '?'}.."
            f"{str(field(row, 'period_end'))[:n] or '?'}")


def number(v) -> float | None:
    """A value cell as a float ('' / NaN -> None)."""
    if v is None or v == "":
        return None
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else f
