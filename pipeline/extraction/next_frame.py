"""What the frame becomes after a sentence: its own period (unless it refers back), the population of its
main clause's figure, the last specific population, the nationality and category of its figures, whether
they were about another place, the metric of its last row."""
from __future__ import annotations

import re

from ..model import Observation
from .attachment import Attachment
from .frame import Frame
from .mentions import Sentence, population_specs
from .population_attachment import is_descendant, is_generic

_SUBORDINATE_OPENING = re.compile(r"(?i)^\W*(?:hoewel|omdat|terwijl|ondanks|doordat|nu|waar|als|wanneer|zodra|nadat|samen\s+met)\b")


def next_frame(frame: Frame, sent: Sentence, attached: list[Attachment], rows: list[Observation], main_period,
                anaphoric: bool, foreign: bool) -> Frame:
    """The frame after a sentence: its own period (unless it refers back), the population of its main
    clause's figure (or the first it names), the last specific population for the section, the
    nationality of its figures, the category of its last figure, whether they were about another place,
    and the metric of its last row (when it has one)."""
    specs = population_specs()
    kw = {}
    if main_period is not None and not anaphoric and not (
            frame.period is not None and main_period.end < frame.period.start and _STILL.search(sent.text)) \
            and not (frame.period is not None and _ALONE.search(sent.text) and frame.period.start <= main_period.start
                     and main_period.end <= frame.period.end and main_period != frame.period):
        # (not "In mei alleen ging het om 2.915 eerste aanvragen" inside January to May: a part set aside)
        kw["period"] = main_period      # (not "In 2023 kwam nog ruim een derde ...", "In maart ging het om 176 aanvragen"
                                        # after April: a look back from the text's time)
    own = [a.population.value for a in attached if a.population.value and not a.population.how.startswith("population.frame")]
    named = [m.label for m in sent.populations if m.bracket < 0 and specs[m.label].get("core", True)]
    if not attached and named and is_generic(named[0]):   # "Het aantal asielaanvragen ingediend door AMV ..."
        specific = [p for p in named if is_descendant(p, named[0]) and not is_generic(p)]
        named = specific[:1] + named
    # what a next sentence refers back to: the figure of the main clause — the first one, or the last
    # when the sentence opens with a subordinate clause ("Hoewel ..., is het aantal nareizigers ...")
    main = own[-1] if own and _SUBORDINATE_OPENING.match(sent.text) else (own[0] if own else "")
    if any(r.metric for r in rows):     # "meldden zich 1.350 asielzoekers", read as the inflow: "45% van de asielzoekers" after it
        own = [specs[p].get("counts_as") or p for p in own]
        main = specs[main].get("counts_as") or main if main else main
    pop = main or (named[0] if named else "")
    if pop:
        kw["population"] = pop
    specific = [p for p in named + own if specs[p].get("core", True) and not is_generic(p)]
    if specific:
        kw["section_population"] = specific[-1]
    # (not the nationality of a part: "1.020 amv ..., onder wie 640 Eritreeërs. Per maand waren dat ..." goes on about all)
    wholes = [a for a in attached if not _PART_OF.search(sent.text[:a.number.start - sent.start])]
    codes = tuple(dict.fromkeys(c for a in (wholes if wholes and not wholes[0].nationalities.value else attached)
                                for c in a.nationalities.value))
    if not attached:
        codes = tuple(dict.fromkeys(m.label for m in sent.nationalities if not m.is_location))
    if codes:
        kw["nationalities"] = codes
    elif attached and own and not any(a.nationalities.how.startswith("nationality.group") for a in attached):
        kw["nationalities"] = ()    # figures of a population of their own and of no nationality: the one before is done
    cats = [a.category.value for a in attached if a.category.value] or \
        ([m.label for m in sent.categories if not m.is_location] if not attached else [])
    if len(set(cats)) == 1 or (attached and cats):
        kw["category"] = cats[-1]
    elif own:           # figures of a population of their own and no category: a category before is done
        kw["category"] = ""
    if attached:
        kw["foreign"] = foreign
        # (the whole's, not a part's after "waarvan": "44.400 asielaanvragen, waarvan 31.900 eerste aanvragen. In 2023
        # waren dit er nog 48.500")
        kw["last_metric"] = (rows[-1].metric, rows[-1].unit) if rows and rows[-1].metric else ("", "")
        wholes_rows = [r for r in rows if r.metric and not _PART_OF.search(sent.text[:max(0, r.char_start - sent.start)])]
        kw["whole_metric"] = (wholes_rows[-1].metric, wholes_rows[-1].unit) if wholes_rows else kw["last_metric"]
    return frame.with_(**kw) if kw else frame


_STILL = re.compile(r"(?i)\bnog\b|\b(?:ging|gaat)\s+het\s+om\b")      # "In 2023 kwam nog ...", "In maart ging het om 176"
_ALONE = re.compile(r"(?i)\balleen(?:\s+al)?\b")     # "In mei alleen ...", "Alleen al in mei ...": a part of the period, aside
_PART_OF = re.compile(r"(?i)\b(?:onder\s+wie|van\s+wie|waarvan|daarvan|onder\s+hen)\s+(?:[^\W\d]+\s+){0,2}$")
