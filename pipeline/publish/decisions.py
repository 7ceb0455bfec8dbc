"""What a person decided about a number: accept, reject or correct it, or withdraw that, with a note.

Decisions live in one git-tracked, append-only file of JSON lines (`review/decisions.jsonl`; the
environment variable MIGSTAT_DECISIONS names another). A line is never changed or removed: a later
decision on the same number supersedes an earlier one, and both stay; a `withdraw` line makes the
number undecided again. Each append takes a lock, writes the whole file plus the new lines to a
temporary file and renames it over the old one, so a reader never sees half a line and a crash loses
nothing that was there. The file is merged with git's `union` driver (.gitattributes), so two
reviewers' branches combine without conflicts. A line that is not a decision (a bad merge, an edit
by hand) is reported as `file:line: not a decision (why)` and skipped; the other lines still apply,
and the bad line stays as it is.

A decision names its number by the document's source and content (doc_id), the row's key (metric,
nationality, category, period), unit, label and span, and keeps the value the reviewer saw
(`old_value`). Which row of a run it applies to: matching.py.
"""
from __future__ import annotations

import json
import math
import os
import subprocess
import uuid
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from functools import cached_property
from pathlib import Path

from ..keys import KEY_FIELDS, field, number
from ..locks import file_lock
from ..paths import decisions_path, project_dir
from ..store import atomic_write
from ..values import ValueTextError, read_value

ACTIONS = ("accept", "reject", "correct", "withdraw")
STATUS = {"accept": "accepted", "reject": "rejected", "correct": "corrected", "withdraw": ""}
REVIEWER_ENV = "MIGSTAT_REVIEWER"


class DecisionError(ValueError):
    """A decision that cannot be taken; one line."""


class StaleDecision(DecisionError):
    """The row's decision is not the one the reviewer last saw (`current`: the decision now, or None)."""

    def __init__(self, message: str, current):
        super().__init__(message)
        self.current = current


@dataclass
class Decision:
    """One line of the file. Never changed once made (not a frozen dataclass only because making
    10,000 of those costs `publish` a twentieth of a second more); hashed by its id."""
    decision_id: str
    who: str
    when: str                # ISO 8601, UTC
    action: str              # accept | reject | correct | withdraw
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
    withdraws: str = ""      # withdraw: the decision_id it undid

    def __hash__(self):
        return hash(self.decision_id)

    @property
    def status(self) -> str:
        return STATUS[self.action]

    @cached_property
    def target(self) -> tuple:
        """What it is about: target_of the row it was made on."""
        return target_of(self)

    @cached_property
    def content_target(self) -> tuple:
        """The same by the document's content: content_target_of the row it was made on."""
        return content_target_of(self)

    def matches(self, row) -> bool:
        return target_of(row) == self.target

    def as_json(self) -> dict:
        """The decision as the app sends it."""
        return {"id": self.decision_id, "action": self.action, "who": self.who, "when": self.when,
                "old_value": _json_number(self.old_value), "new_value": _json_number(self.new_value),
                "note": self.note, "withdraws": self.withdraws}


def _json_number(v):
    return None if v is None else (int(v) if float(v).is_integer() else v)


def target_of(row) -> tuple:
    """The number a decision is about, as any run of its document shows it: source, unit, label and key."""
    return (str(field(row, "source")), str(field(row, "unit")), str(field(row, "label")),
            *(str(field(row, f)) for f in KEY_FIELDS))


def content_target_of(row) -> tuple:
    """The same by the document's content (doc_id) instead of its file name: a renamed document."""
    return (str(field(row, "doc_id")), *target_of(row)[1:])


def default_reviewer() -> str:
    """Who decides: MIGSTAT_REVIEWER, else git's user.name, else the login name."""
    if os.environ.get(REVIEWER_ENV, "").strip():
        return os.environ[REVIEWER_ENV].strip()
    try:
        name = subprocess.run(["git", "config", "user.name"], capture_output=True, text=True, cwd=project_dir(),
                              timeout=5).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        name = ""
    return name or os.environ.get("USER") or os.environ.get("USERNAME") or "unknown"


# ---- reading ---------------------------------------------------------------------------------

class Decisions(list):
    """The decisions of a file in the order they were made, with `problems`: one line per line of the
    file that is not a decision ("review/decisions.jsonl:7: not a decision (...)")."""

    def __init__(self, items=(), problems=()):
        super().__init__(items)
        self.problems = list(problems)


def shown_path(path: Path) -> str:
    """A file as a message names it: relative to the project folder when inside it."""
    try:
        return Path(path).resolve().relative_to(project_dir()).as_posix()
    except ValueError:
        return str(path)


REQUIRED = ("decision_id", "action", "source", "char_start", "char_end", "old_value")


def decision_of(d) -> Decision:
    """A parsed line (a JSON object) as a Decision; ValueError (why, a few words) when it is not one."""
    if not isinstance(d, dict):
        raise ValueError("not a JSON object")
    missing = [k for k in REQUIRED if k not in d]
    if missing:
        raise ValueError(f"no {', '.join(missing)}")
    action = d["action"]
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    old, new = float(d["old_value"]), d.get("new_value")
    new = None if new is None else float(new)
    if not math.isfinite(old) or (new is not None and not math.isfinite(new)):
        raise ValueError("a value that is not a finite number")
    if action == "correct" and new is None:
        raise ValueError("a correction without a new_value")
    g = d.get
    return Decision(d["decision_id"], g("who", ""), g("when", ""), action, d["source"], g("doc_id", ""), g("metric", ""),
                    g("nationality", ""), g("category", ""), g("period_start", ""), g("period_end", ""), g("unit", ""),
                    g("label", ""), int(d["char_start"]), int(d["char_end"]), old, new, g("note", ""), g("withdraws", ""))


def parse_line(text: str) -> Decision:
    """One line of the file as a Decision; ValueError (why, a few words) when it is not one."""
    return decision_of(json.loads(text))


def _parsed(lines: list[bytes]) -> list:
    """The JSON of each line (an exception where a line is not JSON): all lines in one parse when
    every one is JSON (ten thousand decisions: twice as fast), else line by line."""
    try:
        return json.loads(b"[" + b",".join(lines) + b"]")
    except (ValueError, UnicodeDecodeError):
        pass
    out = []
    for line in lines:
        try:
            out.append(json.loads(line))
        except (ValueError, UnicodeDecodeError) as e:
            out.append(e)
    return out


_READ: dict[str, tuple[bytes, Decisions]] = {}     # path -> (the bytes read, their decisions)


def load_decisions(path: str | Path | None = None) -> Decisions:
    """Every decision in the file, in the order they were made (a missing file: none yet), with the
    problems of the lines that are not one (see Decisions). Parsed once: a file that only grew since
    the last read has only its new lines parsed."""
    path = decisions_path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return Decisions()
    key = str(path.resolve())
    old, known = _READ.get(key, (b"", Decisions()))
    if data == old:
        return Decisions(known, known.problems)
    if old and old.endswith(b"\n") and data.startswith(old):
        start, out = old.count(b"\n"), Decisions(known, known.problems)
        tail = data[len(old):]
    else:
        start, out, tail = 0, Decisions(), data
    name = shown_path(path)
    numbered = [(n, line) for n, line in enumerate(tail.split(b"\n"), start + 1) if line.strip()]
    for (n, _), d in zip(numbered, _parsed([line for _, line in numbered])):
        try:
            if isinstance(d, Exception):
                raise d
            out.append(decision_of(d))
        except (ValueError, TypeError, KeyError, UnicodeDecodeError) as e:
            why = str(e).splitlines()[0] if str(e) else type(e).__name__
            out.problems.append(f"{name}:{n}: not a decision ({why}); it is skipped, the other decisions apply")
    _READ[key] = (data, Decisions(out, out.problems))
    return out


# ---- writing ---------------------------------------------------------------------------------

def make_decision(row, action: str, new_value=None, note: str = "", who: str | None = None,
                  withdraws: str = "") -> Decision:
    """A decision about an observation row (not yet written). DecisionError (one line) for a bad
    action or value: a correction is read by values.read_value for the row's unit."""
    if action not in ACTIONS:
        raise DecisionError(f"unknown action {action!r} (accept, reject, correct or withdraw)")
    old = number(field(row, "value", None))
    if old is None:
        raise DecisionError("the row has no value")
    new = None
    if action == "correct":
        if new_value is None or (isinstance(new_value, str) and not new_value.strip()):
            raise DecisionError("a correction needs a value")
        try:
            new = read_value(new_value, str(field(row, "unit")), old)
        except ValueTextError as e:
            raise DecisionError(str(e)) from None
    if not str(field(row, "source")):
        raise DecisionError("the row names no source document")
    return Decision(
        decision_id=uuid.uuid4().hex[:12], who=" ".join(str(who or "").split()) or default_reviewer(),
        when=datetime.now(timezone.utc).isoformat(timespec="seconds"), action=action,
        source=str(field(row, "source")), doc_id=str(field(row, "doc_id")),
        **{f: str(field(row, f)) for f in KEY_FIELDS}, unit=str(field(row, "unit")),
        label=str(field(row, "label")), char_start=int(field(row, "char_start", -1)),
        char_end=int(field(row, "char_end", -1)), old_value=old, new_value=new, note=" ".join(str(note).split()),
        withdraws=withdraws)


def line_of(d: Decision) -> str:
    """A decision's line: JSON that reads back as the same decision (no NaN or Infinity)."""
    try:
        return json.dumps(asdict(d), ensure_ascii=False, sort_keys=True, allow_nan=False)
    except ValueError:
        raise DecisionError("a value that is not a finite number cannot be written") from None


def current_id(d: Decision | None) -> str:
    """The id of a row's decision as the page knows it ("" when the row is undecided)."""
    return "" if d is None or d.action == "withdraw" else d.decision_id


def record_decision(row, action: str, new_value=None, note: str = "", who: str | None = None,
                    path: str | Path | None = None, expected: str | None = None, current_of=None) -> Decision:
    """Append one decision about an observation row. `current_of(decisions)`: the row's decision under
    the file's decisions (default: the latest that matches the row), looked up under the file's lock,
    so that `expected` (the decision id the reviewer last saw, "" for none; None: not checked) and a
    withdraw see the file as it is. Raises DecisionError (one line) for a bad action or value,
    StaleDecision when `expected` is not the row's decision; then nothing is written."""
    from .matching import current_decisions     # a real cycle: matching reads Decision
    d = make_decision(row, action, new_value, note, who)
    path = decisions_path(path)
    if current_of is None:
        def current_of(decisions):
            return current_decisions([row], decisions).get(0)

    def check():
        if expected is None and action != "withdraw":
            return d
        now = current_of(load_decisions(path))
        if expected is not None and current_id(now) != expected:
            raise StaleDecision(f"the row's decision changed since the page was loaded: now "
                                f"{_describe(now)}, not {expected or 'none'}", None if current_id(now) == "" else now)
        if action != "withdraw":
            return d
        if not current_id(now):
            raise DecisionError("the row has no decision to withdraw")
        return Decision(**{**asdict(d), "withdraws": now.decision_id})
    made = []

    def lines():
        made.append(check())
        return [line_of(made[0])]
    append_lines(path, lines)
    return made[0]


def record_decisions(rows: list, action: str, note: str = "", who: str | None = None,
                     path: str | Path | None = None) -> list[Decision]:
    """The same decision (accept or reject) about many rows, appended in one locked write."""
    if action not in ("accept", "reject"):
        raise DecisionError(f"{action!r} is not a decision for many rows at once (accept or reject)")
    made = [make_decision(r, action, note=note, who=who) for r in rows]
    lines = [line_of(d) for d in made]
    append_lines(decisions_path(path), lambda: lines)
    return made


def _describe(d: Decision | None) -> str:
    if d is None or d.action == "withdraw":
        return "none"
    return f"{d.status} by {d.who} at {d.when} ({d.decision_id})"


def append_lines(path: Path, lines) -> None:
    """Add lines under a lock (`lines()`, called under it, gives them): the old bytes unchanged and
    the lines written atomically (store.atomic_write), fsynced before the rename, since a decision
    must survive a crash."""
    with file_lock(path.with_name(path.name + ".lock")):
        new = lines()
        if not new:
            return
        old = path.read_bytes() if path.exists() else b""
        if old and not old.endswith(b"\n"):
            old += b"\n"

        def write(tmp):
            with open(tmp, "wb") as out:
                out.write(old + "".join(x + "\n" for x in new).encode("utf-8"))
                out.flush()
                os.fsync(out.fileno())
        atomic_write(path, write)
