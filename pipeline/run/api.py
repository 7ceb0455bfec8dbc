"""The functions a notebook or another program calls: one document read and extracted (pipeline/__init__.py
hands them out as `from pipeline import extract`)."""
from __future__ import annotations

from pathlib import Path

from ..extraction import ExtractResult
from ..extraction import extract as extract_observations
from ..extraction.warm_up import warm_up
from ..ingest import read_document
from ..model import Document
from ..store import to_frame


def extract_document(path: str | Path, edition: str | None = None) -> tuple[Document, ExtractResult]:
    """Read and extract one document. Raises IngestError for input it cannot read."""
    doc = read_document(path, edition, meanwhile=warm_up)
    return doc, extract_observations(doc)


def extract(path: str | Path, edition: str | None = None):
    """`from pipeline import extract; df = extract("raw/kerncijfers-2023-01.rendered.pdf")`:
    the observation table of one document as a pandas DataFrame (the spec's columns, in order)."""
    _, result = extract_document(path, edition)
    return to_frame(result.observations)
