"""Which row of a table a finding (extracted/findings.csv) is about.

A finding names its document (doc_id), its span (char_start, char_end; -1 when it is about no
number in the text) and the key of its figure. It is about the row of its document with the same
span (where several rows share a span, the one with its key); else a row whose span holds the
finding's start; else, when its key names a core metric that only one row has, that row; else none
(a finding about the document). The review app, the series and the diffs all match this way.
"""
from __future__ import annotations

import bisect
from pathlib import Path

from ..keys import field, row_key
import csv


def _span(r) -> tuple[int, int]:
    try:
        return tuple(int(v) if v != "" else -1 for v in (field(r, "char_start", -1), field(r, "char_end", -1)))
    except (TypeError, ValueError):
        return -1, -1


class RowIndex:
    """The rows of one document, to find the row a finding is about (see the module)."""

    def __init__(self, rows: list):
        self.by_span: dict[tuple[int, int], list] = {}
        self.by_key: dict[tuple, list] = {}
        for r in rows:
            self.by_span.setdefault(_span(r), []).append(r)
            if field(r, "metric"):
                self.by_key.setdefault(row_key(r), []).append(r)
        self.spans = sorted(self.by_span)
        self.starts = [a for a, _ in self.spans]
        self.longest = max((b - a for a, b in self.spans), default=0)

    def match(self, f):
        """The row finding `f` is about (a row given to the index), or None."""
        key = row_key(f)
        s, e = _span(f)
        cands = self.by_span.get((s, e)) if s >= 0 else None
        if not cands and s >= 0:
            # the spans that start at most `longest` before s, found by bisection, nearest last
            lo = bisect.bisect_right(self.starts, s - self.longest)
            hi = bisect.bisect_right(self.starts, s)
            cands = [r for a, b in self.spans[lo:hi] if a <= s < b for r in self.by_span[(a, b)]]
        if cands:
            return next((r for r in cands if row_key(r) == key), cands[0])
        if key[0] and len(self.by_key.get(key, ())) == 1:
            return self.by_key[key][0]
        return None


def findings_by_row(rows: list, findings) -> list[list]:
    """For each of `rows` (of one or more documents), the findings about it, in their order.
    `findings`: dicts or a DataFrame; each is matched among the rows of its doc_id."""
    if findings is None:
        findings = []
    elif not isinstance(findings, list):
        findings = findings.to_dict(orient="records")
    per_doc: dict[str, list] = {}
    for r in rows:
        per_doc.setdefault(str(field(r, "doc_id")), []).append(r)
    indexes = {d: RowIndex(rs) for d, rs in per_doc.items()}
    about: dict[int, list] = {}
    for f in findings:
        index = indexes.get(str(field(f, "doc_id")))
        r = index.match(f) if index is not None else None
        if r is not None:
            about.setdefault(id(r), []).append(f)
    return [about.get(id(r), []) for r in rows]


def read_findings(path: str | Path) -> list[dict]:
    """The rows of a findings table as dicts of text ([] when there is no file). Raises
    UnicodeDecodeError or csv.Error for a file that is not one."""
    path = Path(path)
    if not path.exists():
        return []
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = csv.reader(fh)
        head = next(rows, [])
        n = len(head)
        # as csv.DictReader gives them, with "" for a missing cell (a short row) and no blank lines
        return [dict(zip(head, r + [""] * (n - len(r)) if len(r) < n else r)) for r in rows if r]
