"""The PDF as a document of numbered pages: opened under the one process-wide pdfium lock (pdfium is
not thread-safe; every pdfium call of this package happens inside `opened`), its page count, and a
page number checked against it.

A file that is no readable PDF raises IngestError ('<path>: <reason>', one line); a page number
outside the document raises ValueError with a one-line reason."""
from __future__ import annotations

import operator
from contextlib import contextmanager
from pathlib import Path

from pipeline.errors import IngestError, read_bytes
from pipeline.ingest.pdf.opening import DAMAGED, PDFIUM_LOCK, check_pdf_bytes, open_pdf


def page_count(pdf_path) -> int:
    """The number of pages of the PDF at pdf_path."""
    with opened(pdf_path) as doc:
        return len(doc)


@contextmanager
def opened(pdf_path):
    """The PDF opened (IngestError when it cannot be), holding the pdfium lock."""
    path = Path(pdf_path)
    data = check_pdf_bytes(path, read_bytes(path))
    with PDFIUM_LOCK:      # pdfium is not thread-safe (pipeline.ingest.pdf.opening)
        doc = open_pdf(path, data)
        try:
            if len(doc) == 0:
                raise IngestError(path, f"{DAMAGED}: no pages")
            yield doc
        finally:
            doc.close()


def whole(pdf_path, value, what: str) -> int:
    if not isinstance(value, bool):
        try:
            return operator.index(value)
        except TypeError:
            pass
    raise ValueError(f"{pdf_path}: {what} {value!r} is not a whole number")


def checked_page(pdf_path, page, n_pages: int) -> int:
    page = whole(pdf_path, page, "page")
    if not 1 <= page <= n_pages:
        raise ValueError(f"{pdf_path}: page {page} is out of range: the PDF has {n_pages} "
                         f"page{'s' if n_pages != 1 else ''}, numbered from 1")
    return page
