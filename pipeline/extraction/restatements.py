"""What a sentence says about the figures of the text before it: a number after "die"/"deze" that
restates an earlier figure ("Van die 1.130 aanvragen ..."), a fraction restated by its exact percentage
("Ruim de helft, 57 procent, vertrok ..."), and a sentence that defines what the figures of the sentence
before counted ("Het gaat hierbij om eerste asielaanvragen, herhaalde asielaanvragen en nareizende
gezinsleden": the total inflow)."""
from __future__ import annotations

import functools
import re

from ..model import Observation, amended
from ..rules import load
from .constructions import pattern
from .lexicon import category_mentions
from .metrics import metric_label


def restated(rows: list[Observation], before: list[Observation], text: str) -> list[Observation]:
    """'Van die 1.130 aanvragen werden er 980 ...': a number after 'die'/'deze' that an earlier figure of
    the text states (same value and unit, one row) is that figure again: its metric, nationality, category
    and period (rule metrics.restated)."""
    out = []
    for o in rows:
        if pattern("restated").search(text[max(0, o.char_start - 16):o.char_start]) and sum(r.char_start == o.char_start for r in rows) == 1 \
                and "no core metric" not in o.explanation:      # (not a stock or forecast that names the figure again)
            same = [r for r in before[-40:] if r.value == o.value and r.unit == o.unit and r.char_start < o.char_start]
            if same and sum(r.char_start == same[-1].char_start for r in before) == 1:
                r = same[-1]
                o = amended(o, f"restated: the figure of «{' '.join(r.quote.split())[:80]}»",
                            {"part": "restated", "rule": "metrics.restated",
                             "words": [{"start": r.char_start, "end": r.char_end, "text": text[r.char_start:r.char_end]}]},
                            metric=r.metric, nationality=r.nationality, category=r.category, period_start=r.period_start,
                            period_end=r.period_end, period_kind=r.period_kind, label=r.label, rule_id="metrics.restated")
        out.append(o)
    return out


def apposed(rows: list[Observation], text: str) -> list[Observation]:
    """'Ruim de helft, 57 procent, vertrok op eigen gelegenheid', 'Ruim de helft van hen (57%) had ...': a fraction in
    words and the percentage set beside it between commas or in brackets are one quantity, two mentions: the fraction takes the percentage's metric
    (the fraction's own clause ends at the comma; rule metrics.apposed)."""
    out = list(rows)
    for k, (a, b) in enumerate(zip(rows, rows[1:])):
        if a.metric or not b.metric or a.unit != "percent" or b.unit != "percent" or a.nationality not in ("", b.nationality) \
                or "no core metric" in a.explanation or not re.search(r"[^\W\d]", text[a.char_start:a.char_end]) \
                or not (pattern("apposed").fullmatch(text[a.char_end:b.char_start]) and re.match(r"\s*,", text[b.char_end:b.char_end + 3])
                        or _IN_BRACKET.fullmatch(text[a.char_end:b.char_start]) and re.match(r"\s*%?\s*\)", text[b.char_end:b.char_end + 4])):
            continue        # ("Ruim de helft van hen (57%) had de Syrische nationaliteit")
        out[k] = amended(a, f"apposed: the quantity of «{text[b.char_start:b.char_end]}» beside it",
                         {"part": "apposed", "rule": "metrics.apposed",
                          "words": [{"start": b.char_start, "end": b.char_end, "text": text[b.char_start:b.char_end]}]},
                         metric=b.metric, label=b.label, nationality=b.nationality, rule_id="metrics.apposed")
    return out


def share_beside_count(rows: list[Observation], text: str) -> list[Observation]:
    """'De overige 56 procent, 12.240 personen, vertrok zelfstandig zonder toezicht': a percentage that no rule gave a
    metric, with its count set beside it between commas, is the share of that count's quantity (rules/metrics.yaml
    `share_of_count_before` `shares`; rule metrics.share_beside_count)."""
    shares = load("metrics")["share_of_count_before"]["shares"]
    out = list(rows)
    for k, (a, b) in enumerate(zip(rows, rows[1:])):
        if a.metric or a.unit != "percent" or a.rule_id != "number.unclassified" or "no core metric" in a.explanation \
                or b.unit != "count" or b.metric not in shares or a.nationality != b.nationality \
                or not re.fullmatch(r"\s*,\s*", text[a.char_end:b.char_start]) \
                or not re.match(r"\s*(?:[^\W\d][\w-]*\s*)?,", text[b.char_end:b.char_end + 30]):
            continue
        metric = shares[b.metric]
        out[k] = amended(a, f"share beside its count «{text[b.char_start:b.char_end]}»",
                         {"part": "share_beside_count", "rule": "metrics.share_beside_count",
                          "words": [{"start": b.char_start, "end": b.char_end, "text": text[b.char_start:b.char_end]}]},
                         metric=metric, label=metric_label(metric), rule_id="metrics.share_beside_count")
    return out


_IN_BRACKET = re.compile(r"(?i)\s+(?:van\s+(?:hen|hun|deze|die|de\s+\w+))?\s*\(\s*")


@functools.lru_cache(maxsize=1)
def _definitions() -> tuple[re.Pattern, list[tuple[str, str, list[re.Pattern], re.Pattern | None]]]:
    c = load("metrics")["definitions"]
    return re.compile(c["opening"]), [(d["population"], d["metric"], [re.compile(p) for p in d["parts"]],
                                       re.compile(d["unless"]) if d.get("unless") else None) for d in c["kinds"]]


def defined_population(sentence: str) -> str:
    """The population a definition sentence ("Het gaat hierbij om A, B en C") says the figures before
    it counted, when its parts are all those of one (rules/metrics.yaml `definitions`); else ""."""
    opening, kinds = _definitions()
    m = opening.match(sentence)
    if not m:
        return ""
    rest = sentence[m.end():]
    for population, _, parts, unless in kinds:
        if all(p.search(rest) for p in parts) and not (unless and unless.search(rest)):
            return population
    return ""


def listed_population(after: str) -> str:
    """The population a count is when a colon after it lists its parts and they are all those of one
    ("17.160 asielaanvragen en nareizigers: 9.810 eerste asielaanvragen, 4.350 herhaalde asielaanvragen en
    3.000 nareizende gezinsleden": the inflow), or a bracket after its noun does; else ""."""
    m = _COLON_LIST.match(after) or _BRACKET_LIST.match(after)
    if not m:
        return ""
    for population, _, parts, unless in _definitions()[1]:
        if all(p.search(m.group(1)) for p in parts) and not (unless and unless.search(m.group(1))):
            return population
    return ""


_COLON_LIST = re.compile(r"[^:;.]{0,60}:\s*([^;]+)")
# ... or a bracket right after its noun: "29.890 asielaanvragen en nareizigers (eerste en herhaalde aanvragen en ingereisde
# nareizigers samen)"
_BRACKET_LIST = re.compile(r"[^:;.()\d]{0,60}\(([^()]+)\)")


def defined_metric(population: str) -> str:
    return next(metric for pop, metric, _, _ in _definitions()[1] if pop == population)


def defined_category(definition: str) -> str:
    """The category a definition sentence gives the figures it defines: what the total includes ("...,
    inclusief de asielzoekers die via herplaatsing en hervestiging naar Nederland kwamen")."""
    return next((m.code for m in category_mentions(definition) if m.code == "incl_relocation_resettlement"), "")


def defined_aliases(rows: list[Observation]) -> dict[str, str]:
    """'In week 12 hebben zich 730 asielzoekers gemeld. Het gaat om eerste asielaanvragen, herhaalde
    asielaanvragen en nareizende gezinsleden': the text's registrations ("aanmeldingen") are what the
    definition says, wherever it counts them ("De meeste aanmeldingen kwamen van Syriërs (190)")."""
    for o in rows:
        if o.rule_id == "metrics.defined" and pattern("registration_words").search(o.quote):
            return {"registrations": next(pop for pop, metric, _, _ in _definitions()[1] if metric == o.metric)}
    return {}


def retyped(rows: list[Observation], population: str, definition: str) -> list[Observation]:
    """The counts of the paragraph before a definition that no rule gave a metric (and that are no change,
    no nationality's or category's): the defined population's metric, and the category it names."""
    metric = defined_metric(population)
    category = defined_category(definition)
    out = []
    for o in rows:
        if not o.metric and o.unit == "count" and o.rule_id == "number.unclassified" and not o.nationality \
                and not o.category and "no core metric" not in o.explanation:
            o = amended(o, f"defined: «{' '.join(definition.split())[:80]}»", {"part": "defined", "rule": "metrics.defined"},
                        metric=metric, label=metric_label(metric), rule_id="metrics.defined", category=category)
        elif category and o.metric == metric and not o.nationality and not o.category:
            o = amended(o, f"category: category.defined «{' '.join(definition.split())[:80]}»",
                        {"part": "category", "rule": "category.defined"}, category=category)
        out.append(o)
    return out
