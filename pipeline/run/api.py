"""The functions a notebook or another program calls: one document read and extracted (pipeline/__init__.py
hands them out as `from pipeline import extract`)."""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..ingest import read_document
from ..model import Document
from ..store import to_frame

if TYPE_CHECKING:
    from ..extraction import ExtractResult


def extract_document(path: str | Path, edition: str | None = None) -> tuple[Document, ExtractResult]:
    """Read and extract one document. Raises IngestError for input it cannot read."""
    doc = read_document(path, edition, meanwhile=_extraction_start_up)
    from ..extraction import extract as extract_observations     # start-up: extraction (a PDF: imported meanwhile)
    return doc, extract_observations(doc)


def _extraction_start_up() -> None:
    """Extraction imported (its rule schemas, pydantic: ~0.1 s) and warmed up while a forked copy of the
    process reads a PDF: imported here, not before the PDF is read, the copy starts that much earlier."""
    from ..extraction.warm_up import warm_up     # start-up: extraction, while the copy reads the PDF
    warm_up()


def extract(path: str | Path, edition: str | None = None):
    """`from pipeline import extract; df = extract("raw/kerncijfers-2023-01.rendered.pdf")`:
    the observation table of one document as a pandas DataFrame (the spec's columns, in order)."""
    _, result = extract_document(path, edition)
    return to_frame(result.observations)
