"""Opening a PDF: the one process-wide pdfium lock, the one-line reasons a PDF cannot be read, the
checks of its bytes before pdfium sees them, and pdfium's document (an IngestError, never a pdfium or
ctypes traceback). pipeline.review.pdfpage opens its PDFs with these too."""
from __future__ import annotations

import threading
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ...errors import IngestError


# the reasons a PDF is refused (IngestError(path, reason): one line)
NO_TEXT_LAYER = "no text layer (scanned or image-only PDF); OCR is not supported"
EMPTY_FILE = "empty file"
NOT_A_PDF = "not a PDF (no %PDF header)"
DAMAGED = "damaged or truncated PDF"
ENCRYPTED = "encrypted (password protected) PDF"

# pdfium is not thread-safe: two threads of one process inside it at once crash the process (a
# Prefect flow's extract tasks run in a thread pool; the review app serves pages from threads). Every
# call into pdfium, from opening a document to closing it, holds this lock.
PDFIUM_LOCK = threading.RLock()


def check_pdf_bytes(path: Path, data: bytes) -> bytes:
    if not data:
        raise IngestError(path, EMPTY_FILE)
    if b"%PDF-" not in data[:1024]:
        raise IngestError(path, NOT_A_PDF)
    # A complete PDF ends with "%%EOF" (a little trailing junk is tolerated). pdfium refuses
    # most truncated files anyway, but may rebuild a damaged cross-reference table and
    # silently lose the pages that were cut off.
    if b"%%EOF" not in data[-4096:]:
        raise IngestError(path, f"{DAMAGED} (no %%EOF end marker)")
    return data


def open_pdf(path: Path, data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            raise IngestError(path, ENCRYPTED) from None
        if code == pdfium_c.FPDF_ERR_SECURITY:
            raise IngestError(path, "encrypted PDF with an unsupported security handler") from None
        raise IngestError(path, DAMAGED) from None
    except Exception as exc:  # never let a pdfium/ctypes traceback through
        raise IngestError(path, f"{DAMAGED} ({type(exc).__name__})") from None
