"""The nearest candidate in scope (ConText): a modifier is seen by a number when it stands outside every
bracket the number is not in, within the scope's maximum of tokens in the direction looked in, with
nothing between them that ends the scope (another number, punctuation, a clause boundary or clause
word, a bracket: the scopes of rules/attachment.yaml, checked by scope_rules)."""
from __future__ import annotations

import re

from .constructions import pattern
from .mentions import Mention, Sentence
from .sentences import ancestors


def visible(sent: Sentence, n: Mention, m: Mention) -> bool:
    """A modifier is seen by a number when it stands outside every bracket the number is not in; a
    period in an apposition (an aside between commas) is seen as if it stood around it."""
    around = ancestors(sent.brackets, n.bracket)
    if m.bracket in around:
        return True
    b = sent.brackets[m.bracket] if m.bracket >= 0 else None
    return b is not None and b.aside and m.kind == "PERIOD" and b.parent in around


def _stops(sent: Sentence, text: str, a: int, b: int, stop: list[str]) -> bool:
    """Does anything that ends a scope lie in [a, b)?"""
    between = text[a:b]
    for s in stop:
        if s == "NUMBER" and any(a <= x.start and x.end <= b for x in sent.numbers):
            return True
        if s == "PUNCT" and re.search(r"[,;:]", between):
            return True
        if s == "CLAUSE" and re.search(r";|\s[–-]\s", between):
            return True
        if s == "BRACKET" and re.search(r"[()]", between):
            return True
        if s == "CLAUSE_WORD" and pattern("clause_word").search(between):
            return True
    return False


def nearest(sent: Sentence, text: str, n: Mention, cands: list[Mention], direction: str, scope: dict) -> Mention | None:
    best, best_d = None, None
    for m in cands:
        if not visible(sent, n, m):
            continue
        if direction in ("before",):
            if m.end > n.start:
                continue
            d = n.tok - m.tok_end
            gap = (m.end, n.start)
        else:
            if m.start < n.end:
                continue
            d = m.tok - n.tok_end
            gap = (n.end, m.start)
        if d > scope.max or _stops(sent, text, gap[0], gap[1], scope.stop):
            continue
        if best_d is None or d < best_d:
            best, best_d = m, d
    return best
