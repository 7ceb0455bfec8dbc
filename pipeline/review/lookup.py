"""Finding numbers across the documents: the decisions page's log and its filters, and the search of
the documents page (a figure or a word across every shown document), each result a row to link to.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from ..keys import number
from ..values import dutch, read_number
from .decision_log import filtered
from .workspace import Workspace

SEARCH_LIMIT = 300       # results shown of one search
SEARCH_FIELDS = ("quote", "label", "metric", "nationality", "category", "table_caption")
_FIGURE = re.compile(r"[+-]?(?:\d{1,3}(?:[ .\u00a0\u2009\u202f]\d{3})+|\d+)(?:[.,]\d+)?\s*%?")


@dataclass(frozen=True)
class LogFilters:
    """What the decisions page shows: one document, metric, action and status ("" = any)."""
    doc: str = ""
    metric: str = ""
    action: str = ""
    status: str = ""

    def query(self) -> dict[str, str]:
        return {k: v for k, v in (("doc", self.doc), ("metric", self.metric), ("action", self.action),
                                  ("status", self.status)) if v}


def decision_log(ws: Workspace, filters: LogFilters = LogFilters()) -> list[dict]:
    """The decisions the filters keep, newest first, as Workspace.decision_log gives them (decision_id,
    who, when, action, value, old_value, note, source, doc, uid, metric, status)."""
    return filtered(ws.decision_log(), **filters.query())


def figures(q: str) -> set[float]:
    """The numbers a typed figure may mean, the Dutch way first: "1.250" and "1 250" are 1250 (and
    1.25, as English writes it), "12,5" and "12,5 %" are 12.5; nothing when it is not a figure."""
    q = q.strip()
    if not _FIGURE.fullmatch(q):
        return set()
    out = set()
    dutch_reading = read_number(q)                         # as values.read_value reads a typed value
    if dutch_reading is not None:
        out.add(dutch_reading[0])
    body = q.rstrip("%").strip()
    sign = -1.0 if body.startswith("-") else 1.0
    grouped = re.sub(r"[ \u00a0\u2009\u202f]", "", body.lstrip("+-"))
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?|\d+(\.\d+)?", grouped):       # and as English writes it
        out.add(sign * float(grouped.replace(",", "")))
    return out


def search(ws: Workspace, q: str, limit: int = SEARCH_LIMIT) -> tuple[list[dict], int]:
    """(results, how many there are): rows whose value is the figure `q` or whose quote, label, metric,
    nationality, category or table caption holds the words of `q` (every one, any case), in document
    order; figures first."""
    q = " ".join(q.split())
    if not q:
        return [], 0
    wanted = figures(q)
    words = [w.lower() for w in q.split()]
    found = []
    for d in ws.documents():
        f = ws.frame(d)
        if f.empty:
            continue
        by_value = pd.to_numeric(f["value"], errors="coerce").isin(wanted) if wanted else pd.Series(False, f.index)
        text = f[SEARCH_FIELDS[0]].astype(str)
        for c in SEARCH_FIELDS[1:]:
            if c in f.columns:
                text = text + " " + f[c].astype(str)
        text = text.str.lower()
        by_text = pd.Series(True, f.index)
        for w in words:
            by_text &= text.str.contains(w, regex=False)
        for r, is_value in zip(f[by_value | by_text].to_dict(orient="records"), by_value[by_value | by_text]):
            found.append(_result(d.name, r, bool(is_value)))
    found.sort(key=lambda x: not x["by_value"])       # stable: document order within each kind
    return found[:limit], len(found)


def _result(doc: str, r: dict, by_value: bool) -> dict:
    period = str(r.get("period_start", ""))
    if r.get("period_end") and r.get("period_end") != r.get("period_start"):
        period += f"..{r['period_end']}"
    return {"doc": doc, "uid": r["uid"], "value": dutch(number(r.get("value"))), "unit": str(r.get("unit", "")),
            "metric": str(r.get("metric", "")), "period": period, "label": str(r.get("label", "")),
            "quote": str(r.get("quote", "")), "status": str(r.get("status", "")), "by_value": by_value}
