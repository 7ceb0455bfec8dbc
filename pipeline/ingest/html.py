"""HTML pages (.html, .htm) -> the page's main text, laid out like the Markdown reader's text.

trafilatura finds the main content (not the site's navigation, header, cookie banner, side bar or
footer) and returns it as XML: headings, paragraphs, lists and tables. That is written out as text:
a heading on a line of its own (its offset is given back, like a Markdown '#' line), a paragraph a
line, a list item "- item" ("1. item" in a numbered list), a table row with its cells joined by tabs
(so pipeline.extraction.tables reads it like a Markdown or PDF table row), blocks separated by a blank
line. Superscript footnote markers (<sup>108</sup>) are dropped from the text and kept as markers, as in
Markdown. A page saved by hand and the same page fetched give the same text. read_html makes the
Document: that text's blocks as for Markdown text.

Document.text is this text, and every span indexes into it; there is no mapping back to the HTML
source (Document.raw_offsets is None).
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import IngestError
from ..model import Document
from .document import make_document
from .identity import doc_id_of
from .mojibake import repair_mojibake
from .segment import segment_text, with_headings


HTML_SUFFIXES = {".html": "html", ".htm": "html", ".xhtml": "html"}
_MARKER = re.compile(r"\s*\(?\s*([0-9]{1,3}|[*†a-z])\s*\)?\s*")


@dataclass(frozen=True)
class HtmlText:
    text: str                                   # the main content as text
    heading_starts: frozenset[int]              # offsets in text where a heading line starts
    markers: tuple[tuple[int, str], ...]        # dropped footnote markers: (offset in text, marker)


def looks_like_html(data: bytes) -> bool:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html")) or (b"<html" in head and b"<body" in data[:65536].lower())


def html_text(path, data: bytes) -> HtmlText:
    """The main content of an HTML page. IngestError when it is not HTML or has no main text."""
    if b"\x00" in data[:4096]:
        raise IngestError(path, "binary content (NUL bytes), not an HTML page")
    if not re.search(rb"<\s*(html|body|p|div|table|article|main|h[1-6])\b", data[:200_000], re.I):
        raise IngestError(path, "named .html but has no HTML markup")
    import trafilatura   # only for HTML input: start-up stays fast
    from lxml import etree   # with trafilatura: only for HTML input
    options = dict(output_format="xml", include_tables=True, include_formatting=True, include_links=False,
                   include_images=False, include_comments=False, deduplicate=False)
    xml = trafilatura.extract(data, **options)
    # on a page without content trafilatura's fallback returns the menu ("Home Contact"); a short result
    # that the precise mode does not confirm is no main text
    if not xml or (len(xml) < 400 and not trafilatura.extract(data, favor_precision=True, **options)):
        raise IngestError(path, "no main text found in the HTML page (only navigation, or empty)")
    root = etree.fromstring(xml.encode("utf-8"))
    main = root.find("main")
    if main is None:
        main = root
    writer = _Writer()
    for el in main:
        writer.block(el)
    text = writer.text()
    if not text.strip():
        raise IngestError(path, "no main text found in the HTML page")
    return HtmlText(text, frozenset(writer.headings), tuple(writer.markers))


class _Writer:
    """Lays the XML's blocks out as lines; remembers heading starts and footnote markers."""

    def __init__(self):
        self.parts: list[str] = []
        self.pos = 0
        self.headings: list[int] = []
        self.markers: list[tuple[int, str]] = []
        self._in_table = False

    def _emit(self, s: str, sep: str) -> None:
        if self.parts:
            self.parts.append(sep)
            self.pos += len(sep)
        self.parts.append(s)
        self.pos += len(s)

    def text(self) -> str:
        return "".join(self.parts) + "\n"

    def block(self, el, list_mark: str = "") -> None:
        tag = el.tag
        if tag == "head":
            line, marks = _inline(el)
            if line:
                self._emit("", "\n\n")
                self.headings.append(self.pos)
                self._put(line, marks)
        elif tag in ("p", "quote", "code"):
            # a <lb/> inside a paragraph keeps its line (a "(Bron: ...)" line under a paragraph)
            for line, marks in _lines(el):
                self._emit("", "\n\n")
                self._put(line, marks)
        elif tag == "list":
            numbered = el.get("rend", "") == "ol"
            n = 0
            for item in el:
                if item.tag != "item":
                    continue
                n += 1
                nested = [c for c in item if c.tag == "list"]
                for c in nested:
                    item.remove(c)
                line, marks = _inline(item)
                if line:
                    mark = f"{n}. " if numbered else "- "
                    self._emit("", "\n\n")
                    self._put(mark + line, [(o + len(mark), m) for o, m in marks])
                for c in nested:
                    self.block(c)
        elif tag == "table":
            first = True
            for row in el.iter("row"):
                cells = [_inline(c) for c in row if c.tag == "cell"]
                if not any(t for t, _ in cells):
                    continue
                self._emit("", "\n\n" if first else "\n")
                first = False
                line, marks, at = [], [], 0
                for i, (t, ms) in enumerate(cells):
                    if i:
                        at += 1
                    marks.extend((at + o, m) for o, m in ms)
                    line.append(t)
                    at += len(t)
                self._put("\t".join(line), marks)
        elif tag in ("div", "section"):
            for c in el:
                self.block(c)
        # graphic, ref, comments: nothing to read

    def _put(self, line: str, marks) -> None:
        start = self.pos
        self.parts[-1] = line          # the "" placed by _emit
        self.pos += len(line)
        self.markers.extend((start + o, m) for o, m in marks)


def _inline(el) -> tuple[str, list[tuple[int, str]]]:
    """An element's text on one line (white space folded), without superscript footnote markers, and the
    markers dropped: (offset in the line, marker)."""
    lines = _lines(el)
    if not lines:
        return "", []
    out, marks = lines[0]
    for line, ms in lines[1:]:
        marks.extend((len(out) + 1 + o, m) for o, m in ms)
        out += " " + line
    return out, marks


def _lines(el) -> list[tuple[str, list[tuple[int, str]]]]:
    """The element's text split at <lb/>, each piece folded to one line."""
    pieces: list[list] = [[[], []]]     # per line: text chunks, markers (chunk index, marker)

    def add(s: str | None):
        if s:
            pieces[-1][0].append(s)

    def walk(e, top=False):
        if not top:
            if e.tag == "lb":
                pieces.append([[], []])
                add(e.tail)
                return
            if e.tag == "hi" and e.get("rend") == "#sup" and _MARKER.fullmatch("".join(e.itertext()) or "x"):
                pieces[-1][1].append((len("".join(pieces[-1][0])), "".join(e.itertext()).strip()))
                add(e.tail)
                return
        add(e.text)
        for c in e:
            walk(c)
        if not top:
            add(e.tail)

    walk(el, top=True)
    out = []
    for chunks, marks in pieces:
        raw = "".join(chunks)
        line, folded = _fold(raw)
        if line:
            out.append((line, [(folded(o), m) for o, m in marks]))
    return out


def _fold(raw: str):
    """(raw with runs of white space made one space and the ends stripped, a map from an offset in raw to
    the offset in the folded text)."""
    pos_map, out, prev_space = [], [], True
    for ch in raw:
        pos_map.append(len(out))
        if ch.isspace():
            if not prev_space:
                out.append(" ")
            prev_space = True
        else:
            out.append(ch)
            prev_space = False
    pos_map.append(len(out))
    text = "".join(out).rstrip()

    def folded(o: int) -> int:
        return min(pos_map[min(o, len(pos_map) - 1)], len(text))

    return text, folded


def read_html(path: Path, data: bytes, edition: str | None) -> Document:
    """An HTML page: its main content as text (html_text), then blocks as for Markdown text."""
    page = html_text(path, data)
    clean, offsets, repairs = repair_mojibake(page.text, None)
    heading_starts = set(page.heading_starts)
    markers = page.markers
    if offsets is not None:     # a repair moved text: headings and markers follow it
        heading_starts = {offsets.position(h) for h in heading_starts}
        markers = tuple((offsets.position(o), m) for o, m in markers)
    blocks = with_headings(segment_text(clean, heading_starts), clean)
    doc = make_document(path, doc_id_of(data), "html", clean, blocks, (0,), edition, repairs, None)
    return dataclasses.replace(doc, markers=markers) if markers else doc
