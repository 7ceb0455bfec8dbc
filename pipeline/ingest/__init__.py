"""Ingest: a file from raw/ read into a Document — clean text, blocks with offsets, pages, the edition.

    read_document(path, edition=None) -> Document      # IngestError('<path>: <reason>') when it cannot
    document_from_text(text, edition) -> Document      # a string (rule examples, tests, notebooks)
    display_path(path), forget_display_paths()         # the name a source is written under
    doc_id_of(data)                                    # the content hash a document is known by

Text files are read by their content: the encoding from a byte-order mark, the NUL bytes of UTF-16,
strict UTF-8, else a West-European code page (decode_text); Markdown by its markup whatever the file
is named (looks_like_markdown). What cannot be read is refused with a one-line error. Markdown markup
(<sup>n</sup> footnote markers, links, emphasis, <b>, heading hashes) is removed while every kept
character remembers its offset in the file (Document.raw_offsets, runs of offsets in two arrays:
pipeline.offsets), so spans stay honest; these are character offsets in the decoded text (after the
byte-order mark, line ends as "\n"), whatever the encoding. Lines are segmented a chunk at a time, so
the lines of a large text are never all in memory. Mojibake ("LPâ€™s") is repaired with ftfy line by
line and each repair is recorded. HTML pages go through html, PDFs through pdf/.

One module each:
  decode      a text file's bytes to text (the encoding by its content)
  markdown    Markdown recognised by its content, its markup removed with offsets kept
  mojibake    mojibake repaired line by line, with offsets kept
  textfile    a text file's (or a string's) clean text, then its Document
  html        an HTML page's main content as text, then its Document
  pdf/        a PDF's text blocks (pdfium, and pdfplumber's table finder), then its Document
  segment     a text's lines made blocks (paragraphs, list items, table rows, headings)
  document    the Document from text and blocks: its edition given or inferred, its source
  identity    a document's source name in the tables (display_path) and its doc_id
  forked      a call run by a forked copy of this process (a PDF read while spaCy loads)
"""
from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from ..errors import IngestError, read_bytes
from ..model import Document
from .decode import decode_text
from .html import HTML_SUFFIXES, looks_like_html, read_html
from .identity import display_path, doc_id_of, forget_display_paths
from .markdown import looks_like_markdown
from .pdf.assemble import read_pdf_document
from .textfile import TEXT_SUFFIXES, clean_text, document_from_text, text_document

__all__ = ["read_document", "document_from_text", "display_path", "forget_display_paths", "doc_id_of"]


def read_document(path: str | Path, edition: str | None = None, meanwhile: Callable[[], object] | None = None) -> Document:
    """Read one file. Raises IngestError('<path>: <reason>') for anything it cannot read. `meanwhile`: work
    of the caller's to do while a forked copy of the process reads a PDF (pdf.assemble), else not called."""
    path = Path(path)
    data = read_bytes(path)
    suffix = path.suffix.lower()
    is_pdf_bytes = data[:1024].lstrip().startswith(b"%PDF")
    if suffix == ".pdf" or (suffix not in TEXT_SUFFIXES and is_pdf_bytes):
        return read_pdf_document(path, data, edition, meanwhile)
    if suffix in HTML_SUFFIXES:
        return read_html(path, data, edition)
    if suffix not in TEXT_SUFFIXES:
        raise IngestError(path, f"unknown format '{suffix or '(no extension)'}' (expected .txt, .md, .html or .pdf)")
    if is_pdf_bytes:
        raise IngestError(path, f"is a PDF but named {suffix}; rename it to .pdf")
    if looks_like_html(data):   # read by its content, like Markdown
        doc = read_html(path, data, edition)
        return dataclasses.replace(doc, read_notes=(
            ("source_format", f"HTML recognised by its content (the file is named {path.suffix})"),))
    text, encoding = decode_text(path, data)
    doc_id = doc_id_of(data)
    del data          # neither the bytes nor (below) the file's text stay beside the clean text
    fmt, notes = TEXT_SUFFIXES[suffix], []
    if encoding != "utf-8":
        notes.append(("source_encoding", f"read as {encoding} (not UTF-8)"))
    if fmt == "txt" and looks_like_markdown(text):
        fmt = "md"
        notes.append(("source_format", f"Markdown recognised by its content (the file is named {path.suffix})"))
    cleaned = clean_text(text, fmt)
    del text
    doc = text_document(path, doc_id, cleaned, fmt, edition)
    return dataclasses.replace(doc, encoding=encoding, read_notes=tuple(notes)) if notes else doc
