"""Schemas of the vocabulary files: numbers, periods, cues, populations, countries, nationalities,
categories (read by pipeline/language and the lexicon of pipeline/extraction)."""
import re
import string
from typing import Annotated, Literal


from ..rules import spaced

from .base import (At, Country, Day, Edition, Id, Len, Marked, Match, Range, Record, Regex, SpacedRegex, Text, Texts,
                   Unit, regex_with, unique)

Words = list[Text]


# ---- rules/numbers.yaml (pipeline/language/numbers.py) -------------------------------------------

class NumberExample(Record):
    """A text with one number: what it is read as (value, unit, hedge) and its surface."""
    text: Text
    value: int | float
    unit: Unit
    qualifier: str
    surface: Text

    def check(r):
        if r["surface"] not in r["text"]:
            raise At(("surface",), f"{r['surface']!r} is not in the example's text")


class PassedOver(Record):
    """A number that is no statistic: the reason coverage reports, and examples whose [marked]
    number this rule passes over."""
    says: Text
    examples: Annotated[list[Marked], Len(1)]


class NumbersFile(Record):
    qualifiers: dict[Text, str]
    post_qualifiers: dict[Text, str]
    fractions: dict[Text, int | float]
    cardinals: dict[Text, int]
    scales: dict[Text, int]
    duration_units: dict[Text, Literal["weeks", "months", "days"]]
    currency_words: Words
    word_count_before: Regex
    word_count_noun: Regex
    ratio_after: Regex
    target_clause: Regex
    footnote_markers: list[regex_with("mark")]
    count_noun_after: Regex
    count_slot_before: Regex
    reference_words: Words
    not_after: Regex
    policy_cues: Regex
    fraction_not_before: Regex
    reference_sentence: Regex
    negated_sentence: Regex
    change_before: Regex
    change_with_before: Regex
    change_words: Regex
    change_after: Regex
    level_before: Regex
    level_after: Regex
    changes: Texts
    not_changes: Texts
    examples: Annotated[list[NumberExample], Len(1)]
    negatives: Texts
    passed_over: dict[Annotated[str, Match(r"^passed_over\.[a-z_]+$")], PassedOver]


# ---- rules/periods.yaml (pipeline/language/period_patterns.py) ----------------------------------

Phrases = Annotated[list[Text], Len(1)]


class StepBefore(Record):
    week: Phrases
    quarter: Phrases
    half: Phrases


class PeriodExpect(Record):
    start: Day | Literal[""]
    end: Day
    kind: Literal["month", "rolling_12m", "year", "ytd", "point", "range"]
    reference: bool = False


class PeriodExample(Record):
    text: Text
    edition: Edition
    published: Day | None = None
    expect: PeriodExpect


class PeriodsFile(Record):
    months: dict[Text, Annotated[int, Range(ge=1, le=12)]]
    ordinals: dict[Text, Annotated[int, Range(ge=1, le=4)]]
    previous_month: Phrases
    previous_week: Phrases
    month_before: Phrases
    step_before: StepBefore
    month_counts: dict[Text, Annotated[int, Range(ge=1, le=12)]]
    year_to_date: Phrases
    previous_year: Phrases
    past_year: Phrases
    whole_year: Phrases
    next_year: Phrases
    year_before: Phrases
    year_ago: Phrases
    ignore_lines: Regex
    examples: Annotated[list[PeriodExample], Len(1)]
    negatives: Texts


# ---- rules/cues.yaml (pipeline/language/nlp.py) --------------------------------------------------

class Cue(Record):
    """A relation cue: SpanRuler patterns (syntax in pipeline/language/nlp.py), texts in which it
    must be found and texts in which it must not."""
    patterns: Texts
    examples: Texts
    negatives: Words = []


class CuesFile(Record):
    abbreviations: Words
    cues: dict[Annotated[str, Match(r"^[A-Z][A-Z_]*$")], Cue]

    def check(r):
        if "COMPARISON" not in r["cues"]:     # pipeline/language/period_patterns.py reads it
            raise At(("cues",), "needs the COMPARISON cue (period_patterns.py reads it)")


# ---- rules/populations.yaml (pipeline/language/nlp.py, pipeline/extraction) ----------------------

PopulationId = Id


class Population(Record):
    patterns: Texts
    parent: PopulationId | Annotated[list[PopulationId], Len(1)] | None = None
    default: PopulationId | None = None
    kind: Literal["verb", "rate"] | None = None
    unit: Unit | None = None
    core: bool = True
    head_only: bool = False
    publisher_word: bool = False    # a word a publisher uses in its own sense (`publishers` aliases apply to it as to a generic one)
    counts_as: PopulationId | None = None   # what a sentence after refers to when the population's figure got a core metric


class PopulationExample(Record):
    text: Marked
    population: PopulationId


class PublisherExample(Record):
    source: Text
    text: Text


class Publisher(Record):
    source: Regex
    text: Regex
    aliases: dict[PopulationId, PopulationId]
    examples: Annotated[list[PublisherExample], Len(1)]
    negatives: Annotated[list[PublisherExample], Len(1)]


class PopulationsFile(Record):
    populations: dict[PopulationId, Population]
    filed_by: Regex
    other_counted: Regex
    examples: Annotated[list[PopulationExample], Len(1)]
    negatives: list[Marked]
    publishers: dict[Text, Publisher] = {}

    def check(r):
        known = set(r["populations"])
        for pop, spec in r["populations"].items():
            parent = spec.get("parent")
            parents = parent if isinstance(parent, list) else [parent] if parent else []
            for field, ids in (("parent", parents), ("default", [spec["default"]] if spec.get("default") else [])):
                for x in ids:
                    if x not in known:
                        raise At(("populations", pop, field), f"{x!r} is not a population of this file")
        for i, ex in enumerate(r["examples"]):
            if ex["population"] not in known:
                raise At(("examples", i, "population"), f"{ex['population']!r} is not a population of this file")
        for name, p in r.get("publishers", {}).items():
            for a, b in p["aliases"].items():
                if a not in known or b not in known:
                    raise At(("publishers", name, "aliases", a), f"{a!r}: {b!r}: not populations of this file")


# ---- rules/countries.babel.yaml, rules/nationalities.yaml (pipeline/extraction/lexicon.py) ---------

class CountriesFile(Record):
    countries: dict[Text, Annotated[str, Match(r"^[A-Z]{2}$")]]


class NationalityExample(Record):
    text: Text
    expect: Annotated[list[Country], Len(1)]


class NationalitiesFile(Record):
    aliases: dict[Text, Country]
    special: dict[Text, Country]
    demonyms: dict[Country, Annotated[list[Text], Len(1)]]
    location_prepositions: Words
    place_verbs: Words = []
    place_lead_in: Regex
    not_nationalities: Words
    not_other_before: Words
    examples: Annotated[list[NationalityExample], Len(1)]
    negatives: Texts


# ---- rules/categories.yaml (pipeline/extraction/lexicon.py, attachment.py) -----------------------

class Category(Record):
    """Pattern -> category id; '{0}' in the id takes the pattern's first group."""
    category: Annotated[str, Match(r"^[a-z0-9_{}]+$")]
    pattern: SpacedRegex
    scope: Literal["local", "sentence", "heading"] = "local"
    only_with: Annotated[list[PopulationId], Len(1)] | None = None

    def check(r):
        fields = [f for _, f, _, _ in string.Formatter().parse(r["category"]) if f is not None]
        groups = re.compile(spaced(r["pattern"])).groups
        for f in fields:
            if not f.isdigit() or int(f) >= groups:
                raise At(("category",), f"{{{f}}} names no group of the pattern (it has {groups})")


class CategoryExample(Record):
    text: Text
    expect: Annotated[list[Text], Len(1)]


class CategoriesFile(Record):
    categories: Annotated[list[Category], Len(1)]
    examples: Annotated[list[CategoryExample], Len(1)]
    negatives: Texts

    def check(r):
        unique((("categories", i, "category"), c["category"]) for i, c in enumerate(r["categories"]))
