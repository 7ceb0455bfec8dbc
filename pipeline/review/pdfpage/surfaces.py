"""A number found again in a text by its surface as written ("2.490", "26%", "1 025", "de helft"),
and the words around it compared.

Any white space, line break or soft hyphen is allowed between the surface's characters ("1 025" /
"1025", "35 %", "9,9" / "miljard" on two lines; a dash as typeset reads as "-"), but the surface is
not found inside a longer number or word ("26%" is not the end of "126%"). Words are lower-case letter
runs and digit runs, so punctuation, line breaks, soft hyphens, the tabs or " | " between table cells
and a footnote marker (one extra word) hardly count when the words around two occurrences are
compared. Pure text: no pdfium here."""
from __future__ import annotations

import bisect
import re
from difflib import SequenceMatcher

from pipeline.ingest.pdf.hyphens import SOFT_HYPHENS

CONTEXT_WORDS = 12  # words compared on each side of a number

_DASHES = "\u2010\u2011\u2012\u2013\u2212"  # a minus sign as typeset, read as "-"
_TOKEN = re.compile(r"[^\W\d_]+|\d+")
_INVISIBLE_RE = re.compile(f"[{SOFT_HYPHENS}]")
_VISIBLE_RUN = re.compile(f"[^\\s{SOFT_HYPHENS}]+")
_AS_HYPHEN = str.maketrans(_DASHES, "-" * len(_DASHES))


class Compact:
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
        caller (see goes_on)."""
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


def goes_on(text: str, b: int) -> bool:
    """The word or number that ends at text[b - 1] goes on at text[b]."""
    if b >= len(text):
        return False
    last, nxt = text[b - 1], text[b]
    if last.isdigit():
        return nxt.isdigit() or (nxt in ".," and text[b + 1 : b + 2].isdigit())
    return last.isalpha() and (nxt.isalnum() or nxt == "_")


def compact_surface(surface) -> str:
    return "".join(str(surface).split()).translate(_AS_HYPHEN)


def tokens(text: str) -> list[str]:
    """Lower-case letter runs and digit runs ("Na\ufffereizigers: 2.490" -> nareizigers 2 490)."""
    return _TOKEN.findall(_INVISIBLE_RE.sub("", text).lower())


def shared(a: tuple[str, ...], b: tuple[str, ...]) -> int:
    """How many words two word sequences have in common, in order."""
    if not a or not b:
        return 0
    return sum(block.size for block in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks())
