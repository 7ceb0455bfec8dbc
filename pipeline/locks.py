"""The project's one lock helper: an exclusive fcntl lock on a file, which names the process holding
it and goes with the process (a killed run holds nothing). One run at a time per output folder
(`output_lock`, <out_dir>/.lock), one fetch per raw folder (raw/.fetch.lock, the same helper), one
writer of the review decisions at a time (`file_lock`)."""
from __future__ import annotations

import fcntl
import os
import sys
from contextlib import contextmanager
from pathlib import Path

LOCK_FILE = ".lock"


class OutputLocked(Exception):
    """The folder is being written by another run (and the caller would not wait)."""


def _holder(lock_path: Path) -> str:
    try:
        text = lock_path.read_text(encoding="utf-8").strip()
    except OSError:
        text = ""
    return text or "another process"


def holder_if_locked(out_dir: str | Path) -> str | None:
    """Who holds <out_dir>/.lock now (None: nobody), without taking it; for a quick refusal before a
    run spends its start-up."""
    lock_path = Path(out_dir) / LOCK_FILE
    if not lock_path.exists():
        return None
    fd = os.open(lock_path, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return _holder(lock_path)
    finally:
        os.close(fd)
    return None


@contextmanager
def file_lock(lock_path: str | Path):
    """Hold `lock_path` exclusively for the block, waiting for another holder (a short write: the
    review decisions)."""
    lock_path = Path(lock_path)
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield lock_path
    finally:
        os.close(fd)     # releases the lock


def locked_message(out_dir: str | Path, holder: str) -> str:
    return f"{out_dir}: another run is writing it ({holder}); try again when it has finished"


@contextmanager
def output_lock(out_dir: str | Path, wait: bool = True, say=None, lock_name: str = LOCK_FILE,
                doing: str = "another run is writing it"):
    """Hold <out_dir>/.lock (or `lock_name`) for the block. When another process holds it: with `wait`,
    say so once (`say`, default standard error: "waiting: <folder>: <doing> (<holder>)") and wait for
    it; else raise OutputLocked naming the holder. (fetch takes raw/.fetch.lock the same way.)"""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    lock_path = out_dir / lock_name
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(lock_path)
            if not wait:
                raise OutputLocked(locked_message(out_dir, holder)) from None
            (say or (lambda m: print(m, file=sys.stderr, flush=True)))(f"waiting: {out_dir}: {doing} ({holder})")
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()}: {' '.join(sys.argv[:4])}\n".encode(), 0)
        yield lock_path
    finally:
        os.close(fd)     # releases the lock
