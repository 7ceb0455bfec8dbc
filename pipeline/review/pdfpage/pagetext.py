"""One page's pdfium text: where a number's surface stands in it, the words around it (read on into
the neighbouring pages), and the boxes of its characters, one per printed line, as fractions of the
page as rendered (origin top-left, the page's /Rotate applied).

A superscript footnote marker glued after a number does not make it a longer number ("2050" in
"2050³"). Every method calls pdfium: they run inside document.opened, under the pdfium lock."""
from __future__ import annotations

import ctypes

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipeline.ingest.pdf.hyphens import SOFT_HYPHENS
from pipeline.ingest.pdf.lines import SUPERSCRIPT_MAX_SIZE
from pipeline.ingest.pdf.textpage import PageChars, page_text

from .surfaces import CONTEXT_WORDS, Compact, goes_on, tokens

Box = tuple[float, float, float, float]  # (x0, y0, x1, y1), fractions of the page, origin top-left

_CONTEXT_CHARS = 300  # page text read on each side for the words around a number
_DEVICE = 1 << 20  # the virtual device page coordinates are mapped to, for fractions


class CharBoxes(PageChars):
    """pipeline.ingest.pdf's per-character look-ups, and a character's box."""

    def box(self, i: int) -> tuple[float, float, float, float]:
        """(left, bottom, right, top) in page space."""
        pdfium_c.FPDFText_GetCharBox(self.tp, i, *self._box)
        return self._l.value, self._b.value, self._r.value, self._t.value


class PageText:
    """One loaded page: pdfium's text of it (one char per char index) and its characters."""

    def __init__(self, doc: pdfium.PdfDocument, index: int):
        self.page = pdfium_c.FPDF_LoadPage(doc.raw, index)
        self.textpage = pdfium_c.FPDFText_LoadPage(self.page) if self.page else None
        n = pdfium_c.FPDFText_CountChars(self.textpage) if self.textpage else 0
        self.text = page_text(self.textpage, n) if n > 0 else ""
        self.chars = CharBoxes(self.textpage) if self.textpage else None
        self._compact = Compact(self.text)
        self._found: dict[str, list[tuple[int, int]]] = {}

    def find(self, surface: str) -> list[tuple[int, int]]:
        """[start, end) char index ranges where `surface` (white space removed) stands; a
        superscript digit glued after it (a footnote marker) does not make it a longer number."""
        if surface not in self._found:
            self._found[surface] = [
                (a, b) for a, b in self._compact.spans(surface)
                if not goes_on(self.text, b) or self._marker_at(b)]
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


class Pages:
    """The pages of one open document, each loaded when first asked for."""

    def __init__(self, doc: pdfium.PdfDocument):
        self.doc = doc
        self.n_pages = len(doc)
        self._pages: dict[int, PageText] = {}

    def get(self, page: int) -> PageText:
        if page not in self._pages:
            self._pages[page] = PageText(self.doc, page - 1)
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
        return tuple(tokens(before)[-CONTEXT_WORDS:]), tuple(tokens(after)[:CONTEXT_WORDS])

    def close(self) -> None:
        for p in self._pages.values():
            p.close()
        self._pages.clear()
