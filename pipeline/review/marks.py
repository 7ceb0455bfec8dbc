"""What the document view marks in a text: each number's span with its rows' status (and, once
reviewed, the decision: accepted, corrected, rejected), and the words that decided each row
(pipeline.review.highlight draws them)."""
from __future__ import annotations

import json

from .cells import value_written
from .highlight import Mark, Words
from .status import mark_status


def marks(frame) -> list[Mark]:
    """One mark per span of a document's rows (Workspace.frame), the status its rows give it together."""
    spans: dict[tuple[int, int], list] = {}
    for r in frame[["char_start", "char_end", "uid", "status", "page", "metric", "label", "value", "unit",
                    "nationality", "period_start", "period_end", "review_status"]].itertuples(index=False):
        spans.setdefault((int(r.char_start), int(r.char_end)), []).append(r)
    out = []
    for (s, e), rs in spans.items():
        first = rs[0]
        title = (f"{first.metric or first.label} {first.nationality} {first.period_start}..{first.period_end}: "
                 f"{value_written(first.value)} {first.unit}" + (f" (+{len(rs) - 1} more rows)" if len(rs) > 1 else ""))
        status = mark_status([r.status for r in rs])
        out.append(Mark(s, e, tuple(r.uid for r in rs), status, int(first.page), " ".join(title.split()),
                        decided_as([r.review_status for r in rs]) if status == "reviewed" else ""))
    return out


def decided_as(review_statuses: list[str]) -> str:
    """A reviewed span's decision, for its colour: accepted, corrected or rejected when its rows agree,
    else mixed."""
    kinds = set(review_statuses)
    return kinds.pop() if len(kinds) == 1 and kinds <= {"accepted", "corrected", "rejected"} else "mixed"


def decision_words(frame) -> list[Words]:
    """The words that decided each row, from its explanation record (half-open spans of the text;
    none for a table written before the records)."""
    if "explanation_record" not in frame.columns:
        return []
    by_span: dict[tuple[int, int], list[str]] = {}
    for uid, rec in zip(frame["uid"], frame["explanation_record"]):
        for part in json.loads(rec) if isinstance(rec, str) and rec else ():
            for w in part.get("words", []) + part.get("row", []) + part.get("column", []):
                by_span.setdefault((int(w["start"]), int(w["end"])), []).append(uid)
    return [Words(s, e, tuple(ids)) for (s, e), ids in sorted(by_span.items())]
