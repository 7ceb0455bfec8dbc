"""A page's printed lines from pdfium's text (page_lines -> Line): the pieces between pdfium's line
breaks, those that are one printed line joined again, and superscript footnote markers dropped from
the text (each kept as a mark: where it stood and its digits). Geometry and font sizes are asked for
only where they decide something: the first and last character of a piece, and the digit runs that
may be raised markers. Line and Page are the records the later steps (tables, running lines, blocks)
work on."""
from __future__ import annotations

import re
from dataclasses import dataclass

import pypdfium2.raw as pdfium_c

from .textpage import PageChars, page_text


SUPERSCRIPT_MAX_SIZE = 0.85  # a marker's font size is below this share of its neighbour's
_SUPERSCRIPT_MIN_RAISE = 0.12  # ... and its baseline is raised by at least this share
_SUPERSCRIPT_MAX_RAISE = 0.75  # ... and by less than this share of the neighbour's size

_LINE_SEP = re.compile(r"\r\n|\r|\n")
# a digit run that may be a footnote marker ("Europese1", "motie?1", "1 In de Staat ...");
# "1,2" and "1-3" marker lists are one run
_MARKER_RUN = re.compile(r"\d+(?:[,\u2013-]\d+)*")


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
class Line:
    """A printed line of a page (after table_rows, also a row of a ruled table)."""

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
class Page:
    """A page's printed lines, in pdfium's order, and its height (pdfium's y goes up from the bottom)."""

    number: int
    height: float
    lines: list[Line]


def page_lines(textpage) -> tuple[list[Line], str]:
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


def _make_line(group: list[_Seg], text: str, chars: PageChars) -> Line | None:
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
    return Line(line_text, y_first, y_last, size, bold, x0, x1, spans=spans, drop=tuple(drop), marks=tuple(marks))


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
