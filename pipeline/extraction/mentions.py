"""Mentions: the atoms attachment works with, found once per block (one spaCy Doc per block).

  NUMBER       a statistic (pipeline.language.numbers; Python regex, placed as a span)
  PERIOD       a period phrase (pipeline.language.period_mentions; Python regex, placed as a span)
  NATIONALITY  a country, demonym or "staatloos"/"onbekend"/"overige" (PhraseMatcher, pipeline.extraction.lexicon)
  POPULATION   what is counted ("eerste asielaanvragen", "nareizigers", "vertrokken"; SpanRuler,
               rules/populations.yaml)
  CATEGORY     another breakdown ("veilig land van herkomst", "spoor 4"; regex, rules/categories.yaml)
  QUALIFIER    the hedge of a number ("circa", "minder dan"; rules/numbers.yaml qualifiers)
  CUE          relation cues: ANAPHOR, RESPECTIVELY, DISTRIBUTIVE, PERSON_ANAPHOR, GROUP_ANAPHOR
               (SpanRuler, rules/cues.yaml)

Every mention carries the id of the rule that found it, its document offsets (half-open), its token
span in the block's Doc (distances are counted in tokens) and the innermost bracket that holds it.
"""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field, replace

from .lexicon import category_mentions, nationality_spans
from ..model import Document, Period
from ..language.period_mentions import find_periods
from ..rules import load
from ..language.nlp import make_doc
from ..language.numbers import NumberHit, Skipped, find_numbers, mask_footnote_markers
from .prefetch import prefetched
from .sentences import Bracket, brackets, innermost, split_sentences


@dataclass(frozen=True)
class Mention:
    kind: str            # NUMBER | PERIOD | NATIONALITY | POPULATION | CATEGORY | CUE
    label: str           # population id, cue type, ISO code or category id ("" for NUMBER and PERIOD)
    start: int           # [start, end) in Document.text
    end: int
    tok: int             # [tok, tok_end) in the block's Doc
    tok_end: int
    rule: str            # the rule that found it ("populations.first_applications#0", "periods.month_year")
    bracket: int = -1    # innermost bracket of its sentence that holds it (-1: none)
    number: NumberHit | None = None
    period: Period | None = None
    is_location: bool = False   # a nationality word standing for a place ("in Duitsland"); for a
                                # category: one that holds for its whole sentence


@dataclass
class Sentence:
    start: int
    end: int
    text: str
    brackets: list[Bracket]
    numbers: list[Mention]
    periods: list[Mention]
    nationalities: list[Mention]
    populations: list[Mention]
    categories: list[Mention]
    cues: list[Mention]
    skipped: list[Skipped] = field(default_factory=list)
    qualifiers: list[Mention] = field(default_factory=list)

    def has_cue(self, kind: str) -> bool:
        return any(c.label == kind for c in self.cues)


@functools.lru_cache(maxsize=1)
def population_specs() -> dict:
    return load("populations")["populations"]


def analyse_block(doc: Document, start: int, end: int) -> list[Sentence]:
    """The sentences of Document.text[start:end] with their mentions (of a long document's later
    blocks found by a forked copy of the process meanwhile: pipeline.extraction.prefetch)."""
    got = prefetched(doc, start, end, _analyse_block)
    return got if got is not None else _analyse_block(doc, start, end)


def start_prefetch(doc: Document) -> None:
    """Starts the forked copy of a long document's later blocks now (before its tables are read), not
    at the first block of prose."""
    prefetched(doc, -1, -1, _analyse_block)


def _analyse_block(doc: Document, start: int, end: int) -> list[Sentence]:
    text = doc.text[start:end]
    bdoc = make_doc(text)
    sdoc = bdoc.doc
    tok_starts = [bdoc.offsets[t.idx] for t in sdoc]

    def tok_span(s: int, e: int) -> tuple[int, int]:
        a = max(0, bisect.bisect_right(tok_starts, s - start) - 1)
        b = max(a + 1, bisect.bisect_left(tok_starts, e - start))
        return a, b

    cues, pops = [], []
    for sp in sdoc.spans["cues"]:
        s, e = (start + x for x in bdoc.span_offsets(sp.start_char, sp.end_char))
        if sp.label_ == "POPULATION":
            pop = sp.id_.split("#")[0]
            pops.append((s, e, sp.start, sp.end, pop, f"populations.{sp.id_}"))
        else:
            cues.append((s, e, sp.start, sp.end, sp.label_, f"cues.{sp.id_}"))
    pops = _drop_contained(pops)
    nats = nationality_spans(bdoc, start)
    out = []
    for s, e, stext in split_sentences(text, start):
        brs = brackets(stext, s, _apposition())

        def mk(kind, label, ms, me, rule, ts=None, **kw):
            a, b = ts if ts else tok_span(ms, me)
            return Mention(kind, label, ms, me, a, b, rule, innermost(brs, ms, me), **kw)

        scan = mask_footnote_markers(stext)     # (once: the periods and the numbers are searched in it)
        periods = find_periods(stext, s, doc.edition, doc.annual, doc.published, scan)
        nums, skipped = find_numbers(stext, s, periods, scan)
        inside = lambda ms, me: s <= ms and me <= e  # noqa: E731
        sent = Sentence(
            s, e, stext, brs,
            numbers=[mk("NUMBER", "", n.start, n.end, "numbers", number=n) for n in nums],
            periods=[_unbracketed(mk("PERIOD", "", p.char_start, p.char_end, "periods", period=p), brs, doc.text)
                     for p in periods],
            nationalities=[mk("NATIONALITY", m.code, m.start, m.end, "lexicon.nationalities", is_location=m.is_location)
                           for m in nats if inside(m.start, m.end)],
            populations=[_unbracketed(mk("POPULATION", pop, ms, me, rule, (a, b)), brs, doc.text)
                         for ms, me, a, b, pop, rule in pops if inside(ms, me)],
            categories=[mk("CATEGORY", m.code, m.start + s, m.end + s, "categories", is_location=m.is_location)
                        for m in category_mentions(stext)],
            cues=[mk("CUE", lab, ms, me, rule, (a, b)) for ms, me, a, b, lab, rule in cues if inside(ms, me)],
            skipped=skipped,
        )
        sent.populations = [p for p in sent.populations if not _in_enumeration(p, sent, doc.text)]
        sent.qualifiers = [mk("QUALIFIER", n.qualifier, *n.qualifier_span, "numbers.qualifiers") for n in nums if n.qualifier_span]
        out.append(sent)
    return out


@functools.lru_cache(maxsize=1)
def _apposition() -> re.Pattern:
    return re.compile(load("attachment")["patterns"]["apposition"])


def _unbracketed(m: Mention, brs: list[Bracket], text: str) -> Mention:
    """A period or population that is all its bracket holds ("onder de eerste asielverzoeken (2019) zijn
    Syrisch (575 verzoeken)", "Het aandeel van aanvragers (totale asielinstroom) met ...") says what the
    bracket stands by is: it belongs to the clause around the bracket."""
    if m.bracket < 0:
        return m
    b = brs[m.bracket]
    if b.aside:          # ", inclusief herhaalde aanvragen,": what a total includes stays an aside
        return m
    rest = (text[b.start + 1:m.start] + " " + text[m.end:b.end - 1]).split()
    if m.kind == "PERIOD" and rest or len(rest) > 2 or any(re.search(r"\d", w) for w in rest) \
            or any(w.lower() in _ADDING for w in rest):     # "(eerste en herhaalde asielaanvragen plus nareizigers)": a list of parts
        return m
    return replace(m, bracket=b.parent)


_ADDING = {"plus", "en", "inclusief", "incl.", "exclusief", "excl.", "zonder"}


def _drop_contained(pops: list[tuple]) -> list[tuple]:
    """Population spans without those inside a longer one ("eerste asielaanvragen" holds
    "asielaanvragen"); a span with a gap ("wees ... toe") holds nothing: the words in its gap stand on
    their own."""
    specs = population_specs()

    def gapped(rule: str) -> bool:
        pop, idx = rule.split(".", 1)[1].split("#")
        return "~" in specs[pop]["patterns"][int(idx)]
    solid = [p for p in pops if not gapped(p[5])]
    return [p for p in pops if gapped(p[5]) or not any(
        q is not p and q[0] <= p[0] and p[1] <= q[1] and (q[1] - q[0]) > (p[1] - p[0]) for q in solid)]


_COORD = re.compile(r"(?i)^\s*(?:,|en|of|en/of|alsmede)?\s*(?:(?:het|de)\s+(?:aantal\s+)?)?$")


def _in_enumeration(p: Mention, sent: Sentence, text: str) -> bool:
    """Is the population one of a list of populations ("eerste asielaanvragen, herhaalde
    asielaanvragen en nareizigers", the parts of a total)? Such a list says what a total is made of;
    no number takes one of its members as its population."""
    for q in sent.populations:
        if q is p or q.bracket != p.bracket or population_specs()[q.label].get("core") is False:
            continue
        a, b = (q, p) if q.end <= p.start else (p, q)
        if a.end <= b.start and _COORD.match(text[a.end:b.start]) and text[a.end:b.start].strip():
            return True
    return False
