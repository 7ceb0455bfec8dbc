"""Which row of a run a decision applies to, and the review state it gives that row.

A decision applies to the row of its document with its key, unit and label whose span is nearest its
own. Its document is the one with its source; when no document of the run has that source (the file
was renamed), the one with its content (doc_id): a renamed file keeps its decisions. A rerun of an
unchanged document keeps every decision; when the document's number has changed since (an edited file
under the same name), the row is flagged `re-review` instead of silently keeping a decision made on
another value. A later decision on a row supersedes an earlier one; a withdraw leaves it undecided.
A decision whose source and content match no document of the run applies to nothing and is reported
(unmatched_line).
"""
from __future__ import annotations

import pandas as pd

from ..keys import field, number
from ..values import value_text
from .decisions import Decision, content_target_of, shown_path, target_of

REVIEW_COLUMNS = ("review_status", "review_value", "review_note", "reviewed_by", "reviewed_at", "decision_id")


class Targets:
    """Rows indexed by what a decision names (target_of; content_target_of for a renamed document):
    made once per version of the rows, when the first decision is placed (a folder without decisions
    never builds it), then `place` finds the row of every decision in one pass."""

    def __init__(self, rows, sources=None):
        """`sources`: every document source of the run (default: the rows' own), which tells a renamed
        document's decisions (their source is none of them) from another document's."""
        self.rows, self.given_sources = rows, sources
        self.by_key: dict[tuple, list[int]] | None = None

    def _index(self) -> None:
        rows = self.rows
        self.by_key, self.by_content, self.spans = {}, {}, []
        for i, r in enumerate(rows):
            self.by_key.setdefault(target_of(r), []).append(i)
            self.by_content.setdefault(content_target_of(r), []).append(i)
            self.spans.append((int(field(r, "char_start", -1)), int(field(r, "char_end", -1))))
        sources = self.given_sources
        self.sources = set(sources) if sources is not None else {str(field(r, "source")) for r in rows}

    def place(self, decisions: list[Decision]) -> dict[int, int]:
        """{index in `decisions`: index of the row it applies to} (see the module)."""
        if not decisions:
            return {}
        if self.by_key is None:
            self._index()
        out = {}
        for n, d in enumerate(decisions):
            cands = self.by_key.get(d.target)
            if not cands and d.source not in self.sources:
                cands = self.by_content.get(d.content_target)
            if cands:
                out[n] = cands[0] if len(cands) == 1 else min(cands, key=lambda j: (
                    abs(self.spans[j][0] - d.char_start), abs(self.spans[j][1] - d.char_end)))
        return out


def decision_rows(rows, decisions: list[Decision], sources=None) -> dict[int, int]:
    """{index in `decisions`: index in `rows` of the row it applies to} (Targets.place)."""
    return Targets(rows, sources).place(decisions)


def by_row(placed: dict[int, int]) -> dict[int, list[int]]:
    """{index in rows: the indexes of its decisions, in file order} of decision_rows' answer."""
    out: dict[int, list[int]] = {}
    for n, i in sorted(placed.items()):
        out.setdefault(i, []).append(n)
    return out


def current_of(decisions: list[Decision], placed: dict[int, int]) -> dict[int, Decision]:
    """{index in rows: its latest decision} of decision_rows' answer `placed`; a row whose latest
    decision is a withdraw has none (a later decision supersedes an earlier one)."""
    out: dict[int, Decision] = {}
    for i, ns in by_row(placed).items():
        if decisions[ns[-1]].action != "withdraw":
            out[i] = decisions[ns[-1]]
    return out


def current_decisions(rows, decisions: list[Decision], sources=None) -> dict[int, Decision]:
    """{index in rows: the latest decision that applies to it} (see the module)."""
    return current_of(decisions, decision_rows(rows, decisions, sources))


def state_of(row, d: Decision | None) -> dict:
    """The review columns of one row under its decision."""
    if d is None or d.action == "withdraw":
        return {"review_status": "", "review_value": None, "review_note": "", "reviewed_by": "",
                "reviewed_at": "", "decision_id": ""}
    value = number(field(row, "value", None))
    changed = value is None or abs(value - d.old_value) > 1e-9
    return {"review_status": "re-review" if changed else d.status,
            "review_value": d.new_value if d.action == "correct" else (None if d.action == "reject" else d.old_value),
            "review_note": d.note + (f" [decided on {value_text(d.old_value)}; the document now gives "
                                     f"{value if value is None else value_text(value)}]" if changed else ""),
            "reviewed_by": d.who, "reviewed_at": d.when, "decision_id": d.decision_id}


def review_state(frame, decisions: list[Decision], sources=None):
    """The review columns for every row of an observation DataFrame (same index); `sources`: see
    decision_rows."""
    rows = frame.to_dict(orient="records")
    applied = current_decisions(rows, decisions, sources)
    states = [state_of(r, applied.get(i)) for i, r in enumerate(rows)]
    out = pd.DataFrame(states, index=frame.index, columns=list(REVIEW_COLUMNS))
    out["review_value"] = out["review_value"].astype("float64")
    return out


def unmatched(decisions: list[Decision], documents) -> list[Decision]:
    """The decisions whose source and content (doc_id) are those of none of `documents` ((source,
    doc_id) pairs): they apply to no row of the run."""
    sources, ids = set(), set()
    for source, doc_id in documents:
        sources.add(str(source))
        ids.add(str(doc_id))
    return [d for d in decisions if d.source not in sources and d.doc_id not in ids]


def unmatched_line(decisions: list[Decision], documents, path) -> str:
    """'warning: review/decisions.jsonl: 3 decisions match no document of this run (raw/x.txt: 3)';
    "" when every decision has its document."""
    lost = unmatched(decisions, documents)
    if not lost:
        return ""
    by_source: dict[str, int] = {}
    for d in lost:
        by_source[d.source] = by_source.get(d.source, 0) + 1
    listed = ", ".join(f"{s}: {n}" for s, n in sorted(by_source.items()))
    return (f"warning: {shown_path(path)}: {len(lost)} decision{'s' * (len(lost) != 1)} match{'es' * (len(lost) == 1)} "
            f"no document of this run ({listed}); they apply to nothing until their document is back")
