"""A text file's text made a Document: Markdown markup removed (with each kept character's offset in
the file), mojibake repaired, <sup>n</sup> footnote markers placed (clean_text), then blocks
(text_document); document_from_text does the same for a string."""
from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from ..model import Document
from ..offsets import OffsetMap
from .document import make_document
from .identity import doc_id_of
from .markdown import strip_markdown
from .mojibake import repair_mojibake
from .segment import segment_text, with_headings


TEXT_SUFFIXES = {".txt": "txt", ".md": "md", ".markdown": "md"}


@dataclasses.dataclass(frozen=True)
class CleanText:
    """A text file's text without its markup: what the Document is made of."""
    text: str
    offsets: OffsetMap | None      # the offset in the file's text of every character (None: the same)
    heading_starts: set[int]       # where Markdown '#' heading lines start in `text`
    repairs: tuple[str, ...]       # the mojibake repairs
    markers: tuple[tuple[int, str], ...]   # the <sup>n</sup> footnote markers removed: (offset in text, marker)


def clean_text(text: str, fmt: str) -> CleanText:
    """Markup removed (Markdown), mojibake repaired, footnote markers placed."""
    if fmt == "md":
        clean, offsets, heading_starts = strip_markdown(text)
    else:
        clean, offsets, heading_starts = text, None, set()
    clean, offsets, repairs = repair_mojibake(clean, offsets)
    markers = ()
    if fmt == "md" and offsets:
        markers = tuple((offsets.position(m.start()), m.group(1))
                        for m in re.finditer(r"<sup>\s*([^<]{1,20}?)\s*</sup>", text))
    return CleanText(clean, offsets, heading_starts, repairs, markers)


def text_document(path: Path, doc_id: str, cleaned: CleanText, fmt: str, edition: str | None) -> Document:
    """The Document of a clean text: its blocks, each with the heading above it, and its footnote markers."""
    clean = cleaned.text
    blocks = with_headings(segment_text(clean, cleaned.heading_starts), clean)
    doc = make_document(path, doc_id, fmt, clean, blocks, (0,), edition, cleaned.repairs, cleaned.offsets)
    return dataclasses.replace(doc, markers=cleaned.markers) if cleaned.markers else doc


def document_from_text(text: str, edition: str, source: str = "<text>", fmt: str = "txt") -> Document:
    """A Document from a string (rule examples, tests, notebooks)."""
    return text_document(Path(source), doc_id_of(text.encode("utf-8")), clean_text(text, fmt), fmt, edition)
