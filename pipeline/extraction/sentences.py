"""Sentences of a block, and the brackets inside a sentence (a bracket is a scope of its own: what it
holds modifies what stands before it, and a number outside it does not look inside it). An apposition
between commas that describes the noun before it (", gezinsleden die na een asielzoeker komen,") is an
aside of the same kind for the populations and nationalities it names."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..language.numbers import in_rank_list

_ABBREV = {"ca", "t.o.v", "o.a", "nr", "bijv", "art", "jl", "j.l", "e.d", "m.b.t", "i.v.m", "d.w.z", "incl",
           "excl", "fig", "p", "blz", "c.q", "resp", "mln", "mld", "vs", "st", "o.b.v", "m.u.v", "ea",
           "zgn", "evt", "max", "min", "gem", "vnl", "mr", "dr", "drs", "ir", "prof", "jr", "sr", "d.d"}
# a sentence ends at . ! ? before white space and a capital, digit or bullet — or at a full stop glued
# to the next sentence's first word after a number ("... ongeveer 1.290.Syrische en staatloze ...")
_SPLIT = re.compile(r"[.!?](?=[\s\u00a0]+[\"'“‘(\[]?[A-Z0-9ÀÁÂÄÉÈËÏÖÓÜ●•▶►])|(?<=\d)\.(?=[A-Z][a-zà-ÿ]{2})")


def split_sentences(text: str, offset: int) -> list[tuple[int, int, str]]:
    """(start, end, text) of each sentence of `text`, offsets shifted by `offset`."""
    out = []
    start = 0
    for m in _SPLIT.finditer(text):
        word = re.search(r"([\w.]+)$", text[start:m.start()])
        w = word.group(1).lower() if word else ""
        if w.rstrip(".") in _ABBREV or (len(w) == 1 and w.isalpha()):
            continue
        if w.isdigit() and len(w) <= 2 and (in_rank_list(text, m.start()) or not text[start:m.start()].strip(" \t0123456789")):
            continue      # "1. Pools 2. Roemeens 3. Bulgars", "1. Werk, studie en gezin": ranks and list numbers
        end = m.end()
        out.append((start, end))
        start = end
        while start < len(text) and text[start].isspace():
            start += 1
    if start < len(text) and text[start:].strip():
        out.append((start, len(text)))
    return [(offset + s, offset + e, text[s:e]) for s, e in out]


@dataclass(frozen=True)
class Bracket:
    start: int      # document offset of "("
    end: int        # one past ")" (or the sentence end when it is not closed)
    parent: int     # index of the enclosing bracket, -1 at the top
    aside: bool = False     # an apposition between commas, not a round bracket: it holds no number and
                            # no bracket, and its periods stay in view (in_scope.visible)


def brackets(text: str, offset: int, apposition: re.Pattern | None = None) -> list[Bracket]:
    """The round brackets of a sentence, nested, with document offsets; then the appositions that
    `apposition` finds and that hold no figure and no bracket (asides)."""
    out: list[Bracket] = []
    stack: list[tuple[int, int]] = []   # (index in out, start)
    for i, ch in enumerate(text):
        if ch == "(":
            out.append(Bracket(offset + i, offset + len(text), stack[-1][0] if stack else -1))
            stack.append((len(out) - 1, offset + i))
        elif ch == ")" and stack:
            k, s = stack.pop()
            out[k] = Bracket(s, offset + i + 1, out[k].parent)
    for m in apposition.finditer(text) if apposition is not None else ():
        if not re.search(r"[\d()]", m.group()):
            a, b = offset + m.start(), offset + m.end()
            out.append(Bracket(a, b, innermost(out, a, b), aside=True))
    return out


def innermost(brs: list[Bracket], start: int, end: int) -> int:
    """Index of the innermost bracket that holds [start, end), -1 when none does."""
    best = -1
    for i, b in enumerate(brs):
        if b.start < start and end <= b.end and (best < 0 or b.start >= brs[best].start):
            best = i
    return best


def ancestors(brs: list[Bracket], i: int) -> list[int]:
    """The bracket itself and every bracket around it, innermost first; -1 (the top) last."""
    out = []
    while i >= 0:
        out.append(i)
        i = brs[i].parent
    return out + [-1]
