"""The category of a number: one right before it ("Kennis & Talent (circa 2.360)"), after it in its
clause, before it, sentence-wide, from the frame, or its heading's one category; only a category that
rules/categories.yaml `only_with` allows for the number's population."""
from __future__ import annotations

import functools
import re

from ..rules import load
from .attachment import Choice, spans_of
from .constructions import clause_span, pattern
from .frame import Frame
from .in_scope import visible
from .mentions import Sentence


@functools.lru_cache(maxsize=1)
def _category_limits() -> dict[str, list[str]]:
    return {c["category"]: c["only_with"] for c in load("categories")["categories"] if c.get("only_with")}


def attach_category(sent: Sentence, i: int, frame: Frame, text: str, heading_categories: list[str],
                    population: str) -> Choice:
    n = sent.numbers[i]
    b0, a1 = clause_span(sent, i)
    limits = _category_limits()

    def ok(code: str) -> bool:
        allowed = limits.get(code.split("_")[0] if code.startswith("spoor_") else code)
        return not allowed or not population or population in allowed

    local = [m for m in sent.categories if not m.is_location and ok(m.label) and visible(sent, n, m)]
    for m in local:   # "Kennis & Talent (circa 2.360)"
        if b0 <= m.end <= n.start and pattern("category_lead").fullmatch(text[m.end:n.start]):
            return Choice(m.label, "category.paren", text[m.start:m.end], spans=spans_of([m]))
    after = [m for m in local if n.end <= m.start < a1 and
             not (re.match(r"\s*\(", text[m.end:m.end + 3]) and i + 1 < len(sent.numbers))
             and not (_NEXT_PART.search(text[n.end:m.start]) and i + 1 < len(sent.numbers))]   # ("95 procent, voor asielzoekers uit ...")
    codes = {m.label for m in after}
    if len(codes) == 1:
        return Choice(after[0].label, "category.after", text[after[0].start:after[0].end],
                      spans=spans_of(after[:1]))
    if len(codes) > 1:
        return Choice("", "")    # "voor onbepaalde tijd c.q. ... voor bepaalde tijd": both, so neither
    for m in reversed(local):    # "afgedaan in spoor 4 was 76%"
        if b0 <= m.start and m.end <= n.start and (i == 0 or m.start >= n.start - 60):
            return Choice(m.label, "category.before", text[m.start:m.end], spans=spans_of([m]))
    for m in sent.categories:      # (not across a semicolon: "... bedroeg 64 procent; berekend volgens de Europese definitie ... 73")
        if m.is_location and ok(m.label) and ";" not in text[min(m.end, n.start):max(m.start, n.end)]:
            # sentence-wide categories (eu_definition, incl_relocation_resettlement)
            return Choice(m.label, "category.sentence", text[m.start:m.end], spans=spans_of([m]))
    if not sent.populations and frame.category and not any(not m.is_location for m in sent.nationalities):
        # "In 2022 was dit 80%." takes the category before (not "Voor Syriërs was het 96 procent": their own figure)
        return Choice(frame.category, "category.frame")
    if len(heading_categories) == 1 and ok(heading_categories[0]):   # "VERTREK UIT CASELOAD DT&V" over a dashboard
        return Choice(heading_categories[0], "category.heading")
    return Choice("", "")


_NEXT_PART = re.compile(r"(?i)(?:[,;]\s*(?:en\s+)?|\s(?:en|of)\s+)(?:voor|bij|onder|van|aan|in)\s")     # a part of the sentence about the next figure
