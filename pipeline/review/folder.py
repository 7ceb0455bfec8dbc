"""The extracted/ folder as the review reads it: its files' signatures and what was made from them.

Every piece the views show is made from some files of the folder (the extraction tables,
findings.csv, changes.csv, the decisions file, a source document) and kept with the signatures
(mtime, size) of those files, so a rerun of `make run` or a decision is seen at the next request.
What cannot be read is a WorkspaceError: one line naming the folder or file and why.
"""
from __future__ import annotations

import threading
from pathlib import Path


class WorkspaceError(Exception):
    """What the review cannot show: one line naming the folder or file and why."""


def signature(path: Path | None) -> tuple:
    try:
        st = Path(path).stat()
    except (OSError, TypeError):
        return (str(path), None)
    return (str(path), st.st_mtime_ns, st.st_size)


class SignatureCache:
    """Values by name, each kept while the signatures it was made from are unchanged (thread-safe:
    two requests may make the same value; the last one made is kept)."""

    def __init__(self):
        self._values: dict[str, tuple[tuple, object]] = {}
        self._lock = threading.RLock()

    def get(self, name: str, sig: tuple, make):
        """The value of `name` made when the files had signatures `sig`, else make() now."""
        with self._lock:
            hit = self._values.get(name)
            if hit is not None and hit[0] == sig:
                return hit[1]
        value = make()
        with self._lock:
            self._values[name] = (sig, value)
        return value
