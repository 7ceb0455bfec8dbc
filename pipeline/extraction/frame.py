"""The frame: what the text is about at a point, carried from sentence to sentence.

A sentence that names no period, population or nationality of its own takes it from the frame
("Het aantal eerste asielaanvragen bedroeg in oktober 1407. In september was dat 1489."). The frame
starts each paragraph from the section (its heading, the paragraphs before it) and each list item
from its lead-in; a sentence that refers back ("was dat", "toen") does not pass its own period on.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from ..model import Period


@dataclass(frozen=True)
class Frame:
    period: Period | None = None     # the period the sentences before were about
    population: str = ""             # what they counted (this paragraph, its lead-in, its heading)
    section_population: str = ""     # the last specific population the section named: a generic word
                                     # ("de instroom", "aanvragen") further on refers to it
    nationalities: tuple[str, ...] = ()   # the nationality of their figures (several: a group)
    category: str = ""
    last_metric: tuple[str, str] = ("", "")   # (metric, unit) of the last figure before, when it had a
                                              # core metric: "In 2022 was dat 77%" is that quantity again
    foreign: bool = False            # their figures were about another place (EU, "wereldwijd"): a
                                     # sentence that refers back ("Dat is meer dan in 2022 (339.300)") too

    def with_(self, **kw) -> "Frame":
        return replace(self, **kw)


EMPTY = Frame()


def paragraph_start(section: Frame, heading: Frame, first_after_heading: bool) -> Frame:
    """The frame a paragraph starts with: the section's period and (for the paragraph right under its
    heading) the heading's population; nationality and category are the paragraph's own."""
    return Frame(period=section.period or heading.period,
                 population=heading.population if first_after_heading else "",
                 section_population=section.section_population or heading.population)
