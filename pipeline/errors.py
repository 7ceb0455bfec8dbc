"""Errors the pipeline raises for bad input: one line, naming the file and the reason."""
from __future__ import annotations
from pathlib import Path


class IngestError(Exception):
    """A document that cannot be read. str(err) is '<path>: <reason>' on one line."""

    def __init__(self, path: object, reason: str):
        self.path = str(path)
        self.reason = " ".join(str(reason).split())
        super().__init__(f"{self.path}: {self.reason}")


def read_bytes(path) -> bytes:
    """The file's bytes, or IngestError naming the file and why it could not be read."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise IngestError(path, "file not found") from None
    except IsADirectoryError:
        raise IngestError(path, "is a directory, not a document") from None
    except OSError as exc:
        raise IngestError(path, f"cannot be read ({exc.strerror or exc})") from None
    if not data.strip():
        raise IngestError(path, "empty file")
    return data


class UsageError(Exception):
    """A command used wrongly (a bad option value): refused before any work, one line."""


class RuleFileError(Exception):
    """A rule file of rules/ that cannot be used: '<file>:<line>: <field>: <reason>' on one line."""
