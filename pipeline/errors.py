"""Errors the pipeline raises for bad input: one line, naming the file and the reason."""
from __future__ import annotations


class IngestError(Exception):
    """A document that cannot be read. str(err) is '<path>: <reason>' on one line."""

    def __init__(self, path: object, reason: str):
        self.path = str(path)
        self.reason = " ".join(str(reason).split())
        super().__init__(f"{self.path}: {self.reason}")
