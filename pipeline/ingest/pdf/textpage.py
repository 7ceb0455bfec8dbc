"""A pdfium text page: its text in one call (page_text), and per-character look-ups with reused
ctypes buffers (PageChars: origin, right edge, box centre, font size as drawn, boldness). Callers hold
opening.PDFIUM_LOCK; pipeline.review.pdfpage looks characters up with these too."""
from __future__ import annotations

import ctypes
import math
import re

import pypdfium2.raw as pdfium_c


_BOLD_NAME = re.compile(rb"bold|black|heavy|demi|semibold|extrabold|ultrabold", re.I)


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


def page_text(textpage, n: int) -> str:
    buf = (ctypes.c_ushort * (n + 1))()
    got = pdfium_c.FPDFText_GetText(textpage, 0, n, buf)
    text = bytes(buf)[: max(got - 1, 0) * 2].decode("utf-16-le", errors="replace")
    if len(text) != n:
        # characters outside the BMP take two UTF-16 units and shift every later index:
        # rebuild the text one char per index (rare)
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(textpage, i) or 0xFFFD) for i in range(n))
    return text.replace("\x00", " ")
