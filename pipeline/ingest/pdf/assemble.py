"""A PDF's blocks laid out as a Document: one after the other, each split into paragraphs, list items
and headings by the rules for PDF-extracted text, mojibake repaired per block with its footnote
markers mapped through the repair, a paragraph cut in two by a page break joined again. While this
process loads spaCy, a forked copy of it reads the PDF (ingest.forked)."""
from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from ...model import Block, Document
from ..document import make_document
from ..identity import doc_id_of
from ..mojibake import repair_mojibake
from ..segment import segment_text, with_headings


def read_pdf_document(path: Path, data: bytes, edition: str | None, meanwhile=None) -> Document:
    """_read_pdf_here(path, data, edition). In a process that has not loaded the spaCy pipeline yet
    (`migstat extract x.pdf`), the PDF is read by a forked copy of this process (ingest.forked: no
    other thread, two cores) while this one loads the pipeline that extraction needs next (spaCy's
    import and start-up take about as long as reading the 122 pages of the Staat van Migratie), so
    the two overlap. When the copy fails (an unreadable PDF), the PDF is read here: the Document and
    the errors are those of _read_pdf_here. A process whose pipeline is loaded (`run`, the tests after
    the first) reads it here."""
    from ...language.nlp import nlp     # start-up: the spaCy module (~4 ms), only when a PDF is read
    from ..forked import in_fork         # start-up: tempfile and pickle, only when a PDF is read

    job = None
    if not nlp.cache_info().currsize:
        _shared_start_up()
        job = in_fork(_read_pdf_here, path, data, edition)
    if job is None:
        return _read_pdf_here(path, data, edition)
    try:
        nlp()
        if meanwhile is not None:     # the caller's own start-up (extraction's rules), also while the copy reads
            meanwhile()
    finally:
        doc = job.result()
    return doc if doc is not None else _read_pdf_here(path, data, edition)


def _shared_start_up() -> None:
    """What the copy needs to lay out the text (the scales of tables, the period words a dateline is
    read with: three rule files checked, two patterns compiled, ~0.09 s) and this process needs for
    extraction, built once before the fork instead of in both processes: the copy starts that much
    later but has that much less to do, and the processes together use that much less time."""
    from ...language.period_patterns import vocab     # start-up: as below, only when a PDF is read
    from ...language.text_tables import scales
    scales()
    vocab()


def _read_pdf_here(path: Path, data: bytes, edition: str | None) -> Document:
    """PDF blocks (reader.read_pdf) laid out one after the other, each split into paragraphs,
    list items and headings by the same rules as PDF-extracted text."""
    from .reader import read_pdf         # start-up: pypdfium2 (~0.1 s) is loaded by the copy that reads

    parts: list[str] = []
    blocks: list[Block] = []
    page_starts: list[int] = []
    repairs: list[str] = []
    markers: list[tuple[int, str]] = []
    pos = 0
    for b in read_pdf(path, data):
        while len(page_starts) < b.page:
            page_starts.append(pos)
        stripped = b.text.strip("\n")
        lead = len(b.text) - len(b.text.lstrip("\n"))
        body, repaired_offsets, fixed = repair_mojibake(stripped, None)   # before offsets are laid out
        repairs.extend(f"page {b.page}, {r}" for r in fixed)
        if not body.strip():
            continue
        if b.is_table or b.is_heading:
            blocks.append(Block("table_row" if b.is_table else "heading", pos, pos + len(body), b.page))
        else:
            blocks.extend(segment_text(body, hard_wrapped=True, offset=pos, page=b.page))
        for off, mark in b.markers:
            # the block's dropped footnote markers, through the strip and a mojibake repair
            off = min(max(off - lead, 0), len(stripped))
            if repaired_offsets is not None:        # the block was repaired: map through the repair
                off = repaired_offsets.position(off)
            markers.append((pos + min(off, len(body)), mark))
        parts.append(body + "\n\n")
        pos += len(body) + 2
    text = "".join(parts)
    blocks = _joined_across_pages(blocks, text)
    doc = make_document(path, doc_id_of(data), "pdf", text, with_headings(blocks, text), tuple(page_starts) or (0,),
                        edition, repairs, None)
    return dataclasses.replace(doc, markers=tuple(markers)) if markers else doc


def _joined_across_pages(blocks: list[Block], text: str) -> list[Block]:
    """A paragraph that a page break cut in two is one block again: the part on the next page starts in
    lower case and the part before it ends without closing punctuation ("In 2017, tot en" | "met
    januari, zijn zo'n 80 ...")."""
    out: list[Block] = []
    for b in blocks:
        prev = out[-1] if out else None
        if prev is not None and prev.kind == b.kind == "paragraph" and b.page == prev.page + 1 \
                and not re.search(r"[.!?:;]\s*$", text[prev.start:prev.end]) and re.match(r"[a-zà-ÿ]", text[b.start:b.end]):
            out[-1] = Block(prev.kind, prev.start, b.end, prev.page, prev.heading)
        else:
            out.append(b)
    return out
