"""Read a PDF into clean text blocks, with pdfium (pypdfium2) only.

    read_pdf(path) -> list[PdfBlock]

Each block is a paragraph-like run of lines on one page: its lines joined with "\\n",
hyphenated line ends joined, superscript footnote markers dropped (each kept in
PdfBlock.markers as the offset in the block's text where it stood, and its digits), running
page headers, footers and page numbers removed. A block starts at every page start, at a vertical gap
clearly larger than the normal line spacing, at a change of font size or boldness, and
at a bullet ("•", "o ", "- ", "►", "▶", "1. ") at line start. Each row of a ruled table
(text inside the rules drawn with path objects) is a block of its own, with is_table=True,
its cells joined by "\\t" ("2022\\t3.360\\t2.930\\t80%"; a wrapped cell on one line, an
empty or spanned-over cell ""), as the Markdown version of a document writes its tables.
A table split over two pages gives its rows on each page. Lines inside the rules that form
no grid of cells stay one block per line (words separated by spaces).

How it stays fast: the text of a page comes from pdfium in one call (FPDFText_GetText),
split into lines at the line breaks pdfium generates. Character geometry and font sizes
are asked for only where they decide something: the first and last character of each
line, and the first (and last) digit of each digit run, whose baseline tells a raised
footnote marker from a number in the text; only a raised run is then measured in full.
No per-character loop over the page outside ruled tables. A page with a ruled table (found
from its path objects) also has its cell grid found by pdfplumber's table finder, fed with
edges made from pdfium's paths (pdfplumber never parses the page), and the boxes of the
table lines' characters asked for, to put each in its cell.

Bad input raises IngestError(path, reason): empty file, not a PDF, damaged or
truncated PDF, encrypted PDF, PDF without a text layer.
"""
from __future__ import annotations

import bisect
import ctypes
import math
import re
import threading
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipeline.errors import IngestError, read_bytes

# read_pdf is the reader; the rest is what pipeline.review.pdfpage shares with it (opening a PDF with
# the same one-line errors, a page's text and per-character look-ups, soft hyphens, marker size)
__all__ = ["PdfBlock", "read_pdf", "check_pdf_bytes", "open_pdf", "PageChars", "page_text", "SOFT_HYPHENS",
           "SUPERSCRIPT_MAX_SIZE", "DAMAGED"]


@dataclass(frozen=True)
class PdfBlock:
    page: int  # 1-based
    text: str  # lines joined with "\n"; hyphenated line ends joined
    is_heading: bool  # larger or bolder font than the body text, and short
    is_table: bool = False  # one row of a ruled table, its cells joined by "\t" (see _table_rows)
    # the superscript footnote markers dropped from the text: (offset in `text` where the
    # marker stood, its digits); a marker that opens a footnote ("41 Correctie ...") sits at
    # the start of that footnote's line (a line start or 0)
    markers: tuple[tuple[int, str], ...] = ()


# --- reasons -----------------------------------------------------------------------------

NO_TEXT_LAYER = "no text layer (scanned or image-only PDF); OCR is not supported"
EMPTY_FILE = "empty file"
NOT_A_PDF = "not a PDF (no %PDF header)"
DAMAGED = "damaged or truncated PDF"
ENCRYPTED = "encrypted (password protected) PDF"

# --- tuning ------------------------------------------------------------------------------

SUPERSCRIPT_MAX_SIZE = 0.85  # a marker's font size is below this share of its neighbour's
_SUPERSCRIPT_MIN_RAISE = 0.12  # ... and its baseline is raised by at least this share
_SUPERSCRIPT_MAX_RAISE = 0.75  # ... and by less than this share of the neighbour's size
_GAP_FACTOR = 1.35  # a block break: baseline gap above this times the normal spacing
_SIZE_CHANGE = 0.06  # a block break: font size differs by more than this share
_HEADING_MAX_CHARS = 200
_HEADING_MAX_LINES = 3
_ZONE_LINES = 3  # running headers/footers are looked for in the first/last lines of a page
_MARGIN = 0.15  # ... that lie in the top or bottom 15% of the page

_LINE_SEP = re.compile(r"\r\n|\r|\n")
# a digit run that may be a footnote marker ("Europese1", "motie?1", "1 In de Staat ...");
# "1,2" and "1-3" marker lists are one run
_MARKER_RUN = re.compile(r"\d+(?:[,\u2013-]\d+)*")
_BOLD_NAME = re.compile(rb"bold|black|heavy|demi|semibold|extrabold|ultrabold", re.I)
_BULLET = re.compile(r"(?:[•●▪■◦►▶➢➤✓□\uf0b7\uf0a7]|o\s|[-–]\s|\d{1,2}[.)]\s|[a-z][.)]\s)")
_PAGE_NUMBER = re.compile(r"[-–]?\s*(\d{1,4})\s*[-–]?")
_PAGE_COUNTER = re.compile(r"(?:(?:pagina|page|blz\.?|p\.)\s*)?(\d{1,4})\s*(?:/|van|of)\s*(\d{1,4})", re.I)
_TRAILING_COUNTER = re.compile(r"\s(\d{1,4})\s*/\s*(\d{1,4})$")


# --- public entry point -------------------------------------------------------------------


# pdfium is not thread-safe: two threads of one process inside it at once crash the process (a
# Prefect flow's extract tasks run in a thread pool; the review app serves pages from threads). Every
# call into pdfium, from opening a document to closing it, holds this lock.
PDFIUM_LOCK = threading.RLock()


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
    _remove_running_lines(pages)
    return _blocks(pages)


# --- opening --------------------------------------------------------------------------------


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


# --- one page -------------------------------------------------------------------------------


@dataclass
class _Seg:
    """A stretch of text between two pdfium line breaks."""

    start: int  # char index of text[0] in the text page
    text: str
    first: int  # char index of the first non-space char
    last: int  # char index of the last non-space char
    x0: float  # origin x of the first char
    y0: float  # baseline of the first char
    x1: float  # right edge of the last char
    y1: float  # baseline of the last char
    size: float  # effective font size of the first char
    last_size: float  # font size of the last char when it is a digit (a marker?), else size


@dataclass
class _Line:
    text: str
    y_first: float  # baseline at the line's start
    y_last: float  # baseline at the line's end (differs when pdfium joined a hyphenated line)
    size: float
    bold: bool
    x0: float = 0.0  # left end of the line
    x1: float = 0.0  # right end of the line
    table: bool = False  # inside the ruling of a table
    spans: tuple[tuple[int, int], ...] = ()  # char index ranges [a, b) of its pdfium pieces
    drop: tuple[tuple[int, int], ...] = ()  # char index ranges of its dropped footnote markers
    marks: tuple[tuple[int, str], ...] = ()  # the dropped markers: (position in text, digits)
    region: int = -1  # index of the table region it lies in
    cells: tuple[tuple[str, ...], ...] | None = None  # a table row: each cell's text lines
    # a table row: each cell's dropped markers, (text line index, position in it, digits)
    cell_marks: tuple[tuple[tuple[int, int, str], ...], ...] = ()


@dataclass
class _Page:
    number: int
    height: float
    lines: list[_Line]


class PageChars:
    """Per-character look-ups on one pdfium text page, with reused ctypes buffers."""

    def __init__(self, textpage):
        self.tp = textpage
        self._x, self._y = ctypes.c_double(), ctypes.c_double()
        self._px, self._py = ctypes.byref(self._x), ctypes.byref(self._y)
        self._l, self._r = ctypes.c_double(), ctypes.c_double()
        self._b, self._t = ctypes.c_double(), ctypes.c_double()
        self._box = tuple(ctypes.byref(v) for v in (self._l, self._r, self._b, self._t))
        self._m = pdfium_c.FS_MATRIX()
        self._pm = ctypes.byref(self._m)
        self._name = ctypes.create_string_buffer(256)
        self._flags = ctypes.c_int()
        self._pflags = ctypes.byref(self._flags)

    def origin(self, i: int) -> tuple[float, float]:
        pdfium_c.FPDFText_GetCharOrigin(self.tp, i, self._px, self._py)
        return self._x.value, self._y.value

    def right(self, i: int) -> float:
        pdfium_c.FPDFText_GetCharBox(self.tp, i, *self._box)
        return self._r.value

    def center(self, i: int) -> tuple[float, float]:
        """Centre (x, y) of the char's box, y bottom-up."""
        pdfium_c.FPDFText_GetCharBox(self.tp, i, *self._box)
        return (self._l.value + self._r.value) / 2, (self._b.value + self._t.value) / 2

    def size(self, i: int) -> float:
        """Font size in points as drawn: the font size times the text matrix's vertical scale
        (real PDFs often set size 1 and scale with the matrix)."""
        size = pdfium_c.FPDFText_GetFontSize(self.tp, i)
        if pdfium_c.FPDFText_GetMatrix(self.tp, i, self._pm):
            scale = math.hypot(self._m.c, self._m.d)
            if scale > 0:
                size *= scale
        return size

    def bold(self, i: int) -> bool:
        if pdfium_c.FPDFText_GetFontWeight(self.tp, i) >= 600:
            return True
        pdfium_c.FPDFText_GetFontInfo(self.tp, i, self._name, len(self._name), self._pflags)
        return bool(_BOLD_NAME.search(self._name.value))


def _read_page(path: Path, doc: pdfium.PdfDocument, index: int) -> _Page:
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
            lines, text = _page_lines(textpage)
            if lines:
                regions = _table_regions(page, height * width)
                if _mark_table_lines(lines, regions):
                    lines = _table_rows(lines, regions, text, PageChars(textpage), width, height)
        finally:
            pdfium_c.FPDFText_ClosePage(textpage)
    finally:
        pdfium_c.FPDF_ClosePage(page)
    return _Page(index + 1, height, lines)


def page_text(textpage, n: int) -> str:
    buf = (ctypes.c_ushort * (n + 1))()
    got = pdfium_c.FPDFText_GetText(textpage, 0, n, buf)
    text = bytes(buf)[: max(got - 1, 0) * 2].decode("utf-16-le", errors="replace")
    if len(text) != n:
        # characters outside the BMP take two UTF-16 units and shift every later index:
        # rebuild the text one char per index (rare)
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(textpage, i) or 0xFFFD) for i in range(n))
    return text.replace("\x00", " ")


def _page_lines(textpage) -> tuple[list[_Line], str]:
    """The printed lines of a page, and the page's text (that their char indexes refer to)."""
    n = pdfium_c.FPDFText_CountChars(textpage)
    if n <= 0:
        return [], ""
    text = page_text(textpage, n)
    chars = PageChars(textpage)

    segs: list[_Seg] = []
    pos = 0
    for m in _LINE_SEP.finditer(text + "\n"):
        piece = text[pos : m.start()]
        body = piece.strip()
        if body:
            lead = len(piece) - len(piece.lstrip())
            first = pos + lead
            last = first + len(body) - 1
            x0, y0 = chars.origin(first)
            _, y1 = chars.origin(last)
            size = chars.size(_size_char(text, first, last))
            last_size = chars.size(last) if text[last].isdigit() and last != first else size
            segs.append(_Seg(pos, piece, first, last, x0, y0, chars.right(last), y1, size, last_size))
        pos = m.end()
    if not segs:
        return [], text

    lines = []
    for group in _visual_lines(segs):
        line = _make_line(group, text, chars)
        if line is not None:
            lines.append(line)
    return lines, text


def _size_char(text: str, first: int, last: int) -> int:
    """The char whose font size stands for the line: skip a leading bullet glyph."""
    for i in range(first, min(first + 3, last + 1)):
        if text[i].isalnum():
            return i
    return first


def _visual_lines(segs: list[_Seg]) -> list[list[_Seg]]:
    """Group pdfium lines that are really one printed line. pdfium breaks a line after a
    raised footnote marker ("Europese1" / " perspectief", "jurisprudentie2" / "."), and puts
    a footnote's marker on a line of its own ("2" / " Zie verder ..."): the next piece goes
    on to the right of a small digit, on a baseline a little below it."""
    groups = [[segs[0]]]
    for seg in segs[1:]:
        prev = groups[-1][-1]
        size = max(seg.size, 1.0)
        after_marker = (
            prev.text.rstrip()[-1:].isdigit()
            and prev.last_size < SUPERSCRIPT_MAX_SIZE * seg.size
            and 0 <= prev.y1 - seg.y0 <= _SUPERSCRIPT_MAX_RAISE * size
            and prev.x1 - 0.5 * size <= seg.x0 < prev.x1 + 4 * size
        )
        if after_marker:
            groups[-1].append(seg)
        else:
            groups.append([seg])
    return groups


def _make_line(group: list[_Seg], text: str, chars: PageChars) -> _Line | None:
    drop = _find_markers(group, text, chars)

    # assemble the printed line from its pieces, without the markers (remembering where
    # each one stood)
    parts = []
    marks: list[tuple[int, str]] = []
    length = 0
    prev_seg = None
    for seg in group:
        t = seg.text
        cuts = [(a - seg.start, b - seg.start) for a, b in drop if seg.start <= a < seg.start + len(t)]
        seg_marks: list[tuple[int, str]] = []
        if cuts:
            kept, at, kept_len = [], 0, 0
            for a, b in cuts:
                kept.append(t[at:a])
                kept_len += len(kept[-1])
                seg_marks.append((kept_len, t[a:b]))
                at = b
                if t[at : at + 1].isspace() and (not kept[-1] or kept[-1][-1:].isspace()):
                    at += 1  # "2.930 41 80%" -> "2.930 80%", not two spaces
            kept.append(t[at:])
            t = "".join(kept)
        if prev_seg is not None and parts and t and not t[0].isspace() and not parts[-1][-1:].isspace():
            if seg.x0 - prev_seg.x1 > 0.3 * max(seg.size, 1.0):
                t = " " + t
                seg_marks = [(q + 1, d) for q, d in seg_marks]
        marks.extend((length + q, d) for q, d in seg_marks)
        if t:
            parts.append(t)
            length += len(t)
        prev_seg = seg
    joined = "".join(parts)
    line_text = joined.strip()
    if not line_text:
        return None
    if marks:
        lead = len(joined) - len(joined.lstrip())
        marks = [(min(max(q - lead, 0), len(line_text)), d) for q, d in marks]

    first_seg = group[0]
    first_char = _size_char(text, first_seg.first, first_seg.last)
    size, y_first = first_seg.size, first_seg.y0
    if drop and drop[0][0] <= first_char:
        # the line starts with a footnote marker: measure the footnote's own text
        first_char = _first_kept(group, drop, text)
        if first_char is not None:
            size, y_first = chars.size(first_char), chars.origin(first_char)[1]
    last_seg = group[-1]
    dropped_last = any(a <= last_seg.last < b for a, b in drop)
    y_last = last_seg.y0 if dropped_last else last_seg.y1
    bold = first_char is not None and chars.bold(first_char) and chars.bold(last_seg.last)
    x0 = min(seg.x0 for seg in group)
    x1 = max(seg.x1 for seg in group)
    spans = tuple((seg.start, seg.start + len(seg.text)) for seg in group)
    return _Line(line_text, y_first, y_last, size, bold, x0, x1, spans=spans, drop=tuple(drop), marks=tuple(marks))


def _first_kept(group: list[_Seg], drop: list[tuple[int, int]], text: str) -> int | None:
    for seg in group:
        for i in range(seg.first, seg.last + 1):
            if not text[i].isspace() and not any(a <= i < b for a, b in drop):
                return i
    return None


def _find_markers(group: list[_Seg], text: str, chars: PageChars) -> list[tuple[int, int]]:
    """Char index ranges [a, b) of superscript footnote markers: digit runs in a smaller
    font than their neighbour and raised above its baseline. Glued to a word
    ("Europese1"), to a number ("2050" + "3"), after a table cell ("2.930 41"), or at the
    start of a footnote ("1 In de Staat ...")."""
    drop: list[tuple[int, int]] = []
    for k, seg in enumerate(group):
        tol = 0.1 * max(seg.size, 1.0)
        for m in _MARKER_RUN.finditer(seg.text):
            a = seg.start + m.start()
            b = seg.start + m.end()
            if a != seg.first:
                # fast path: a run on the baseline of its pdfium line is plain text, unless
                # its tail is raised (a marker glued to a number)
                if abs(chars.origin(a)[1] - seg.y0) <= tol:
                    if b - a >= 2 and abs(chars.origin(b - 1)[1] - seg.y0) > tol:
                        tail = b - 1
                        while tail - 1 > a and text[tail - 1].isdigit() and abs(chars.origin(tail - 1)[1] - seg.y0) > tol:
                            tail -= 1
                        if _is_marker(chars, tail, tail - 1):
                            drop.append((tail, b))
                    continue
            ref = _reference_char(group, k, a, b, text)
            if ref is not None and _is_marker(chars, a, ref):
                drop.append((a, b))
    return drop


def _is_marker(chars: PageChars, i: int, ref: int) -> bool:
    ref_size = chars.size(ref)
    if ref_size <= 0 or chars.size(i) >= SUPERSCRIPT_MAX_SIZE * ref_size:
        return False
    raised = chars.origin(i)[1] - chars.origin(ref)[1]
    return _SUPERSCRIPT_MIN_RAISE * ref_size < raised < _SUPERSCRIPT_MAX_RAISE * ref_size


def _reference_char(group: list[_Seg], k: int, a: int, b: int, text: str) -> int | None:
    """The char a possible marker [a, b) is compared with: the nearest non-space char
    before it on its line, else the next one after it (a footnote's own text)."""
    seg = group[k]
    for i in range(a - 1, seg.first - 1, -1):
        if not text[i].isspace():
            return i
    for i in range(b, seg.last + 1):
        if not text[i].isspace():
            return i
    if k + 1 < len(group):
        return group[k + 1].first
    if k > 0:
        return group[k - 1].last
    return None


# --- ruled tables ----------------------------------------------------------------------------
#
# A ruled table is drawn with path objects: thin horizontal and vertical rules (or stroked
# cell rectangles). The boxes of the paths that touch each other make one cluster; a
# cluster with at least two rules each way and more than one cell (three or more rules one
# way) is a table, its region the union of the boxes. A text line whose baseline lies
# inside a region, and whose horizontal extent overlaps it, is table text. A caption under
# or over the table lies outside the rules; a lone rule (a footnote separator, the rules
# around a letterhead) or a framed box of one cell is no table. Pages without paths have
# no tables. Only the page's object list is walked (one type look-up per object), and
# bounds are asked of path objects only.

_RULE_MAX_THICKNESS = 3.0  # a rule is a path at most this thick (pt) ...
_RULE_MIN_LENGTH = 6.0  # ... and at least this long
_TOUCH = 2.5  # path boxes this close (pt) belong to one cluster
_MAX_PATH_AREA = 0.4  # a path covering more of the page is a background or page frame
_MAX_PATHS = 5000  # a page drawn with more paths is a chart or a drawing: not looked at


def _path_boxes(container, count, get, matrix, page_area: float, out: list, depth: int = 0) -> None:
    """Bounding boxes (l, b, r, t) in page space of the visible path objects, also inside
    form XObjects (whose content has its own matrix)."""
    l, b, r, t = (ctypes.c_float() for _ in range(4))
    refs = tuple(ctypes.byref(v) for v in (l, b, r, t))
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    for k in range(count):
        obj = get(container, k)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            if not pdfium_c.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke)):
                continue
            if fill.value == pdfium_c.FPDF_FILLMODE_NONE and not stroke.value:
                continue  # invisible (a clip path drawn as an object)
            if not pdfium_c.FPDFPageObj_GetBounds(obj, *refs):
                continue
            box = (l.value, b.value, r.value, t.value)
            if matrix is not None:
                box = _transform_box(box, matrix)
            if (box[2] - box[0]) * (box[3] - box[1]) <= _MAX_PATH_AREA * page_area:
                out.append(box)
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and depth < 3:
            m = pdfium_c.FS_MATRIX()
            if not pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(m)):
                continue
            own = (m.a, m.b, m.c, m.d, m.e, m.f)
            _path_boxes(obj, pdfium_c.FPDFFormObj_CountObjects(obj), pdfium_c.FPDFFormObj_GetObject,
                        own if matrix is None else _compose(own, matrix), page_area, out, depth + 1)
        if len(out) > _MAX_PATHS:
            return


def _compose(inner: tuple, outer: tuple) -> tuple:
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _transform_box(box: tuple, m: tuple) -> tuple:
    a, b, c, d, e, f = m
    xs, ys = [], []
    for x in (box[0], box[2]):
        for y in (box[1], box[3]):
            xs.append(a * x + c * y + e)
            ys.append(b * x + d * y + f)
    return (min(xs), min(ys), max(xs), max(ys))


_Box = tuple[float, float, float, float]  # (left, bottom, right, top), pdfium's bottom-up y


def _table_regions(page, page_area: float) -> list[tuple[_Box, list[_Box]]]:
    """The ruled tables of a page: each region's box and the path boxes that draw it."""
    boxes: list = []
    _path_boxes(page, pdfium_c.FPDFPage_CountObjects(page), pdfium_c.FPDFPage_GetObject, None, page_area, boxes)
    if len(boxes) < 4 or len(boxes) > _MAX_PATHS:
        return []
    # cluster boxes that touch: sweep by top edge, union-find on overlaps
    boxes.sort(key=lambda bx: -bx[3])
    parent = list(range(len(boxes)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (l1, b1, r1, t1) in enumerate(boxes):
        for j in range(i + 1, len(boxes)):
            l2, b2, r2, t2 = boxes[j]
            if t2 < b1 - _TOUCH:
                break  # sorted by top: no later box reaches up to box i
            if l2 <= r1 + _TOUCH and l1 <= r2 + _TOUCH:
                parent[find(j)] = find(i)
    clusters: dict[int, list] = defaultdict(list)
    for i, box in enumerate(boxes):
        clusters[find(i)].append(box)

    regions = []
    for members in clusters.values():
        across = down = 0
        for l, b, r, t in members:
            w, h = r - l, t - b
            if h <= _RULE_MAX_THICKNESS and w >= _RULE_MIN_LENGTH:
                across += 1
            elif w <= _RULE_MAX_THICKNESS and h >= _RULE_MIN_LENGTH:
                down += 1
            elif w >= _RULE_MIN_LENGTH and h >= _RULE_MIN_LENGTH:
                across += 2  # a stroked cell rectangle: two rules each way
                down += 2
        if across >= 2 and down >= 2 and max(across, down) >= 3:
            box = (min(m[0] for m in members), min(m[1] for m in members),
                   max(m[2] for m in members), max(m[3] for m in members))
            regions.append((box, members))
    return regions


def _mark_table_lines(lines: list[_Line], regions: list[tuple[_Box, list[_Box]]]) -> bool:
    """Mark the lines inside a region; True when there are any."""
    found = False
    for line in lines:
        for k, ((l, b, r, t), _) in enumerate(regions):
            if b < line.y_first < t and b < line.y_last < t and line.x0 < r and line.x1 > l:
                line.table, line.region, found = True, k, True
                break
    return found


# --- table rows ---------------------------------------------------------------------------
#
# The cells of a ruled table are found by pdfplumber's table finder (the "lines" strategies:
# cells are the smallest rectangles closed by rules that cross), fed with edges made from
# the region's pdfium path boxes instead of a pdfminer parse of the page (~0.2 s a page):
# with those strategies TableFinder only reads page.edges and page.bbox. Only pages with a
# table region pay for it (and only they import pdfplumber). Two tables drawn one under
# the other share corners and come from the finder as one: they are split again where the
# column rules change. A char of a table line (footnote markers left out, as in prose)
# belongs to the cell its box centre lies in; the chars of a cell, in text order, make its
# text: one text line per printed line (and after a line-end hyphen pdfium joined), a
# space where pdfium's text has whitespace between two of them; the lines are joined and
# hyphenated wraps mended as in prose (in _blocks, which knows the document's words). Each
# row with any text then replaces the table's lines as one line, its cells joined by tabs
# (a cell covered by a spanning neighbour is empty): the form the Markdown gives tables.
# A line with a char outside every cell, a table of one column (no vertical rules inside)
# and a region where the finder finds no table keep their lines, one block per line.

_FINDER_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
_MAX_TABLE_PATHS = 2000  # a region drawn with more paths is not given to the finder (its cost grows fast)


class _EdgePage:
    """The two attributes of a pdfplumber page that its TableFinder reads with the "lines"
    strategies."""

    def __init__(self, edges: list[dict], bbox: tuple[float, float, float, float]):
        self.edges = edges
        self.bbox = bbox


def _edge(orientation: str, x0: float, top: float, x1: float, bottom: float, kind: str) -> dict:
    return {"object_type": kind, "orientation": orientation, "x0": x0, "x1": x1, "top": top,
            "bottom": bottom, "doctop": top, "width": x1 - x0, "height": bottom - top}


def _edges(boxes: list[_Box], height: float) -> list[dict]:
    """pdfplumber edges (top-down y) of path boxes: a thin horizontal path is one "h" edge
    along its middle, a thin vertical one a "v" edge, anything else a rectangle's four sides
    (as pdfplumber's rect_to_edges)."""
    edges = []
    for l, b, r, t in boxes:
        if not all(map(math.isfinite, (l, b, r, t))):
            continue
        top, bottom = height - t, height - b
        if t - b <= _RULE_MAX_THICKNESS and r - l >= t - b:
            y = (top + bottom) / 2
            edges.append(_edge("h", l, y, r, y, "line"))
        elif r - l <= _RULE_MAX_THICKNESS:
            x = (l + r) / 2
            edges.append(_edge("v", x, top, x, bottom, "line"))
        else:
            edges += [_edge("h", l, top, r, top, "rect_edge"), _edge("h", l, bottom, r, bottom, "rect_edge"),
                      _edge("v", l, top, l, bottom, "rect_edge"), _edge("v", r, top, r, bottom, "rect_edge")]
    return edges


def _table_rows(lines: list[_Line], regions: list[tuple[_Box, list[_Box]]], text: str, chars: PageChars,
                width: float, height: float) -> list[_Line]:
    """The page's lines with the lines of each ruled table replaced by its rows."""
    from pdfplumber.table import Table, TableFinder  # here: pages without tables never import it

    rows_at: dict[int, list[_Line]] = {}  # index of a table's first line -> the table's rows
    gone: set[int] = set()
    for k, (_, boxes) in enumerate(regions):
        members = [i for i, line in enumerate(lines) if line.region == k]
        if not members or len(boxes) > _MAX_TABLE_PATHS:
            continue
        try:
            found = TableFinder(_EdgePage(_edges(boxes, height), (0, 0, width, height)), _FINDER_SETTINGS).tables
        except (ValueError, AssertionError, ArithmeticError):  # odd geometry: the lines stay lines
            continue
        for part in (part for table in found for part in _split_grids(table.cells)):
            if len({c[0] for c in part}) < 2:
                continue  # one column: no vertical rules inside: its lines stay lines
            table = Table(None, part)
            x0, top, x1, bottom = table.bbox
            inside = [i for i in members if i not in gone and top < height - lines[i].y_first < bottom
                      and top < height - lines[i].y_last < bottom and lines[i].x0 < x1 and lines[i].x1 > x0]
            if not inside:
                continue
            used, rows = _fill_cells(table, [lines[i] for i in inside], text, chars, height)
            used_at = [i for i, u in zip(inside, used) if u]
            if rows and used_at:
                rows_at[used_at[0]] = rows
                gone.update(used_at)
    out = []
    for i, line in enumerate(lines):
        if i in rows_at:
            out.extend(rows_at[i])
        if i not in gone:
            out.append(line)
    return out


def _split_grids(cells: list[tuple]) -> list[list[tuple]]:
    """Split the cells of one finder table where two tables drawn one under the other meet
    (they share corners, so the finder joins them): a run of rows ends at a row whose
    column boundaries neither contain nor are contained in those of the row above. (A
    spanning cell only leaves boundaries out: its row stays with its table.)"""
    rows: dict[float, list[tuple]] = defaultdict(list)
    for c in cells:
        rows[c[1]].append(c)
    parts: list[list[tuple]] = []
    prev: set[float] | None = None
    for top in sorted(rows):
        bounds = {c[0] for c in rows[top]} | {c[2] for c in rows[top]}
        if prev is None or not (bounds <= prev or prev <= bounds):
            parts.append([])
        parts[-1].extend(rows[top])
        prev = bounds
    return parts


def _fill_cells(table, lines: list[_Line], text: str, chars: PageChars, height: float) -> tuple[list[bool], list[_Line]]:
    """Put the chars of `lines` into the cells of a pdfplumber table; -> which lines went
    into cells, and the table's rows (those with any text) as lines. A line with a char
    outside every cell stays a line of its own."""
    cells = table.cells  # (x0, top, x1, bottom), top-down y
    got: dict[tuple, list[tuple[int, int]]] = defaultdict(list)  # cell -> (char index, line number)
    marks: dict[tuple, list[tuple[int, int, str]]] = defaultdict(list)  # cell -> (char index, line, digits)
    owner: dict[tuple, list[_Line]] = defaultdict(list)
    used = []
    for k, line in enumerate(lines):
        # the cells this line can reach: those overlapping its height band
        size = max(line.size, 1.0)
        hi = height - line.y_first - 1.5 * size
        lo = height - line.y_last + 0.5 * size
        near = [c for c in cells if c[1] <= lo and c[3] >= hi]
        dropped = line.drop
        placed: list[tuple[tuple, int]] = []
        for a, b in line.spans:
            for i in range(a, b):
                if text[i].isspace() or (dropped and any(p <= i < q for p, q in dropped)):
                    continue
                cx, cy = chars.center(i)
                cy = height - cy
                for c in near:
                    if c[0] <= cx <= c[2] and c[1] <= cy <= c[3]:
                        placed.append((c, i))
                        break
                else:
                    placed = []
                    break
            else:
                continue
            break
        used.append(bool(placed))
        for c, i in placed:
            got[c].append((i, k))
            if not owner[c] or owner[c][-1] is not line:
                owner[c].append(line)
        if placed and dropped:
            for p, q in dropped:
                marks[_marker_cell(p, placed, near, chars, height)].append((p, k, text[p:q]))

    rows = []
    for row in table.rows:
        pieces = []
        row_marks = []
        row_lines: list[_Line] = []
        for c in row.cells:
            if c is None or not got.get(c):
                pieces.append(())
                row_marks.append(())
                continue
            cell_text, cell_marks = _cell_pieces(sorted(got[c]), text, marks.get(c, ()))
            pieces.append(cell_text)
            row_marks.append(cell_marks)
            row_lines.extend(owner[c])
        if not row_lines:
            continue  # a row without text
        first = max(row_lines, key=lambda ln: ln.y_first)
        rows.append(_Line(
            "\t".join(" ".join(p) for p in pieces), first.y_first, min(ln.y_last for ln in row_lines),
            first.size, first.bold, row.bbox[0], row.bbox[2], table=True, region=first.region,
            cells=tuple(pieces), cell_marks=tuple(row_marks)))
    return used, rows


def _marker_cell(p: int, placed: list[tuple[tuple, int]], near: list[tuple], chars: PageChars, height: float) -> tuple:
    """The cell of a dropped footnote marker at char index p: the one its box centre lies
    in, else the cell of the char before it on its line (else of the line's first char)."""
    cx, cy = chars.center(p)
    cy = height - cy
    for c in near:
        if c[0] <= cx <= c[2] and c[1] <= cy <= c[3]:
            return c
    before = [(i, c) for c, i in placed if i < p]
    return max(before)[1] if before else placed[0][0]


def _cell_pieces(chars: list[tuple[int, int]], text: str,
                 marks=()) -> tuple[tuple[str, ...], tuple[tuple[int, int, str], ...]]:
    """The text lines of one cell from its (char index, line number) pairs in text order: a
    new line where the chars come from another printed line, or go on after a line-end
    hyphen that pdfium joined to the next line itself ("Afgehan\ufffe" ... "deld"); else a
    space where pdfium's text has whitespace between two of them (other cells' text in
    between does not count). With the cell's dropped markers (char index, line number,
    digits): where each stood, as (text line index, position in that line, digits), right
    after the char before it."""
    pieces = []
    out_marks = []
    pending = sorted(marks)
    m = 0
    while m < len(pending) and pending[m][0] < chars[0][0]:
        out_marks.append((0, 0, pending[m][2]))
        m += 1
    cur = [text[chars[0][0]]]
    cur_len = 1
    for (prev, prev_line), (i, line) in zip(chars, chars[1:]):
        while m < len(pending) and pending[m][0] < i:
            out_marks.append((len(pieces), cur_len, pending[m][2]))
            m += 1
        if line != prev_line or (i > prev + 1 and text[prev] in SOFT_HYPHENS):
            pieces.append("".join(cur))
            cur = []
            cur_len = 0
        elif i > prev + 1 and any(ch.isspace() for ch in text[prev + 1 : i]):
            cur.append(" ")
            cur_len += 1
        cur.append(text[i])
        cur_len += 1
    while m < len(pending):
        out_marks.append((len(pieces), cur_len, pending[m][2]))
        m += 1
    pieces.append("".join(cur))
    return tuple(pieces), tuple(out_marks)


# --- running headers, footers, page numbers -------------------------------------------------


def _key(text: str) -> str:
    return " ".join(re.sub(r"\d+", "#", text).split()).lower()


def _zone(page: _Page) -> list[int]:
    """Indexes of the lines nearest the top and the bottom of the page, in its margins."""
    order = sorted(range(len(page.lines)), key=lambda i: -page.lines[i].y_first)
    top = [i for i in order[:_ZONE_LINES] if page.lines[i].y_first > (1 - _MARGIN) * page.height]
    bottom = [i for i in order[-_ZONE_LINES:] if page.lines[i].y_first < _MARGIN * page.height]
    return sorted(set(top + bottom))


def _remove_running_lines(pages: list[_Page]) -> None:
    text_pages = [p for p in pages if p.lines]
    n = len(text_pages)
    drop: dict[int, set[int]] = defaultdict(set)  # page number -> line indexes
    zones = {p.number: _zone(p) for p in text_pages}

    # 1. lines that recur (digits ignored) at the same height at the top or bottom of most pages
    if n >= 2:
        where: dict[str, list[tuple[int, int, float]]] = defaultdict(list)
        for p in text_pages:
            seen = set()
            for i in zones[p.number]:
                key = _key(p.lines[i].text)
                if key.strip("# ") and key not in seen:
                    seen.add(key)
                    where[key].append((p.number, i, p.lines[i].y_first))
        recurring = []
        for key, hits in where.items():
            y = statistics.median(h[2] for h in hits)
            hits = [h for h in hits if abs(h[2] - y) <= 8]
            if len(hits) >= 2 and len(hits) >= 0.5 * n:
                recurring.append((key, y))
                for number, i, _ in hits:
                    drop[number].add(i)
        # a recurring footer glued to other text on one page ("’s-Gravenhage 2024 Tweede
        # Kamer, vergaderjaar 2023–2024, Aanhangsel 1" on page 1): cut the footer off
        for key, y in recurring:
            pattern = _key_pattern(key)
            for p in text_pages:
                for i in zones[p.number]:
                    line = p.lines[i]
                    if i in drop[p.number] or abs(line.y_first - y) > 8:
                        continue
                    m = pattern.search(line.text)
                    if m and (m.start() == 0 or m.end() == len(line.text)):
                        glued = line.text[: m.start()] + line.text[m.end() :]
                        rest = glued.strip()
                        if rest:
                            if line.marks:
                                line.marks = _cut_marks(line.marks, m.start(), m.end(), glued, rest)
                            line.text = rest
                        else:
                            drop[p.number].add(i)

    # 2. page numbers: a bare number in the top or bottom margin that counts up with the
    #    pages; a page counter ("22/36", "pagina 3 van 12") as the first or last line of a
    #    page, alone or ending a footer line ("Totaallijst ... (36360 -VI-1) 22/36")
    candidates = []
    for p in text_pages:
        order = sorted((i for i in range(len(p.lines)) if i not in drop[p.number]), key=lambda i: -p.lines[i].y_first)
        if not order:
            continue
        ends = {order[0], order[-1]}
        zone = set(zones[p.number])
        for i in set(order[:2] + order[-2:]):
            text = p.lines[i].text.strip()
            m = _PAGE_NUMBER.fullmatch(text)
            if m:
                if i in zone:
                    candidates.append((p.number, i, int(m.group(1)) - p.number))
                continue
            if i not in ends and i not in zone:
                continue
            m = _PAGE_COUNTER.fullmatch(text) or (_TRAILING_COUNTER.search(text) if i in ends else None)
            if m and 0 < int(m.group(1)) <= int(m.group(2)):
                drop[p.number].add(i)
    offsets = Counter(c[2] for c in candidates)
    if offsets:
        offset, count = offsets.most_common(1)[0]
        if count >= 2:
            for number, i, off in candidates:
                if off == offset:
                    drop[number].add(i)

    for p in text_pages:
        if drop[p.number]:
            p.lines = [line for i, line in enumerate(p.lines) if i not in drop[p.number]]


def _cut_marks(marks, start: int, end: int, glued: str, rest: str) -> tuple[tuple[int, str], ...]:
    """A line's marks after text[start:end] was cut out (giving `glued`) and the result
    stripped (giving `rest`); a mark inside the cut goes to where the cut was."""
    lead = len(glued) - len(glued.lstrip())
    out = []
    for p, d in marks:
        if p > start:
            p = p - (end - start) if p >= end else start
        out.append((min(max(p - lead, 0), len(rest)), d))
    return tuple(out)


def _key_pattern(key: str) -> re.Pattern:
    parts = []
    for token in key.split():
        parts.append(r"\d+".join(re.escape(piece) for piece in token.split("#")))
    return re.compile(r"\s+".join(parts), re.I)


# --- blocks -----------------------------------------------------------------------------------


def _blocks(pages: list[_Page]) -> list[PdfBlock]:
    all_lines = [line for p in pages for line in p.lines]
    if not all_lines:
        return []
    weights: Counter = Counter()
    for line in all_lines:
        weights[round(line.size * 2) / 2] += len(line.text)
    body_size = weights.most_common(1)[0][0]
    spacing = _normal_spacing(pages)
    vocab = _Vocabulary(line.text for line in all_lines)

    blocks: list[PdfBlock] = []
    for p in pages:
        current: list[_Line] = []
        lines = p.lines
        for i, line in enumerate(lines):
            if line.table:
                # a row (or a line) of a ruled table: a block of its own, never a heading
                if current:
                    blocks.append(_block(p.number, current, body_size, vocab))
                    current = []
                if line.cells is None:
                    row, marks = _join_marked([line.text], [line.marks], vocab)
                else:
                    row, marks = _row_text(line, vocab)
                blocks.append(PdfBlock(page=p.number, text=row, is_heading=False, is_table=True,
                                       markers=_final_marks(marks, len(row))))
                continue
            if current and _breaks(current[-1], line, spacing) and not _table_rhythm(lines, i, body_size):
                blocks.append(_block(p.number, current, body_size, vocab))
                current = []
            current.append(line)
        if current:
            blocks.append(_block(p.number, current, body_size, vocab))
    return [b for b in blocks if b.text]


def _row_text(line: _Line, vocab: _Vocabulary) -> tuple[str, list]:
    """A table row's text, its cells joined by tabs (each cell's lines joined, hyphenated
    wraps mended, whitespace collapsed), and where its cells' markers stood."""
    texts, marks = [], []
    pos = 0
    for j, cell in enumerate(line.cells):
        cell_marks = line.cell_marks[j] if j < len(line.cell_marks) else ()
        if cell_marks:
            per_line = [[] for _ in cell]
            for k, q, d in cell_marks:
                per_line[min(k, len(cell) - 1)].append((q, d))
            joined, got = _join_marked(list(cell), per_line, vocab)
            cell_text, got = _squash(joined, got)
            marks.extend((pos + q, d) for q, d in got)
        else:
            cell_text = " ".join(_join_lines(list(cell), vocab).split())
        texts.append(cell_text)
        pos += len(cell_text) + 1
    return "\t".join(texts), marks


def _squash(text: str, marks) -> tuple[str, list]:
    """" ".join(text.split()), and the marks' positions in it (a mark in whitespace goes
    to the end of the word before it)."""
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    starts = [a for a, _ in words]
    new_starts, at = [], 0
    for a, b in words:
        new_starts.append(at)
        at += b - a + 1
    out = []
    for p, d in marks:
        j = bisect.bisect_right(starts, p) - 1
        if j < 0:
            out.append((0, d))
        else:
            a, b = words[j]
            out.append((new_starts[j] + min(p - a, b - a), d))
    return " ".join(text[a:b] for a, b in words), out


def _final_marks(marks, length: int) -> tuple[tuple[int, str], ...]:
    return tuple(sorted(((min(max(p, 0), length), d) for p, d in marks), key=lambda m: m[0]))


def _gap(lines: list[_Line], i: int) -> float | None:
    """Baseline distance from line i-1 down to line i, when both have the same size."""
    if i <= 0 or i >= len(lines) or abs(lines[i].size - lines[i - 1].size) > 0.1:
        return None
    return lines[i - 1].y_last - lines[i].y_first


def _table_rhythm(lines: list[_Line], i: int, body_size: float) -> bool:
    """Rows of a ruled table (set smaller than the body text) sit at a regular pitch that is
    wider than the spacing of wrapped lines: keep such a run of rows in one block."""
    line = lines[i]
    if line.size >= 0.9 * body_size or line.bold != lines[i - 1].bold:
        return False
    gap = _gap(lines, i)
    if gap is None or gap <= 0 or gap > 4 * line.size:
        return False
    return any(g is not None and abs(g - gap) <= 1.0 for g in (_gap(lines, i - 1), _gap(lines, i + 1)))


def _normal_spacing(pages: list[_Page]) -> dict[float, float]:
    gaps: dict[float, list[float]] = defaultdict(list)
    for p in pages:
        for prev, line in zip(p.lines, p.lines[1:]):
            size = round(line.size * 2) / 2
            if abs(prev.size - line.size) < 0.1 and not prev.bold and not line.bold:
                gap = prev.y_last - line.y_first
                if 0.8 * size < gap < 2.5 * size:
                    gaps[size].append(round(gap * 2) / 2)
    spacing = {}
    for size, values in gaps.items():
        # the most common gap is the spacing inside a paragraph; ties go to the smaller
        counts = Counter(values)
        best = max(counts.values())
        spacing[size] = min(v for v, c in counts.items() if c == best)
    return spacing


def _breaks(prev: _Line, line: _Line, spacing: dict[float, float]) -> bool:
    size = max(line.size, 1.0)
    if abs(line.size - prev.size) > _SIZE_CHANGE * max(line.size, prev.size):
        return True
    if line.bold != prev.bold:
        return True
    normal = spacing.get(round(line.size * 2) / 2, 1.2 * size)
    gap = prev.y_last - line.y_first
    if gap > _GAP_FACTOR * normal or gap < -0.5 * size:
        return True
    return bool(_BULLET.match(line.text))


def _block(page: int, lines: list[_Line], body_size: float, vocab: _Vocabulary) -> PdfBlock:
    text, marks = _join_marked([line.text for line in lines], [line.marks for line in lines], vocab)
    bigger = all(line.size > body_size * 1.1 for line in lines)
    bolder = all(line.bold for line in lines)
    short = len(text) <= _HEADING_MAX_CHARS and len(lines) <= _HEADING_MAX_LINES
    return PdfBlock(page=page, text=text, is_heading=bool((bigger or bolder) and short),
                    markers=_final_marks(marks, len(text)))


# --- hyphenation ----------------------------------------------------------------------------
#
# pdfium reports a hyphen at a line end as U+FFFE and joins the two lines itself
# ("benadruk\ufffeten"); some PDFs have a soft hyphen U+00AD, or a plain "-" before the line
# break. A word split by hyphenation is joined ("benadrukten", "directeurenniveau"); a real
# hyphen stays: before an upper-case letter or a digit ("Noord-Holland"), after an acronym
# or a number ("EU-burger", "2021-2025"), after "niet" ("niet-ingezetene"), before "en"/"of"
# ("crisis- en solidariteitsmechanisme"), inside a URL, and where the document itself
# writes the word with a hyphen elsewhere ("laissez-passer", "mvv-plicht"). Without a
# dictionary some real hyphens are still lost ("time-\noutlocaties" -> "timeoutlocaties").

_WORD = re.compile(r"\w+(?:-\w+)*")
_SUSPENDED_NEXT = {"en", "of", "tot", "noch", "and", "or"}  # "toe- en afname"
_HYPHEN_PREFIXES = {"niet"}  # "niet-ingezetene"; not "pro"/"ex"/...: "pro-cedure", "ex-port"
SOFT_HYPHENS = "\ufffe\u00ad\u0002"
_INLINE_SOFT = re.compile(r"[\ufffe\u00ad\u0002]")


class _Vocabulary:
    """The words of the whole document, to decide a line-end hyphen by how the document
    writes the same word elsewhere."""

    def __init__(self, texts):
        self.plain: set[str] = set()
        self.hyphenated: set[str] = set()
        self.heads: set[str] = set()
        for text in texts:
            for word in _WORD.findall(text.lower()):
                if "-" in word:
                    self.hyphenated.add(word)
                    self.heads.add(word.split("-", 1)[0])
                else:
                    self.plain.add(word)


def _hyphen_kind(before: str, after: str, vocab: _Vocabulary) -> str:
    """How to mend "<before>-<line break><after>": "join" (a hyphenated word: drop the
    hyphen and the break), "keep" (a real hyphen: keep it, drop the break) or "break"
    (a hyphen before "en"/"of": keep hyphen and line break)."""
    m = re.search(r"(\S*?)(\w*)$", before)
    token, head = (m.group(1) + m.group(2)), m.group(2)
    m = re.match(r"\w*", after)
    tail = m.group(0) if m else ""
    if tail.lower() in _SUSPENDED_NEXT and after[len(tail) : len(tail) + 1] in ("", " ", "\n"):
        return "break"
    if not head or not tail or not tail[0].isalpha() or not tail[0].islower():
        return "keep"  # "Noord-Holland", "2021-2025", "-smokkel"
    if not head[-1].isalpha():
        return "keep"
    if "/" in token or "www." in token or "@" in token:
        return "keep"  # a URL or path keeps its hyphens
    joined = (head + tail).lower()
    if joined in vocab.plain:
        return "join"
    letters = [c for c in token if c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return "keep"  # "EU-burger", "T&O-overeenkomst"
    if head.lower() in _HYPHEN_PREFIXES or f"{head}-{tail}".lower() in vocab.hyphenated:
        return "keep"
    if len(head) >= 3 and head.lower() in vocab.heads:
        return "keep"  # "mvv-" is written with a hyphen elsewhere ("mvv-plichtig")
    return "join"


_MENDED = {"join": "", "keep": "-", "break": "-\n"}


def _mended(out: str, hyphen_at: int, rest: str, vocab: _Vocabulary) -> str:
    """What replaces a line-end hyphen at out[hyphen_at] and its line break, when rest (the
    text after the break) follows: "" (joined), "-" (kept) or "-\n" (kept with the break)."""
    return _MENDED[_hyphen_kind(out[max(0, hyphen_at - 200) : hyphen_at], rest, vocab)]


def _shift(marks: list | None, at: int, removed: int, inserted: int) -> None:
    """Move marks (lists [position, digits]) over an edit that replaced text[at:at+removed]
    with `inserted` chars; a mark inside the replaced text goes to its end."""
    if not marks:
        return
    for m in marks:
        p = m[0]
        if p > at:
            m[0] = p + inserted - removed if p >= at + removed else at + inserted


def _dehyphenate_inline(text: str, vocab: _Vocabulary, marks: list | None = None) -> str:
    """Mend the hyphens pdfium already joined to the next line (U+FFFE inside a line);
    marks ([position, digits] lists) are moved along."""
    while True:
        m = _INLINE_SOFT.search(text)
        if not m:
            return text
        i = m.start()
        if i + 1 >= len(text):
            # a hyphen at the very end of the block (the word goes on on the next page)
            end = "" if text[i] == "\u00ad" else "-"
            _shift(marks, i, 1, len(end))
            return text[:i] + end
        if text[i] == "\u00ad" and not text[i + 1].isspace():
            _shift(marks, i, 1, 0)
            text = text[:i] + text[i + 1 :]  # a soft hyphen inside a line is invisible
            continue
        rest = text[i + 1 :].lstrip("\n") if text[i + 1] == "\n" else text[i + 1 :]
        mended = _mended(text, i, rest, vocab)
        _shift(marks, i, len(text) - i - len(rest), len(mended))
        text = text[:i] + mended + rest


def _join_lines(lines: list[str], vocab: _Vocabulary) -> str:
    return _join_marked(lines, None, vocab)[0]


def _join_marked(lines: list[str], line_marks, vocab: _Vocabulary) -> tuple[str, list]:
    """The lines joined with "\n", hyphenated line ends mended; with each line's marks
    ((position in the line, digits), or None for none) as [position in the result, digits]."""
    out = ""
    marks: list[list] = []
    for n, line in enumerate(lines):
        line = line.rstrip()
        if not out:
            out = line
        elif out[-1] == "-" and len(out) >= 2 and out[-2].isalnum():
            at = len(out) - 1
            mended = _mended(out, at, line, vocab)
            _shift(marks, at, 1, len(mended))
            out = out[:at] + mended + line
        elif out[-1] in SOFT_HYPHENS:
            out = out + "\n" + line  # mended below, with the break
        else:
            out += "\n" + line
        if line_marks and line_marks[n]:
            base = len(out) - len(line)
            marks.extend([base + min(p, len(line)), d] for p, d in line_marks[n])
    return _dehyphenate_inline(out, vocab, marks), marks
