"""A run's outputs published together. The run writes into <out_dir>/.staging/, which starts as a copy
of the folder made of hard links (no bytes copied; atomic writes replace a link, never the file it
shares), so every step reads and writes a complete folder as before. At the end `publish` writes the
list of what to rename and what to remove (.staging/.publish.json), then renames and removes, then
drops .staging. A run killed before the list is written leaves the folder as it was, and the next run
discards its staging folder; one killed after it, the next run completes the list. Either way the
folder is never part old, part new. Hidden temporary files ('.*.tmp') left by a killed write are
removed too. Both are done under the output lock (pipeline.locks)."""
from __future__ import annotations

import json
import os
import shutil
import signal
from dataclasses import dataclass
from pathlib import Path

from ...locks import LOCK_FILE
from ...store import write_bytes

STAGING_DIR = ".staging"
JOURNAL = ".publish.json"
# tests kill a run at a point of its publishing to see the next run clean up: MIGSTAT_KILL_AT=publish
# (everything staged, nothing published) or =mid-publish (the list written, one file renamed)
KILL_AT = "MIGSTAT_KILL_AT"


def _killed_at(point: str) -> None:
    if os.environ.get(KILL_AT) == point:
        os.kill(os.getpid(), signal.SIGKILL)


def _files(folder: Path) -> list[str]:
    """The folder's files (relative names), one level of sub-folders deep, without the lock, the staging
    folder and temporary files."""
    out = []
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except (FileNotFoundError, NotADirectoryError):
        return out
    for e in entries:
        if e.name in (LOCK_FILE, STAGING_DIR, JOURNAL) or e.name.endswith(".tmp") or e.is_symlink():
            continue
        if e.is_file():
            out.append(e.name)
        elif e.is_dir():
            out.extend(f"{e.name}/{q.name}" for q in sorted(os.scandir(e.path), key=lambda q: q.name)
                       if q.is_file() and not q.is_symlink() and not q.name.endswith(".tmp"))
    return out


def _link_or_copy(src: Path, dst: Path) -> None:
    try:
        os.link(src, dst)
        return
    except FileNotFoundError:         # its sub-folder is not there yet
        dst.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        pass
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def _same(a: Path, b: Path) -> bool:
    try:
        sb = os.stat(b)
    except FileNotFoundError:
        return False
    sa = os.stat(a)
    if (sa.st_ino, sa.st_dev) == (sb.st_ino, sb.st_dev):
        return True
    return sa.st_size == sb.st_size and a.read_bytes() == b.read_bytes()


@dataclass(frozen=True)
class Staging:
    out_dir: Path          # the folder the outputs are published to
    dir: Path              # <out_dir>/.staging, where the run writes
    started_with: tuple[str, ...]   # the files it held when the run began (what may be removed)

    @classmethod
    def begin(cls, out_dir: str | Path) -> "Staging":
        out_dir = Path(out_dir)
        stage = out_dir / STAGING_DIR
        if stage.exists():
            shutil.rmtree(stage)
        stage.mkdir(parents=True)
        names = _files(out_dir)
        for n in names:
            _link_or_copy(out_dir / n, stage / n)
        return cls(out_dir, stage, tuple(names))

    def publish(self) -> dict:
        """Rename every new or changed file into out_dir and remove what the run removed; returns
        {"replaced": [...], "removed": [...]} (file names)."""
        now = set(_files(self.dir))
        replaced = [n for n in sorted(now) if not _same(self.dir / n, self.out_dir / n)]
        removed = [n for n in self.started_with if n not in now]
        _killed_at("publish")
        write_bytes(self.dir / JOURNAL, json.dumps({"replace": replaced, "remove": removed}).encode())
        _apply(self.out_dir, replaced, removed)
        shutil.rmtree(self.dir)
        return {"replaced": replaced, "removed": removed}

    def discard(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)


def _apply(out_dir: Path, replaced: list[str], removed: list[str]) -> None:
    stage = out_dir / STAGING_DIR
    for n in replaced:
        src = stage / n
        if src.exists():           # done already when an interrupted publish is completed
            (out_dir / n).parent.mkdir(parents=True, exist_ok=True)
            os.replace(src, out_dir / n)
            _killed_at("mid-publish")
    for n in removed:
        (out_dir / n).unlink(missing_ok=True)


def recover(out_dir: str | Path) -> list[str]:
    """Clean up after a run that was killed: complete its publishing when it had begun it, else drop
    its staging folder; remove temporary files. Returns one line for each thing done (nothing when
    there was nothing to do). Call it holding the output lock."""
    out_dir = Path(out_dir)
    said = []
    stage = out_dir / STAGING_DIR
    if stage.is_dir():
        journal = stage / JOURNAL
        try:
            todo = json.loads(journal.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            todo = None
        if todo is not None:
            _apply(out_dir, todo["replace"], todo["remove"])
            said.append(f"{out_dir}: completed publishing the outputs of an interrupted run "
                        f"({len(todo['replace'])} written, {len(todo['remove'])} removed)")
        else:
            said.append(f"{out_dir}: discarded the unfinished outputs of an interrupted run "
                        f"(the folder holds the last complete run's)")
        shutil.rmtree(stage, ignore_errors=True)
    tmps = [p for d in (out_dir, *(q for q in out_dir.iterdir() if q.is_dir() and not q.is_symlink()))
            for p in d.glob(".*.tmp") if p.is_file()] if out_dir.is_dir() else []
    for p in tmps:
        p.unlink(missing_ok=True)
    if tmps:
        said.append(f"{out_dir}: removed {len(tmps)} temporary file{'s' if len(tmps) != 1 else ''} "
                    f"left by an interrupted run")
    return said
