"""Attachment: each number of a sentence takes its period, population, nationalities and category
from the mentions around it, in the manner of medspaCy's ConText. This module holds what that gives:
a Choice per modifier and the Attachment of one number.

First the named constructions of rules/attachment.yaml bind what belongs to one number ("P: N",
"P (N)", "N in P", "(N1 resp. N2)", "van N1 naar N2 in P", "A, B en C (elk N)"). Then every modifier
type is looked for in its directions (rules/attachment.yaml `modifiers`): the nearest candidate in
scope wins, scopes end where the rules say (another number, a clause boundary, a bracket), and a
modifier inside a bracket is seen only by the numbers in it. What the sentence does not say comes
from the frame (pipeline.extraction.frame). Every choice records the rule that made it and the words
it came from, so a row explains itself.

The parts, one module each: constructions (the words of rules/attachment.yaml `patterns`, and the
constructions several modifiers share: a number's clause, a bracketed list, "van N1 naar N2",
"respectievelijk"), in_scope (the nearest candidate in scope), period_attachment,
population_attachment, nationality_attachment, category_attachment.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..model import Period
from .mentions import Mention


@dataclass(frozen=True)
class Choice:
    value: object        # a Period, a population id, a tuple of codes or a category id
    how: str             # the rule: "period.own_after", "population.head", "nationality.frame" ...
    source: str = ""     # the words it came from ("in oktober"), empty for the frame and defaults
    refined_from: str = ""   # a population: the generic one its words named ("asylum_applications")
    spans: tuple[tuple[int, int], ...] = ()   # [start, end) in Document.text of each of its words

    def part(self, name: str, text: str) -> dict:
        """This choice as a part of an explanation record (explanation_record)."""
        rule, _, detail = self.how.partition(" ")
        out = {"part": name, "rule": rule}
        if detail:
            out["detail"] = detail
        if self.spans:
            out["words"] = [{"start": s, "end": e, "text": text[s:e]} for s, e in self.spans]
        return out


def spans_of(mentions) -> tuple[tuple[int, int], ...]:
    """The half-open document spans of the mentions a choice came from (Choice.spans)."""
    return tuple((m.start, m.end) for m in mentions)


@dataclass(frozen=True)
class Attachment:
    number: Mention
    periods: tuple[Period, ...]
    period: Choice
    population: Choice
    nationalities: Choice   # value: tuple of codes (one row each)
    group: bool             # several nationalities together: no one nationality, no core metric
    category: Choice

    def explanation(self) -> str:
        parts = []
        for name, c in (("period", self.period), ("population", self.population),
                        ("nationality", self.nationalities), ("category", self.category)):
            if c.how:
                parts.append(f"{name}: {c.how}" + (f" «{' '.join(c.source.split())}»" if c.source else ""))
        if self.number.number.qualifier:
            parts.append(f"qualifier: «{self.number.number.qualifier}»")
        return "; ".join(parts)

    def record(self, text: str) -> list[dict]:
        """explanation() as records: each part's rule, and the words that decided it as half-open spans
        of Document.text ({"part": "period", "rule": "period.nearest_before", "words": [{"start": 1340,
        "end": 1352, "text": "januari 2017"}]}), so a reader marks them without parsing the text."""
        parts = [c.part(name, text) for name, c in (("period", self.period), ("population", self.population),
                                                     ("nationality", self.nationalities), ("category", self.category))
                 if c.how]
        qs = self.number.number.qualifier_span
        if self.number.number.qualifier:
            parts.append({"part": "qualifier", "rule": "qualifier",
                          **({"words": [{"start": qs[0], "end": qs[1], "text": text[qs[0]:qs[1]]}]} if qs else {})})
        return parts

