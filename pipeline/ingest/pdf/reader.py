"""read_pdf: a PDF's pages through the steps of this package, in order. Under the pdfium lock each
page's printed lines are read, and on a page with ruled tables their lines made rows; then running
headers, footers and page numbers are removed, and the lines made blocks."""
from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ...errors import IngestError, read_bytes
from .blocks import PdfBlock, pdf_blocks
from .lines import Page, page_lines
from .opening import DAMAGED, NO_TEXT_LAYER, PDFIUM_LOCK, check_pdf_bytes, open_pdf
from .running_lines import remove_running_lines
from .table_regions import mark_table_lines, table_regions
from .table_rows import table_rows
from .textpage import PageChars


def read_pdf(path: str | Path, data: bytes | None = None) -> list[PdfBlock]:
    """Read the PDF at `path` (or its bytes, already read) into text blocks in reading order
    (pdfium's order)."""
    path = Path(path)
    data = check_pdf_bytes(path, read_bytes(path) if data is None else data)
    with PDFIUM_LOCK:
        doc = open_pdf(path, data)
        try:
            pages = []
            n_pages = len(doc)
            if n_pages == 0:
                raise IngestError(path, f"{DAMAGED}: no pages")
            for index in range(n_pages):
                pages.append(_read_page(path, doc, index))
        finally:
            doc.close()
    if not any(p.lines for p in pages):
        raise IngestError(path, NO_TEXT_LAYER)
    remove_running_lines(pages)
    return pdf_blocks(pages)


def _read_page(path: Path, doc: pdfium.PdfDocument, index: int) -> Page:
    page = pdfium_c.FPDF_LoadPage(doc.raw, index)
    if not page:
        raise IngestError(path, f"{DAMAGED}: page {index + 1} cannot be loaded")
    try:
        height = pdfium_c.FPDF_GetPageHeightF(page)
        width = pdfium_c.FPDF_GetPageWidthF(page)
        textpage = pdfium_c.FPDFText_LoadPage(page)
        if not textpage:
            raise IngestError(path, f"{DAMAGED}: text of page {index + 1} cannot be read")
        try:
            lines, text = page_lines(textpage)
            if lines:
                regions = table_regions(page, height * width)
                if mark_table_lines(lines, regions):
                    lines = table_rows(lines, regions, text, PageChars(textpage), width, height)
        finally:
            pdfium_c.FPDFText_ClosePage(textpage)
    finally:
        pdfium_c.FPDF_ClosePage(page)
    return Page(index + 1, height, lines)
