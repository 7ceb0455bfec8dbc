"""The decisions page's list: every decision of the file with the row it applies to now and where it
stands (Workspace.decision_log; GET /decisions.csv exports it, filtered).

A decision's `status`: `current` (the latest decision on its row), `re-review` (the latest, but the
document now gives another value), `withdrawn` (a withdraw line undid it), `superseded` (a later
decision on its row replaced it), `unmatched` (no row of the documents here: its number or its
document is gone).
"""
from __future__ import annotations

import io

from ..keys import number
from ..store import csv_rows
from ..values import value_text

LOG_FIELDS = ("decision_id", "who", "when", "action", "value", "old_value", "note", "source", "doc", "uid", "metric",
              "status")
LOG_STATUSES = ("current", "re-review", "withdrawn", "superseded", "unmatched")
FILTERS = ("doc", "metric", "action", "status")


def entries(decisions: list, placed: dict, documents: list) -> list[dict]:
    """The log, newest first: `placed` {index in `decisions`: (document, row dict with uid)} of the
    decisions that apply to a row now; `documents` (review.documents.ReviewDoc) name the document of
    the others by source, else by content."""
    later: dict[tuple, int] = {}        # (document, uid) -> the index of the next decision on it
    status = {}
    for n in sorted(placed, reverse=True):
        d, row = placed[n]
        nxt = later.get((d.name, row["uid"]))
        if nxt is None:
            value = number(row.get("value"))
            changed = decisions[n].action != "withdraw" and (value is None or abs(value - decisions[n].old_value) > 1e-9)
            status[n] = "re-review" if changed else "current"
        else:
            status[n] = "withdrawn" if decisions[nxt].action == "withdraw" else "superseded"
        later[(d.name, row["uid"])] = n
    by_source = {doc.source: doc.name for doc in documents}
    by_content = {doc.doc_id: doc.name for doc in documents}
    out = []
    for n in range(len(decisions) - 1, -1, -1):
        x = decisions[n]
        doc, row = placed.get(n, (None, None))
        out.append({
            "decision_id": x.decision_id, "who": x.who, "when": x.when, "action": x.action,
            "value": x.new_value if x.action == "correct" else (x.old_value if x.action == "accept" else None),
            "old_value": x.old_value, "note": x.note, "source": x.source,
            "doc": doc.name if doc else by_source.get(x.source, by_content.get(x.doc_id, "")),
            "uid": row["uid"] if row else "", "metric": x.metric, "status": status.get(n, "unmatched")})
    return out


def filtered(log: list[dict], **want: str) -> list[dict]:
    """The entries whose doc, metric, action and status are those given (an empty one: any)."""
    want = {k: v for k, v in want.items() if k in FILTERS and v}
    return [e for e in log if all(e[k] == v for k, v in want.items())]


def log_csv(log: list[dict]) -> str:
    """The entries as CSV (the project's dialect, store.csv_rows; values as written)."""
    out = io.StringIO()
    csv_rows(out, LOG_FIELDS, ([value_text(e[k]) if k in ("value", "old_value") else e[k] for k in LOG_FIELDS]
                               for e in log))
    return out.getvalue()
