"""How an observation row is recognised across runs and editions.

A row's key is what it is a figure *of* — (metric, nationality, category, period_start,
period_end) — the same in every edition that reports it. Within one table several rows can share a
key (rows without a core metric, a figure repeated in a table); their label and span break the tie.
"""
from __future__ import annotations

import bisect
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


class RowIndex:
    """The row a finding is about, among one document's rows: the row with its span (and its key,
    where rows share a span), else the row whose span holds the finding's start, else the only core
    row with its key. One rule for the review app, the published series and the diff."""

    def __init__(self, rows):
        self.by_span: dict[tuple[int, int], list] = {}
        self.by_key: dict[tuple, list] = {}
        for r in rows:
            self.by_span.setdefault((int(field(r, "char_start", -1)), int(field(r, "char_end", -1))), []).append(r)
            if field(r, "metric"):
                self.by_key.setdefault(row_key(r), []).append(r)
        self.spans = sorted(self.by_span)
        self.starts = [a for a, _ in self.spans]
        self.longest = max((b - a for a, b in self.spans), default=0)

    def match(self, finding):
        """The row, or None (a finding about the document, or one no row has the span or key of)."""
        key = row_key(finding)
        try:
            s, e = int(field(finding, "char_start", -1) or -1), int(field(finding, "char_end", -1) or -1)
        except (TypeError, ValueError):
            s, e = -1, -1
        cands = self.by_span.get((s, e)) if s >= 0 else None
        if not cands and s >= 0:
            cands = []
            i = bisect.bisect_right(self.starts, s) - 1      # spans starting at or before s, nearest first
            while i >= 0 and self.starts[i] > s - self.longest:
                a, b = self.spans[i]
                if a <= s < b:
                    cands[:0] = self.by_span[(a, b)]
                i -= 1
        if cands:
            same = [r for r in cands if row_key(r) == key]
            return (same or cands)[0]
        if key[0] and len(self.by_key.get(key, ())) == 1:
            return self.by_key[key][0]
        return None


def findings_by_row(rows, findings) -> dict[int, list]:
    """{id(row): the findings about it} for rows of any documents (a finding looks among the rows of
    its doc_id, by RowIndex)."""
    by_doc: dict[str, list] = {}
    for r in rows:
        by_doc.setdefault(str(field(r, "doc_id")), []).append(r)
    index = {d: RowIndex(rs) for d, rs in by_doc.items()}
    out: dict[int, list] = {}
    for f in findings:
        ix = index.get(str(field(f, "doc_id")))
        row = ix.match(f) if ix is not None else None
        if row is not None:
            out.setdefault(id(row), []).append(f)
    return out
