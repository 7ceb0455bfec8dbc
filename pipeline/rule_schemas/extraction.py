"""Schemas of the files that decide a row: attachment (constructions), metrics (metric rules) and
rule_ids (the ids no other file names). Every rule of these files carries examples — a text whose
[marked] number the rule decides (tests/test_rules.py, tests/test_rule_ids.py run them)."""
from typing import Annotated, Literal


from .base import (At, Day, Edition, Id, Len, Marked, MarkedText, Match, Record, Regex, SpacedRegex, SpacedRegexes,
                   Text, Unit, unique)

Metric = Annotated[str, Match(r"^(?:[a-z][a-z0-9_]*)?$")]     # '' is no core metric
Examples = Annotated[list[Marked], Len(1)]


# ---- rules/attachment.yaml (pipeline/extraction/attachment.py) -----------------------------------

class ConstructionExpect(Record):
    """What the [marked] number must get: its period(s) (start..end, joined with +), population,
    nationality codes (joined with +; '' for none)."""
    period: str | None = None
    population: str | None = None
    nationality: str | None = None


class ConstructionExample(Record):
    text: Marked
    edition: Edition
    published: Day | None = None
    expect: ConstructionExpect


class Construction(Record):
    """A named construction that binds modifiers to numbers before the nearest-candidate search."""
    id: Annotated[str, Match(r"^(?:period|population|nationality)\.[a-z_]+$")]
    says: Text
    examples: Annotated[list[ConstructionExample], Len(1)]


class GapExpect(ConstructionExpect):
    metric: str | None = None


class NotSupported(Record):
    """A known gap: the phrasing, why it is not read, and what it should give."""
    text: Marked
    edition: Edition
    why: Text
    expect: GapExpect


class AttachmentFile(Record):
    # the scopes: checked records of pipeline/extraction/scope_rules.py (it knows the directions)
    modifiers: dict[Text, dict]
    named_scopes: dict[Text, dict] = {}
    bound_qualifiers: list[Text]
    rate_bound_qualifiers: list[Text] = []
    patterns: dict[Text, Regex]
    constructions: Annotated[list[Construction], Len(1)]
    not_supported: list[NotSupported] = []

    def check(r):
        unique((("constructions", i, "id"), c["id"]) for i, c in enumerate(r["constructions"]))


# ---- rules/metrics.yaml (pipeline/extraction/metrics.py) -----------------------------------------

class NotCore(Record):
    """Figures that are no flow of their period: no core metric, for the reason `id`."""
    id: Id
    where: Literal["clause", "sentence", "before", "after"] = "clause"
    unit: Unit | None = None
    pattern: SpacedRegex


class NotCoreExample(Record):
    text: Marked
    reason: Id


class MetricRule(Record):
    """Conditions on what a number was attached to; the first rule whose conditions hold names its
    metric. `local` ... `unless_heading`: a regex or a list of them."""
    id: Id
    metric: Metric
    unit: Unit | None = None
    population: Id | Annotated[list[Id], Len(1)] | None = None
    local: SpacedRegexes | None = None
    before: SpacedRegexes | None = None
    after: SpacedRegexes | None = None
    unless: SpacedRegexes | None = None
    cue: SpacedRegexes | None = None
    sentence: SpacedRegexes | None = None
    unless_sentence: SpacedRegexes | None = None
    unless_nearby: SpacedRegexes | None = None
    unless_heading: SpacedRegexes | None = None
    needs_breakdown: bool = False
    no_breakdown: bool = False
    examples: Annotated[list[MarkedText], Len(1)]


class DerivedExample(Record):
    text: Marked
    metric: Metric


class Derived(Record):
    """A metric carried from another number (pipeline/extraction/__init__.py)."""
    id: Id
    says: Text
    examples: Annotated[list[DerivedExample], Len(1)]


# the reasons pipeline/extraction/metrics.py gives from this file's own patterns (within_group,
# nationality_base, part_apposition) and from "N per X", besides the `not_core` entries
BUILT_IN_REASONS = frozenset({"per_unit", "within_group", "part_of_whole", "dtenv_caseload", "future"})


class DefinitionKind(Record):
    population: Id
    metric: Id
    parts: Annotated[list[Regex], Len(1)]
    unless: Regex | None = None


class Definitions(Record):
    opening: Regex
    kinds: Annotated[list[DefinitionKind], Len(1)]


class CaseloadDocuments(Record):
    source: Regex
    text: Regex
    metrics: Annotated[list[Id], Len(1)]


class ShareOfCountBefore(Record):
    opening: Regex
    base: Regex
    count_opening: Regex
    count_noun: Regex
    shares: dict[Metric, Metric]


class MetricsFile(Record):
    within_group: Regex
    nationality_base: Regex
    anaphor_noun: Regex
    share_of_count_before: "ShareOfCountBefore"
    caseload_documents: "CaseloadDocuments"
    definitions: "Definitions"
    part_apposition: Regex
    scope_exclude: SpacedRegex
    kinds: dict[Metric, list[Metric]] = {}
    not_core: list[NotCore] = []
    not_core_examples: list[NotCoreExample] = []
    not_core_negatives: list[Marked] = []
    rules: Annotated[list[MetricRule], Len(1)]
    negatives: list[MarkedText] = []
    derived: list[Derived] = []
    labels: dict[Id, Text]

    def check(r):
        rules, derived, not_core = r["rules"], r.get("derived", []), r.get("not_core", [])
        unique([(("rules", i, "id"), x["id"]) for i, x in enumerate(rules)]
               + [(("derived", i, "id"), x["id"]) for i, x in enumerate(derived)])
        unique((("not_core", i, "id"), x["id"]) for i, x in enumerate(not_core))
        known = set(r["labels"])        # every core metric has its label
        named = [(("rules", i, "metric"), x["metric"]) for i, x in enumerate(rules)]
        named += [(("derived", i, "examples", j, "metric"), x["metric"])
                  for i, d in enumerate(derived) for j, x in enumerate(d["examples"])]
        for path, metric in named:
            if metric and metric not in known:
                raise At(path, f"{metric!r} is not a core metric (no entry in `labels`)")
        reasons = {x["id"] for x in not_core} | BUILT_IN_REASONS
        for i, ex in enumerate(r.get("not_core_examples", [])):
            if ex["reason"] not in reasons:
                raise At(("not_core_examples", i, "reason"), f"{ex['reason']!r} is not an id of `not_core` "
                                                             f"nor one of {', '.join(sorted(BUILT_IN_REASONS))}")


# ---- rules/rule_ids.yaml (tests/test_rule_ids.py) ------------------------------------------------

class RuleIdEntry(Record):
    says: Text
    examples: Examples


class RuleIdsFile(Record):
    rule_ids: dict[Annotated[str, Match(r"^(?:period|population|nationality|category|number|tables)"
                                              r"\.[a-z_]*[a-z]$")], RuleIdEntry]
