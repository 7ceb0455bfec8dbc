"""Numbers as written: what rounding allows. The interval a written figure stands for (Rounding: a
count that is a multiple of ten in a document whose counts are mostly rounded to tens stands for
anything within +-5, a whole percent for anything within +-0.5; written_half: the same for a figure
of which nothing else is known), and a share worked out from rounded figures (share_range,
share_finding), so that a check flags only what no rounding can explain."""
from __future__ import annotations

import functools
import re

from ..model import Observation
from ..values import dutch as _fmt
from .config import config
from .findings import Finding, finding


@functools.lru_cache(maxsize=64)
def _says_rounded(text: str) -> bool:
    """Does the text say its figures are rounded ("afgerond op tientallen")? Once per document text."""
    return bool(text) and bool(config()["_rounded_words"].search(text))


class Rounding:
    """The half-width of the interval a written figure stands for. Counts are taken as rounded to
    tens when the text says so or when most of them end in 0 (in the table, else in the document:
    `fallback`); a word number ("een derde") is an approximation."""

    def __init__(self, counts: list[float], doc_text: str = "", fallback: "Rounding | None" = None):
        big = [abs(v) for v in counts if abs(v) >= 100]
        tens = sum(1 for v in big if v % 10 == 0)
        evidence = len(big) >= 3
        self.tens = _says_rounded(doc_text) or (
            evidence and tens >= config()["rounding"]["tens_share"] * len(big))
        if fallback is not None and not self.tens and (not evidence or tens >= 0.5 * len(big)):
            self.tens = fallback.tens
        self.doc_text = doc_text or (fallback.doc_text if fallback else "")

    def half(self, o: Observation) -> float:
        v = abs(o.value)
        written = self.doc_text[o.char_start:o.char_end] if self.doc_text and o.char_start >= 0 else ""
        if o.unit == "percent":
            if re.search(r"[a-z]", written):
                return 2.5          # "een derde", "de helft": a word fraction is an approximation
            return 0.5 if float(o.value).is_integer() else 0.05
        if not float(o.value).is_integer():
            return 0.005
        rounding = config()["rounding"]
        if o.qualifier in rounding["approximate"] and v >= 100:
            return 50.0 if v % 100 == 0 else 5.0
        if o.qualifier in rounding["upper_bound"]:
            return max(v / 2, 0.5)
        return 5.0 if self.tens and v >= 10 and v % 10 == 0 else 0.0


def share_range(num: float, h_num: float, den: float, h_den: float) -> tuple[float, float, float]:
    """num / den * 100 as written, and its extremes when both are rounded (half-widths h_num, h_den)."""
    lo = (num - h_num) / (den + h_den) * 100
    hi = (num + h_num) / max(den - h_den, 1e-9) * 100
    return lo, hi, num / den * 100


def share_finding(check: str, share: Observation, num: float, h_num: float, den: float, h_den: float,
                  what: str, h_share: float = 0.5) -> list[Finding]:
    """A stated share against num / den, all possibly rounded: an error when no rounding explains it."""
    lo, hi, exp = share_range(num, h_num, den, h_den)
    if lo - h_share <= share.value <= hi + h_share:
        return []
    where = f"{share.table}: " if share.table else ""
    return [finding(check, "error", f"{where}{share.label} is {_fmt(share.value)}%, but {what} is {exp:.1f}%",
                    share, expected=round(exp, 1))]


def written_half(value: float, unit: str) -> float:
    """The half-width of the interval a figure as written stands for when nothing else is known of its
    document: a whole percent +-0.5, a count that is a multiple of ten (100 or more) +-5, decimals their
    last place. Figures of two editions are one figure when their intervals meet."""
    v = abs(value)
    if unit == "percent":
        return 0.5 if float(value).is_integer() else 0.05
    if not float(value).is_integer():
        return 0.005
    return 5.0 if v >= 100 and v % 10 == 0 else 0.0
