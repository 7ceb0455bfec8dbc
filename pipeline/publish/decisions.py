"""What a person decided about a number: accept, reject or correct it, with a note.

Decisions live in one git-tracked, append-only file of JSON lines (`review/decisions.jsonl`; the
environment variable MIGSTAT_DECISIONS names another). A line is never changed or removed: a later
decision on the same number supersedes an earlier one, and both stay. Each append takes a lock,
writes the whole file plus the new line to a temporary file and renames it over the old one, so a
reader never sees half a line and a crash loses nothing that was there. The file is merged with
git's `union` driver (.gitattributes), so two reviewers' branches combine without conflicts.

A decision names its number by the document's source, the row's key (metric, nationality, category,
period), unit, label and span, and keeps the value the reviewer saw (`old_value`). It applies to a
row of a later run when the source, key, unit and label agree (the nearest span wins): a rerun of an
unchanged document keeps every decision; when the document's number has changed since, the row is
flagged `re-review` instead of silently keeping a decision made on another value.
"""
from __future__ import annotations

import json
import os
import subprocess
import uuid
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

from ..keys import KEY_FIELDS, field, number
from ..store import atomic_write

from ..locks import file_lock
from ..paths import decisions_path, project_dir
from ..values import value_text
import pandas as pd
ACTIONS = ("accept", "reject", "correct")
STATUS = {"accept": "accepted", "reject": "rejected", "correct": "corrected"}
REVIEW_COLUMNS = ("review_status", "review_value", "review_note", "reviewed_by", "reviewed_at", "decision_id")


class DecisionError(ValueError):
    """A decision that cannot be taken or a decisions file that cannot be read; one line."""


@dataclass(frozen=True)
class Decision:
    decision_id: str
    who: str
    when: str                # ISO 8601, UTC
    action: str              # accept | reject | correct
    source: str
    doc_id: str
    metric: str
    nationality: str
    category: str
    period_start: str
    period_end: str
    unit: str
    label: str
    char_start: int
    char_end: int
    old_value: float         # the value the reviewer saw
    new_value: float | None  # correct: the value to publish
    note: str = ""

    @property
    def status(self) -> str:
        return STATUS[self.action]

    @property
    def target(self) -> tuple:
        """What it is about: target_of the row it was made on."""
        return target_of(self)

    def matches(self, row) -> bool:
        return target_of(row) == self.target


def target_of(row) -> tuple:
    """The number a decision is about, as any run of its document shows it: source, unit, label and key."""
    return (str(field(row, "source")), str(field(row, "unit")), str(field(row, "label")),
            *(str(field(row, f)) for f in KEY_FIELDS))


def default_reviewer() -> str:
    try:
        name = subprocess.run(["git", "config", "user.name"], capture_output=True, text=True, cwd=project_dir(),
                              timeout=5).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        name = ""
    return name or os.environ.get("USER") or os.environ.get("USERNAME") or "unknown"


def load_decisions(path: str | Path | None = None) -> list[Decision]:
    """Every decision in the file, in the order they were made (a missing file: none yet)."""
    path = decisions_path(path)
    if not path.exists():
        return []
    out = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                d = json.loads(line)
                d["char_start"], d["char_end"] = int(d["char_start"]), int(d["char_end"])
                d["old_value"] = float(d["old_value"])
                d["new_value"] = None if d.get("new_value") is None else float(d["new_value"])
                out.append(Decision(**{k: d.get(k, "") for k in Decision.__dataclass_fields__}))
            except (ValueError, TypeError, KeyError) as e:
                raise DecisionError(f"{path}:{n}: not a decision ({type(e).__name__}: {e}); "
                                    f"fix or remove that line by hand, nothing was changed") from None
    return out


def record_decision(row, action: str, new_value=None, note: str = "", who: str | None = None,
                    path: str | Path | None = None) -> Decision:
    """Append one decision about an observation row. Raises DecisionError (one line) for a bad action
    or value; then nothing is written."""
    if action not in ACTIONS:
        raise DecisionError(f"unknown action {action!r} (accept, reject or correct)")
    old = number(field(row, "value", None))
    if old is None:
        raise DecisionError("the row has no value")
    if action == "correct":
        new = number(str(new_value).replace(",", ".") if isinstance(new_value, str) else new_value)
        if new is None:
            raise DecisionError(f"a correction needs a number, not {new_value!r}")
    else:
        new = None
    if not str(field(row, "source")):
        raise DecisionError("the row names no source document")
    d = Decision(
        decision_id=uuid.uuid4().hex[:12], who=(who or "").strip() or default_reviewer(),
        when=datetime.now(timezone.utc).isoformat(timespec="seconds"), action=action,
        source=str(field(row, "source")), doc_id=str(field(row, "doc_id")),
        **{f: str(field(row, f)) for f in KEY_FIELDS}, unit=str(field(row, "unit")),
        label=str(field(row, "label")), char_start=int(field(row, "char_start", -1)),
        char_end=int(field(row, "char_end", -1)), old_value=old, new_value=new, note=" ".join(str(note).split()))
    _append_line(decisions_path(path), json.dumps(asdict(d), ensure_ascii=False, sort_keys=True))
    return d


def _append_line(path: Path, line: str) -> None:
    """Add one line under a lock: the old bytes and the line written atomically (store.atomic_write),
    fsynced before the rename, since a decision must survive a crash."""
    with file_lock(path.with_name(path.name + ".lock")):
        old = path.read_bytes() if path.exists() else b""
        if old and not old.endswith(b"\n"):
            old += b"\n"

        def write(tmp):
            with open(tmp, "wb") as out:
                out.write(old + line.encode("utf-8") + b"\n")
                out.flush()
                os.fsync(out.fileno())
        atomic_write(path, write)


def current_decisions(rows, decisions: list[Decision]) -> dict[int, Decision]:
    """{index in rows: the latest decision that applies to it}. A decision applies to the row of its
    source with its key, unit and label whose span is nearest its own."""
    by_key: dict[tuple, list[int]] = {}
    for i, r in enumerate(rows):
        by_key.setdefault(target_of(r), []).append(i)
    out: dict[int, Decision] = {}
    for d in decisions:   # in file order: a later decision supersedes
        cands = by_key.get(d.target, [])
        if cands:
            i = min(cands, key=lambda j: (abs(int(field(rows[j], "char_start", -1)) - d.char_start),
                                          abs(int(field(rows[j], "char_end", -1)) - d.char_end)))
            out[i] = d
    return out


def state_of(row, d: Decision | None) -> dict:
    """The review columns of one row under its decision."""
    if d is None:
        return {"review_status": "", "review_value": None, "review_note": "", "reviewed_by": "",
                "reviewed_at": "", "decision_id": ""}
    value = number(field(row, "value", None))
    changed = value is None or abs(value - d.old_value) > 1e-9
    return {"review_status": "re-review" if changed else d.status,
            "review_value": d.new_value if d.action == "correct" else (None if d.action == "reject" else d.old_value),
            "review_note": d.note + (f" [decided on {value_text(d.old_value)}; the document now gives "
                                     f"{value if value is None else value_text(value)}]" if changed else ""),
            "reviewed_by": d.who, "reviewed_at": d.when, "decision_id": d.decision_id}


def review_state(frame, decisions: list[Decision]):
    """The review columns for every row of an observation DataFrame (same index)."""
    rows = frame.to_dict(orient="records")
    applied = current_decisions(rows, decisions)
    states = [state_of(r, applied.get(i)) for i, r in enumerate(rows)]
    out = pd.DataFrame(states, index=frame.index, columns=list(REVIEW_COLUMNS))
    out["review_value"] = out["review_value"].astype("float64")
    return out
