"""Metric rules (rules/metrics.yaml): the core metric of a number, from its population, unit, breakdown
and the words of its clause; and what keeps a figure out of the core metrics (changes, figures per
unit, parts of a larger whole, figures about other countries)."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ..model import Document, Observation, amended
from ..rules import load, spaced
from .mentions import population_specs
from ..language.nlp import make_doc


@functools.lru_cache(maxsize=1)
def _cfg() -> dict:
    c = load("metrics")
    rx = lambda v: [re.compile(spaced(x)) for x in (v if isinstance(v, list) else [v])] if v else []  # noqa: E731
    rules = []
    for r in c["rules"]:
        pops = r.get("population")
        rules.append({
            "id": r["id"], "metric": r["metric"], "unit": r.get("unit"),
            "population": set(pops if isinstance(pops, list) else [pops]) if pops else set(),
            "local": rx(r.get("local")), "before": rx(r.get("before")), "after": rx(r.get("after")),
            "unless": rx(r.get("unless")), "unless_heading": rx(r.get("unless_heading")), "cue": rx(r.get("cue")),
            "unless_nearby": rx(r.get("unless_nearby")), "sentence": rx(r.get("sentence")),
            "unless_sentence": rx(r.get("unless_sentence")),
            "needs_breakdown": bool(r.get("needs_breakdown")), "no_breakdown": bool(r.get("no_breakdown")),
        })
    return {
        "rules": rules, "labels": c.get("labels", {}),
        "within_group": re.compile(c["within_group"]),
        "nationality_base": re.compile(c["nationality_base"]),
        "anaphor_noun": re.compile(c["anaphor_noun"]),
        "part_apposition": re.compile(c["part_apposition"]),
        "scope_exclude": re.compile(spaced(c["scope_exclude"])),
        "not_core": [{"id": r["id"], "unit": r.get("unit"), "where": r.get("where", "clause"), "rx": re.compile(spaced(r["pattern"]))}
                     for r in c.get("not_core", [])],
    }


@dataclass(frozen=True)
class MetricContext:
    """The texts a metric rule looks at, for one number."""
    population: str
    unit: str
    before: str          # clause text before the number
    after: str           # clause text after it
    unless_text: str     # the clause and the words from the population cue to the number
    context: str         # the sentence, the sentences before it, the lead-in, the heading
    nearby: str          # the two sentences before
    heading: str
    has_breakdown: bool
    sentence: str = ""   # the number's sentence


def choose_metric(mc: MetricContext) -> tuple[str, str]:
    """(metric, rule id) of the first rule whose conditions hold; ('', '') when none does."""
    clause = mc.before + " " + mc.after
    for r in _cfg()["rules"]:
        if r["unit"] and r["unit"] != mc.unit:
            continue
        if r["population"] and mc.population not in r["population"]:
            continue
        if not all(x.search(clause) for x in r["local"]):
            continue
        if not all(x.search(mc.before) for x in r["before"]):
            continue
        if not all(x.search(mc.after) for x in r["after"]):
            continue
        if any(x.search(mc.unless_text) for x in r["unless"]):
            continue
        if not all(x.search(mc.sentence) for x in r["sentence"]):
            continue
        if any(x.search(mc.sentence) for x in r["unless_sentence"]):
            continue
        if not all(x.search(mc.context) for x in r["cue"]):
            continue
        if any(x.search(mc.nearby) for x in r["unless_nearby"]):
            continue
        if any(x.search(mc.heading) for x in r["unless_heading"]):
            continue
        if r["needs_breakdown"] and not mc.has_breakdown:
            continue
        if r["no_breakdown"] and mc.has_breakdown:
            continue
        return r["metric"], r["id"]
    return "", ""


def names_nothing_but_population(rule_id: str) -> bool:
    """Does the metric rule decide by the number's population alone (no words of its clause or sentence:
    "eerste asielaanvragen" -> asylum_first_applications)? Then a sentence that refers back ("In dezelfde periode
    vorig jaar waren dat er 12.415") may mean the quantity of the figure before more exactly."""
    r = next((r for r in _cfg()["rules"] if r["id"] == rule_id), None)
    return r is not None and not (r["local"] or r["before"] or r["after"] or r["sentence"] or r["cue"])


def not_core(unit: str, after: str, rest: str, sentence_before: str = "", clause: str = "") -> tuple[str, str]:
    """(reason, words) when a figure is no core total or share whatever its population, else ("", "").
    Per unit ("1 aanvraag per nationaliteit"), a share within a group ("19% van alle ... ingediend door
    Turkse onderdanen"), a count stated as a part of a larger whole ("380 asielaanvragen, zo'n 19% van
    alle ..."); then the named reasons of rules/metrics.yaml `not_core` (forecasts, stocks, capacities,
    staff, parts by sex or age ...), looked for in the sentence up to the number and in its clause."""
    c = _cfg()
    m = re.match(r"\s*\w+\s+per\s+(?!jaar\b|maand\b)\w+", after)
    if m:
        return "per_unit", m.group(0).strip()
    if unit == "percent":
        m = c["within_group"].match(after)
        if m:
            return "within_group", m.group(0).strip()
    if unit == "count":
        m = c["part_apposition"].match(rest)
        if m:       # (the caller keeps a count its own words name as a kind: names_nothing_but_population)
            return "part_apposition", m.group(0).strip()
    for r in c["not_core"]:
        if r["unit"] and r["unit"] != unit:
            continue
        where = {"sentence": sentence_before + " " + clause, "before": sentence_before, "after": after}.get(r["where"], clause)
        m = r["rx"].search(where)
        if m:
            return r["id"], m.group(0)
    return "", ""


def nationality_in_base(text: str, spans, lo: int) -> str:
    """The nationality's words when one of its `spans` opens the base of a share ("van de Syrische
    asielzoekers", "onder de Eritrese nareizigers": rules/metrics.yaml `nationality_base`), else ""."""
    rx = _cfg()["nationality_base"]
    for s, e in spans:
        if rx.search(text, max(lo, s - 20), s):
            return text[s:e]
    return ""


def foreign_scope(clause: str, sentence: str, heading: str, place_named: bool) -> bool:
    """Does the figure speak of another place than the Netherlands (EU, Eurostat, "in Duitsland")?"""
    rx = _cfg()["scope_exclude"]
    if re.search(r"(?i)\b(?:in|van|voor)\s+Nederland\b|^\W*Nederland\s+(?:ontving|kreeg|telde|registreerde|had)\b", clause):
        return rx.search(clause) is not None
    # a heading speaks of another place in its main clause, not in a clause of reason ("Hoeveel asielaanvragen
    # worden afgewezen omdat de asielzoeker ergens anders in de Europese Unie asiel heeft aangevraagd?")
    main_heading = re.split(r"(?i)\b(?:omdat|doordat|wanneer|nadat|waarbij|waardoor)\b", heading, maxsplit=1)[0]
    return bool(rx.search(sentence) or rx.search(main_heading)) or place_named


def metric_label(metric: str) -> str:
    return _cfg()["labels"].get(metric, metric)


def text_label(before: str, after: str, change: bool) -> str:
    """The Dutch words for what an unclassified number counts: the words after it, else before it."""
    words = re.split(r"[.;:!?()\n]", after.lstrip(" %"), maxsplit=1)[0].split()[:7]
    phrase = " ".join(words).strip(",")
    if len(words) < 2:
        pre = re.split(r"[.;:!?()]", before)[-1].split()[-7:]
        phrase = " ".join(pre + words).strip(",")
    phrase = " ".join(phrase.split())
    if change and not re.search(r"(?i)daling|stijging|toename|afname|hoger|lager|meer|minder|toe|af", phrase):
        phrase = "verandering: " + phrase
    return phrase or "getal"



def core_topic_word(text: str) -> str:
    """The first words of `text` that name a core population ("eerste asielaanvragen", "Nareis"), or ""."""
    specs = population_specs()
    doc = make_doc(text).doc
    for sp in sorted(doc.spans["cues"], key=lambda s: s.start):
        if sp.label_ == "POPULATION":
            pop = sp.id_.split("#")[0]
            if specs[pop].get("core", True) and pop not in ("applications", "inflow"):
                return sp.text
    return ""


def names_quantity_before(sentence: str) -> bool:
    """Does the sentence name the quantity of the figure before again ("dat percentage", "dit aandeel":
    rules/metrics.yaml `anaphor_noun`)?"""
    return bool(_cfg()["anaphor_noun"].search(sentence))


def caseload_rows(doc: Document, rows: list[Observation]) -> list[Observation]:
    """A document the Dienst Terugkeer en Vertrek publishes about its own figures reports the departures of
    its caseload, not the chain-wide departures of the core metrics (rules/metrics.yaml `caseload_documents`):
    their rows keep no core metric, unless their sentence, or their paragraph before them, says "ketenbreed"."""
    spec = load("metrics")["caseload_documents"]
    words = re.search(spec["text"], doc.text[:3000]) or re.search(spec["source"], doc.source or "")
    if not words:
        return rows
    metrics = set(spec["metrics"])
    # "Ketenbreed zijn in 2015 ongeveer 27.400 vreemdelingen vertrokken. Van deze groep vertrok 44 procent
    # onder toezicht": the paragraph after the word goes on about the chain-wide departures
    chain = [(b.start + m.start(), b.end) for b in doc.blocks
             for m in [re.search(r"(?i)\bketenbre", doc.text[b.start:b.end])] if m]
    # ... and a section under a heading that says it ("Ketenbreed vertrek"), to the next heading
    headings = [b for b in doc.blocks if b.kind == "heading"]
    chain += [(h.start, next((g.start for g in headings if g.start > h.start), len(doc.text)))
              for h in headings if re.search(r"(?i)\bketenbre", doc.text[h.start:h.end])]
    return [amended(o, f"no core metric: dtenv_caseload «{words.group(0)}»", {"part": "no_core_metric", "rule": "dtenv_caseload"},
                    metric="", rule_id="number.unclassified")
            if o.metric in metrics and not re.search(r"(?i)\bketenbre", o.quote)
            and not any(a <= o.char_start < b for a, b in chain) else o for o in rows]
