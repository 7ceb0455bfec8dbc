"""What changed, as the index lists it: what the last run changed in each table
(extracted/changes.csv) and each document against the previous edition of its report
(pipeline.publish.diff), each change linked to its number where the number is in the table."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .cells import cell_text, value_written
from ..publish.diff import diff_frames, previous_edition
from .documents import ReviewDoc
from .folder import WorkspaceError
from .status import SEVERITY_RANK


def run_changes(path: Path, shown: list[ReviewDoc], index_of) -> list[dict]:
    """The rows of changes.csv (`path`; none when it is missing) about the shown documents;
    `index_of(doc)`: the RowIndex of a document's rows."""
    if not path.exists():
        return []
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (pd.errors.EmptyDataError, pd.errors.ParserError, UnicodeDecodeError):
        raise WorkspaceError(f"{path}: not a changes table") from None
    by_source = {d.source: d for d in shown}
    out = []
    for x in table.to_dict(orient="records"):
        d = by_source.get(x.get("document", ""))
        if d is None:
            continue
        uid = span_uid(index_of(d), x.get("new_span", ""), x)
        out.append(change_item(d, x, uid, "run"))
    return out


def edition_changes(shown: list[ReviewDoc], tables: dict[str, list[dict]], findings: list[dict]) -> list[dict]:
    """Every shown document against the previous edition of its report; `tables`: {source: its rows
    with their uid} of every document, `findings`: those of the shown documents (Workspace.findings)."""
    out = []
    for d in shown:
        mine = tables.get(d.source)
        if not mine:
            continue
        prev = previous_edition(mine, tables)
        if prev is None:
            continue
        own = [x for x in findings if x["doc"] == d.name]
        for r in diff_frames(tables[prev], mine, own):
            out.append(change_item(d, r.flat(), "" if r.new is None else r.new["uid"], prev))
    return out


def span_uid(index, span: str, key: dict) -> str:
    """The uid of the row of a document's RowIndex with this span ("12-17") and, where several share
    it, this key ("" for a change without a new span: a removed number)."""
    s, _, e = span.partition("-")
    if not (s.isdigit() and e.isdigit()):
        return ""
    row = index.match({**key, "char_start": s, "char_end": e})
    return row["uid"] if row else ""


def change_item(d: ReviewDoc, x: dict, uid: str, against: str) -> dict:
    """One diff row for the lists: the diff's flat columns, its document, link and worst severity."""
    sev = max((s.split(":", 1)[0].strip() for s in cell_text(x.get("findings")).split(" | ") if s),
              key=lambda s: SEVERITY_RANK.get(s, 0), default="")
    return {**{k: cell_text(v) for k, v in x.items()}, "old_value": value_written(x.get("old_value")),
            "new_value": value_written(x.get("new_value")), "doc": d.name, "uid": uid, "against": against,
            "severity": sev if sev in SEVERITY_RANK else ""}
