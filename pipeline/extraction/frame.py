"""The frame: what the text is about at a point, carried from sentence to sentence.

A sentence that names no period, population or nationality of its own takes it from the frame
("Het aantal eerste asielaanvragen bedroeg in oktober 1407. In september was dat 1489."). The frame
starts each paragraph from the section (its heading, the paragraphs before it) and each list item
from its lead-in; a sentence that refers back ("was dat", "toen") does not pass its own period on.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from ..language.period_arithmetic import edition_period
from ..language.period_mentions import find_periods
from ..model import Document, Period


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
    whole_metric: tuple[str, str] = ("", "")  # ... of the last figure before that is no part ("waarvan 31.900 ..."): what
                                              # "In 2023 waren dit er nog 48.500" counts again
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


def document_period(doc: Document) -> Period | None:
    """The period the whole text is about, when its opening names one that is not the edition's month: the
    first period of its first lines ("IND besliste in eerste halfjaar 2016 op ...", "In het derde kwartaal
    van 2016 ...") when it is a quarter, half year, year or year to date that ends with the edition. A
    section whose heading names no period ("Drie op de vier aanvragen ingewilligd") goes on about it."""
    end = edition_period(doc.edition, doc.annual).end
    for p in find_periods(doc.text[:_OPENING_CHARS], 0, doc.edition, doc.annual):
        if p.reference or p.kind == "point":
            continue
        return Period(p.start, p.end, p.kind) if p.kind in ("range", "year", "ytd") and p.end == end else None
    return None


_OPENING_CHARS = 600


def latest_known(doc: Document) -> str:
    """The last day a figure of the text can have been counted: the end of its edition, or its publication
    day when that is later. A period after it is a forecast's or a target's."""
    return max(edition_period(doc.edition, doc.annual).end, doc.published or "")
