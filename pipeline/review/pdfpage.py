"""A PDF page as an image, and where an extracted number stands on it, so that a reviewer checks
the number against the page as published.

    page_count(pdf_path) -> int
    render_page_png(pdf_path, page, scale=1.5) -> bytes          # PNG of a 1-based page
    locate_numbers(pdf_path, items) -> {item_id: NumberBox}      # items: (item_id, page, surface, quote)
    items_for(doc, rows) -> items                                # exact items for (item_id, char_start, char_end)

An observation's char_start/char_end index Document.text, which is not pdfium's page text
(pipeline.ingest.pdf drops running headers and footnote markers, joins hyphenated lines and writes
table rows with tabs), so a number is found again in pdfium's own text of its page: its surface as
written ("2.490", "26%", "1 025", "de helft") with any white space, line break or soft hyphen allowed
between its characters ("1 025" / "1025", "35 %", "9,9" / "miljard" on two lines), not inside a
longer number ("26%" is not the end of "126%"; a superscript footnote marker glued after it is
allowed: "2050" in "2050³"). Where the surface stands more than once on the page, the occurrence
whose words before and after it best match the words around it in the quote (the sentence or
table row it came from) wins; words are compared as lower-case letter runs and digit runs, so
punctuation, line breaks, soft hyphens, the tabs or " | " between table cells and a footnote
marker (one extra word) hardly count. A number whose page does not have it, or has it only in
other words, is looked for on the pages before and after too (a paragraph joined across a page
break has the page it starts on). Rows that share a surface are given distinct occurrences,
best-matching first; rows with the same page, surface and quote are the surface's occurrences in
that quote in the order given (document order: pipeline.store.to_frame's order), or one occurrence
for all when the quote has it once ("in zowel 2022 als 2023 3%": two rows, one number). That guess
fails where a quote holds the surface more often than it has rows (the article "een" beside the
number "een"): items_for(doc, rows) gives, instead of the quote, the document text around the
number and which occurrence in it the number is, which is exact.

A number's boxes are the union of its characters' boxes, one per printed line it stands on, as
fractions of the rendered page (origin top-left, the page's /Rotate applied as render_page_png
applies it). The PDF is opened once per call and each page's text read once, in one pdfium call.

A file that is no readable PDF raises IngestError ('<path>: <reason>', one line); a page number
outside the document, or a bad scale, raises ValueError with a one-line reason. pdfium is not
thread-safe, so the three functions take turns on a lock (a web server's threads may call them).
"""
from __future__ import annotations

import bisect
import ctypes
import io
import operator
import re
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipeline.errors import IngestError, read_bytes
from pipeline.model import Document
from pipeline.ingest.pdf.hyphens import SOFT_HYPHENS
from pipeline.ingest.pdf.lines import SUPERSCRIPT_MAX_SIZE
from pipeline.ingest.pdf.opening import DAMAGED, PDFIUM_LOCK, check_pdf_bytes, open_pdf
from pipeline.ingest.pdf.textpage import PageChars, page_text

__all__ = ["NumberBox", "items_for", "locate_numbers", "page_count", "render_page_png"]

Box = tuple[float, float, float, float]  # (x0, y0, x1, y1), fractions of the page, origin top-left


@dataclass(frozen=True)
class NumberBox:
    page: int  # 1-based
    # one box a printed line the number's characters are on (normally one)
    boxes: tuple[Box, ...]


# --- tuning --------------------------------------------------------------------------------

_DASHES = "\u2010\u2011\u2012\u2013\u2212"  # a minus sign as typeset, read as "-"
_CONTEXT_WORDS = 12  # words compared on each side of a number
_CONTEXT_CHARS = 300  # page text read on each side for them
_LOOK_AROUND = 0.5  # the neighbouring pages are searched when the best match on the row's page
#                     shares fewer than this share of the quote's words around the number
_MIN_SHARE = 0.25  # an occurrence sharing fewer of them is not the number (when the quote has 4+)
_MAX_SCALE = 10.0  # render_page_png: at most 720 dpi
_DEVICE = 1 << 20  # the virtual device page coordinates are mapped to, for fractions

_TOKEN = re.compile(r"[^\W\d_]+|\d+")
_INVISIBLE_RE = re.compile(f"[{SOFT_HYPHENS}]")
_VISIBLE_RUN = re.compile(f"[^\\s{SOFT_HYPHENS}]+")
_AS_HYPHEN = str.maketrans(_DASHES, "-" * len(_DASHES))


# --- public entry points --------------------------------------------------------------------



def page_count(pdf_path) -> int:
    """The number of pages of the PDF at pdf_path."""
    with _opened(pdf_path) as doc:
        return len(doc)


def render_page_png(pdf_path, page: int, scale: float = 1.5) -> bytes:
    """PNG bytes of a 1-based page rendered at `scale` pixels per PDF point (1.5: 108 dpi),
    ceil(width * scale) by ceil(height * scale) pixels, annotations drawn, on white."""
    if isinstance(scale, bool) or not isinstance(scale, (int, float)) or not 0 < scale <= _MAX_SCALE:
        raise ValueError(f"{pdf_path}: scale {scale!r} is not a number above 0 and at most {_MAX_SCALE:g}")
    with _opened(pdf_path) as doc:
        pdf_page = doc[_checked_page(pdf_path, page, len(doc)) - 1]
        try:
            image = pdf_page.render(scale=scale).to_pil()  # BGR read as RGB: a copy of the bitmap
        finally:
            pdf_page.close()
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=3)
    return out.getvalue()


def locate_numbers(pdf_path, items) -> dict:
    """{item_id: NumberBox} for the items found on their page or the pages next to it; items
    are (item_id, page, surface, quote): the row's 1-based page, the number as written
    (Document.text[char_start:char_end]) and the row's quote (or any text around the number).
    Give all rows of a document in one call, in document order. An item may have a fifth
    element, which occurrence of the surface in the quote the number is (0-based), as
    items_for gives: then no order is assumed."""
    items = list(items)
    with _opened(pdf_path) as doc:
        items = [_checked_item(pdf_path, item, len(doc)) for item in items]
        pages = _Pages(doc)
        try:
            wanted = _queries(items)
            chosen = _choose(list(dict.fromkeys(wanted.values())), pages)
            out = {}
            boxes_at: dict[tuple[int, int, int], tuple[Box, ...]] = {}
            for item_id, query in wanted.items():
                where = chosen.get(query)
                if where is None:
                    continue
                if where not in boxes_at:
                    boxes_at[where] = pages.get(where[0]).boxes(where[1], where[2])
                if boxes_at[where]:
                    out[item_id] = NumberBox(where[0], boxes_at[where])
            return out
        finally:
            pages.close()


def items_for(doc: Document, rows, around: int = 120) -> list[tuple]:
    """locate_numbers' items for rows (item_id, char_start, char_end) of a Document read from
    the PDF: the number's page, its surface, the document text `around` characters either side
    of it, and which occurrence of the surface in that text it is, so that a number written
    twice in one sentence is told apart exactly."""
    out = []
    for item_id, char_start, char_end in rows:
        char_start, char_end = int(char_start), int(char_end)
        surface = doc.text[char_start:char_end]
        begin = max(0, char_start - around)
        context = doc.text[begin : char_end + around]
        compact = _compact_surface(surface)
        starts = [a for a, b in _Compact(context).spans(compact) if not _goes_on(context, b)] if compact else []
        at = char_start - begin
        occurrence = starts.index(at) if at in starts else sum(1 for a in starts if a < at)
        out.append((item_id, doc.page_of(char_start), surface, context, occurrence))
    return out


# --- opening --------------------------------------------------------------------------------


@contextmanager
def _opened(pdf_path):
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


def _checked_item(pdf_path, item, n_pages: int) -> tuple:
    """(item_id, page, surface, quote[, occurrence]) with page and occurrence as int (a
    DataFrame gives numpy integers), the page inside the document."""
    item = tuple(item)
    if len(item) not in (4, 5):
        raise ValueError(f"{pdf_path}: item {item[:1]!r}... is not (item_id, page, surface, quote[, occurrence])")
    item_id, page, surface, quote, *occurrence = item
    checked = (item_id, _checked_page(pdf_path, page, n_pages), surface, quote)
    return checked + tuple(_whole(pdf_path, v, "occurrence") for v in occurrence)


def _whole(pdf_path, value, what: str) -> int:
    if not isinstance(value, bool):
        try:
            return operator.index(value)
        except TypeError:
            pass
    raise ValueError(f"{pdf_path}: {what} {value!r} is not a whole number")


def _checked_page(pdf_path, page, n_pages: int) -> int:
    page = _whole(pdf_path, page, "page")
    if not 1 <= page <= n_pages:
        raise ValueError(f"{pdf_path}: page {page} is out of range: the PDF has {n_pages} "
                         f"page{'s' if n_pages != 1 else ''}, numbered from 1")
    return page


# --- the pages' text --------------------------------------------------------------------------


class _Boxes(PageChars):
    """pipeline.ingest.pdf's per-character look-ups, and a character's box."""

    def box(self, i: int) -> tuple[float, float, float, float]:
        """(left, bottom, right, top) in page space."""
        pdfium_c.FPDFText_GetCharBox(self.tp, i, *self._box)
        return self._l.value, self._b.value, self._r.value, self._t.value


class _PageText:
    """One loaded page: pdfium's text of it (one char per char index) and its characters."""

    def __init__(self, doc: pdfium.PdfDocument, index: int):
        self.page = pdfium_c.FPDF_LoadPage(doc.raw, index)
        self.textpage = pdfium_c.FPDFText_LoadPage(self.page) if self.page else None
        n = pdfium_c.FPDFText_CountChars(self.textpage) if self.textpage else 0
        self.text = page_text(self.textpage, n) if n > 0 else ""
        self.chars = _Boxes(self.textpage) if self.textpage else None
        self._compact = _Compact(self.text)
        self._found: dict[str, list[tuple[int, int]]] = {}

    def find(self, surface: str) -> list[tuple[int, int]]:
        """[start, end) char index ranges where `surface` (white space removed) stands; a
        superscript digit glued after it (a footnote marker) does not make it a longer number."""
        if surface not in self._found:
            self._found[surface] = [
                (a, b) for a, b in self._compact.spans(surface)
                if not _goes_on(self.text, b) or self._marker_at(b)]
        return self._found[surface]

    def _marker_at(self, i: int) -> bool:
        return self.text[i].isdigit() and self.chars.size(i) < SUPERSCRIPT_MAX_SIZE * self.chars.size(i - 1)

    def boxes(self, start: int, end: int) -> tuple[Box, ...]:
        """The union of the boxes of text[start:end]'s visible characters, one per printed line,
        as fractions of the page."""
        lines: list[list[float]] = []  # left, bottom, right, top, baseline
        prev = start
        for i in range(start, end):
            ch = self.text[i]
            if ch.isspace() or ch in SOFT_HYPHENS:
                continue
            l, b, r, t = self.chars.box(i)
            if r <= l and t <= b:
                continue  # a generated char without a glyph
            y = self.chars.origin(i)[1]
            if lines and not _breaks_line(self.text, prev, i, y, lines[-1], t - b):
                cur = lines[-1]
                cur[0], cur[1], cur[2], cur[3] = min(cur[0], l), min(cur[1], b), max(cur[2], r), max(cur[3], t)
            else:
                lines.append([l, b, r, t, y])
            prev = i
        return tuple(self._fractions(line[:4]) for line in lines)

    def _fractions(self, box: list[float]) -> Box:
        """A page-space box as fractions of the page as rendered (its /Rotate applied)."""
        l, b, r, t = box
        xs, ys = [], []
        dx, dy = ctypes.c_int(), ctypes.c_int()
        for x, y in ((l, b), (l, t), (r, b), (r, t)):
            pdfium_c.FPDF_PageToDevice(self.page, 0, 0, _DEVICE, _DEVICE, 0, x, y, ctypes.byref(dx), ctypes.byref(dy))
            xs.append(dx.value / _DEVICE)
            ys.append(dy.value / _DEVICE)
        clamp = lambda v: min(max(v, 0.0), 1.0)  # noqa: E731
        return clamp(min(xs)), clamp(min(ys)), clamp(max(xs)), clamp(max(ys))

    def close(self) -> None:
        if self.textpage:
            pdfium_c.FPDFText_ClosePage(self.textpage)
        if self.page:
            pdfium_c.FPDF_ClosePage(self.page)


def _breaks_line(text: str, prev: int, i: int, baseline: float, line: list[float], height: float) -> bool:
    """Char i starts a new printed line after char prev: a line break between them in pdfium's
    text, or another baseline."""
    if "\r" in text[prev + 1 : i] or "\n" in text[prev + 1 : i]:
        return True
    return abs(baseline - line[4]) > 0.5 * max(height, line[3] - line[1], 1.0)


class _Pages:
    """The pages of one open document, each loaded when first asked for."""

    def __init__(self, doc: pdfium.PdfDocument):
        self.doc = doc
        self.n_pages = len(doc)
        self._pages: dict[int, _PageText] = {}

    def get(self, page: int) -> _PageText:
        if page not in self._pages:
            self._pages[page] = _PageText(self.doc, page - 1)
        return self._pages[page]

    def context(self, page: int, start: int, end: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The words before and after text[start:end] of a page, read on into the page before
        and the page after (a sentence goes on across a page break)."""
        text = self.get(page).text
        before = text[max(0, start - _CONTEXT_CHARS) : start]
        if start < _CONTEXT_CHARS and page > 1:
            before = self.get(page - 1).text[-(_CONTEXT_CHARS - start) :] + "\n" + before
        after = text[end : end + _CONTEXT_CHARS]
        if len(text) - end < _CONTEXT_CHARS and page < self.n_pages:
            after += "\n" + self.get(page + 1).text[: _CONTEXT_CHARS - len(after)]
        return tuple(_tokens(before)[-_CONTEXT_WORDS:]), tuple(_tokens(after)[:_CONTEXT_WORDS])

    def close(self) -> None:
        for p in self._pages.values():
            p.close()
        self._pages.clear()


# --- surfaces and words ---------------------------------------------------------------------

class _Compact:
    """A text without its white space and invisible hyphens (dashes read as "-"), to find a
    number whatever stands between its characters ("1 025" / "1025", "35 %", "9,9\nmiljard")."""

    def __init__(self, text: str):
        self.text = text
        runs = [(m.start(), m.group()) for m in _VISIBLE_RUN.finditer(text)]
        self.compact = "".join(r for _, r in runs).translate(_AS_HYPHEN)
        self.origins = [a for a, _ in runs]  # where each run starts in text ...
        self.starts = []  # ... and in compact
        at = 0
        for _, r in runs:
            self.starts.append(at)
            at += len(r)

    def _original(self, k: int) -> int:
        j = bisect.bisect_right(self.starts, k) - 1
        return self.origins[j] + k - self.starts[j]

    def spans(self, surface: str):
        """[start, end) in the text of each occurrence of surface (white space removed) that
        does not start inside a longer number or word; whether it ends inside one is for the
        caller (see _goes_on)."""
        k = self.compact.find(surface)
        while k >= 0:
            a = self._original(k)
            if not _goes_on_before(self.text, a, surface[0]):
                yield a, self._original(k + len(surface) - 1) + 1
            k = self.compact.find(surface, k + 1)


def _goes_on_before(text: str, a: int, first: str) -> bool:
    """A word or number goes on before text[a] (a digit or "1." / "1," before a digit, a word
    char before a letter)."""
    if a == 0:
        return False
    prev = text[a - 1]
    if first.isdigit():
        return prev.isdigit() or (prev in ".," and text[a - 2 : a - 1].isdigit())
    return first.isalpha() and (prev.isalnum() or prev == "_")


def _goes_on(text: str, b: int) -> bool:
    """The word or number that ends at text[b - 1] goes on at text[b]."""
    if b >= len(text):
        return False
    last, nxt = text[b - 1], text[b]
    if last.isdigit():
        return nxt.isdigit() or (nxt in ".," and text[b + 1 : b + 2].isdigit())
    return last.isalpha() and (nxt.isalnum() or nxt == "_")


def _compact_surface(surface) -> str:
    return "".join(str(surface).split()).translate(_AS_HYPHEN)


def _tokens(text: str) -> list[str]:
    """Lower-case letter runs and digit runs ("Na\ufffereizigers: 2.490" -> nareizigers 2 490)."""
    return _TOKEN.findall(_INVISIBLE_RE.sub("", text).lower())


@dataclass(frozen=True)
class _Query:
    """What is looked for: a surface on a page, with the quote's words before and after it."""
    page: int
    surface: str  # white space removed
    before: tuple[str, ...]
    after: tuple[str, ...]


def _queries(items) -> dict:
    """item_id -> its _Query. Items with the same page, surface and quote are the surface's
    occurrences in the quote in the order given (all the same one when it has one)."""
    seen: Counter = Counter()
    out = {}
    for item_id, page, surface, quote, *occurrence in items:
        compact = _compact_surface(surface)
        if not compact:
            continue
        quote = str(quote or "")
        if occurrence:
            rank = occurrence[0]
        else:
            rank = seen[(page, compact, quote)]
            seen[(page, compact, quote)] += 1
        spans = [(a, b) for a, b in _Compact(quote).spans(compact) if not _goes_on(quote, b)]
        if spans:
            a, b = spans[min(max(rank, 0), len(spans) - 1)]
            before = tuple(_tokens(quote[:a])[-_CONTEXT_WORDS:])
            after = tuple(_tokens(quote[b:])[:_CONTEXT_WORDS])
        else:
            before = after = ()  # a quote without the surface tells nothing about where it is
        out[item_id] = _Query(page, compact, before, after)
    return out


def _shared(a: tuple[str, ...], b: tuple[str, ...]) -> int:
    if not a or not b:
        return 0
    return sum(block.size for block in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks())


# --- choosing an occurrence -------------------------------------------------------------------


def _choose(queries: list[_Query], pages: _Pages) -> dict:
    """_Query -> (page, start, end) of the occurrence chosen for it; queries without one left out."""
    options: dict[_Query, list[tuple[float, int, int, int]]] = {}  # (share, page, start, end)
    for q in queries:
        own = _options(q, q.page, pages)
        opts = list(own)
        if not own or max(o[0] for o in own) < _LOOK_AROUND:
            for page in (q.page + 1, q.page - 1):
                if 1 <= page <= pages.n_pages:
                    opts += _options(q, page, pages)
        if len(q.before) + len(q.after) >= 4:
            opts = [o for o in opts if o[0] >= _MIN_SHARE]
        if opts:
            options[q] = opts

    # queries with the same surface get distinct occurrences where there are enough: the
    # best-matching pairs first (the row's own page before another at the same share)
    chosen: dict[_Query, tuple[int, int, int]] = {}
    by_surface: dict[str, list[_Query]] = defaultdict(list)
    for q in options:
        by_surface[q.surface].append(q)
    for group in by_surface.values():
        pairs = sorted(((share, page != q.page, abs(page - q.page), start, k, page, end)
                        for k, q in enumerate(group) for share, page, start, end in options[q]),
                       key=lambda p: (-p[0], p[1], p[2], p[3], p[4]))
        taken: set[tuple[int, int, int]] = set()
        for _, _, _, start, k, page, end in pairs:
            q = group[k]
            if q not in chosen and (page, start, end) not in taken:
                chosen[q] = (page, start, end)
                taken.add((page, start, end))
        for q in group:
            if q not in chosen:  # more rows than occurrences: the best one, shared
                share, page, start, end = max(options[q], key=lambda o: (o[0], o[1] == q.page))
                chosen[q] = (page, start, end)
    return chosen


def _options(q: _Query, page: int, pages: _Pages) -> list[tuple[float, int, int, int]]:
    """(share of the quote's words around the number found around it, page, start, end) for each
    occurrence of the query's surface on `page`."""
    p = pages.get(page)
    found = p.find(q.surface)
    if not found:
        return []
    total = len(q.before) + len(q.after)
    out = []
    for start, end in found:
        if total == 0:
            share = 1.0
        else:
            before, after = pages.context(page, start, end)
            share = (_shared(q.before, before) + _shared(q.after, after)) / total
        out.append((share, page, start, end))
    return out
