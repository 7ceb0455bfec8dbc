"""Extraction: every statistic of a Document with its period, population, nationality, category and
metric, and the numbers passed over with the reason.

The stage's parts, one module each (on pipeline.language: the spaCy pipeline `nlp`, `numbers`,
`period_mentions` and `period_arithmetic`, `text_tables`):
  sentences   sentences of a block, brackets as scopes
  mentions    all mentions of a block: numbers, periods, nationalities, populations, categories, cues
  attachment  what a number takes (Choice, Attachment): constructions and nearest-in-scope attachment
              of modifiers to numbers (ConText-style), in constructions, in_scope and one module per
              modifier: period_attachment, population_attachment, nationality_attachment,
              category_attachment
  scope_rules the scopes of rules/attachment.yaml as checked records (direction, max, terminators)
  frame       what the text is about, carried across sentences, list items and paragraphs (and what the
              whole text is about); next_frame: what a sentence makes of it
  metrics     the metric rules of rules/metrics.yaml
  tables      tables (tab-separated, pipe, PDF ruled, and plain text: language.text_tables) -> one row per cell;
              its parts table_model, table_rules, table_find, table_cells, table_periods, table_layout,
              table_labels, and table_review (every cell for a reviewer)
  lexicon     nationality and category words (babel names, rules/nationalities.yaml, categories.yaml)
  prefetch    a long document's later blocks analysed by a forked copy while this process reads the first
  detect_language  whether a text is Dutch (py3langid; a text in another language is not read)
"""
from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field, replace

from ..model import Document, Observation, amended, explanation_json
from ..rules import load
from . import detect_language as language
from .table_find import find_tables
from .tables import table_grid
from .attachment import Attachment, Choice
from .category_attachment import attach_category
from .constructions import clause_span, from_to_pair, host_clause_start, pattern, restated_in_bracket
from .nationality_attachment import attach_nationalities, respectively_pairs, share_of_count_before
from .period_attachment import attach_periods, time_back
from .population_attachment import attach_population
from .restatements import (apposed, defined_aliases, defined_category, defined_metric, defined_population, listed_population, restated, retyped,
                           share_beside_count)
from .frame import EMPTY, Frame, document_period, latest_known, paragraph_start
from .next_frame import next_frame
from .lexicon import heading_categories
from .mentions import Sentence, analyse_block, population_specs, start_prefetch
from .metrics import (MetricContext, caseload_rows, choose_metric, foreign_scope, metric_label, names_nothing_but_population, names_quantity_before,
                      nationality_in_base,
                      not_core, text_label)
from ..language.editions import is_dateline
from ..language.numbers import Skipped, find_numbers, is_change
from .sentences import split_sentences

__all__ = ["extract", "ExtractResult", "Skipped", "find_numbers", "split_sentences"]


@dataclass
class ExtractResult:
    observations: list[Observation]
    skipped: list[Skipped]
    grid: list = field(default_factory=list)     # tables.GridCell of every table observation (for checks)
    attachments: list = field(default_factory=list)   # attachment.Attachment of every prose number: what
                                                      # decided its period, population, nationality, category
    language: str = "nl"     # the text's language (language.detect); another than Dutch is not read


_HEADING_NUMBER = re.compile(r"^[\s#*]*(?:(?:hoofdstuk|paragraaf|bijlage|deel)\s+)?$", re.I)   # "3 Asiel", "## 2.1 ..."
# "vanwege de situatie in Afghanistan": a place named as the cause, not where the figure was counted
_CIRCUMSTANCE = re.compile(r"(?i)\b(?:situatie|oorlog|crisis|conflict|onrust|machtsovername|gebeurtenissen|geweld|vervolging|aardbeving)\s+(?:\w+\s+){0,2}(?:in|op|rond)\s+$")
# between a whole and its part: "301 eerste aanvragen, zijn 250"
_PART_OF_WHOLE = re.compile(r"(?i)\s+(?:[^\W\d]+\s+){0,3}[^\W\d]+\s*,\s*(?:zijn|waren|is|was|werden|werd)\s+(?:er\s+)?(?:daarvan\s+)?(?:(?:ruim|bijna|circa|ongeveer)\s+)?")
_ROW_LINE = re.compile(r"^\s*[^\W\d][\w'’ ()&/-]{0,40}:\s*(?:<\s*)?\d[\d.,]*\s*(?:\(\s*\d[\d.,]*\s*(?:%|procent)\s*\))?\s*$")
_CAPTION = re.compile(r"(?i)^\s*(?:figuur|tabel|grafiek|fig\.)\s*[\w.]+\s*:")


@functools.lru_cache(maxsize=1)
def _place_lead_in() -> re.Pattern:
    return re.compile(load("nationalities")["place_lead_in"])


def extract(doc: Document) -> ExtractResult:
    lang = language.detect(doc.text)
    if lang != language.DUTCH:     # not read: every number passed over, none taken as a Dutch statistic
        reason = f"language {lang}: text not read"
        return ExtractResult([], [Skipped(m.start(), m.end(), m.group(0), reason)
                                  for m in language.numbers_in(doc.text)], language=lang)
    observations: list[Observation] = []
    skipped: list[Skipped] = []
    grid = []
    start_prefetch(doc)
    for table in find_tables(doc):
        cells, passed = table_grid(doc, table)
        grid.extend(cells)
        observations.extend(c.obs for c in cells)
        skipped.extend(Skipped(p.start, p.end, p.surface, p.reason) for p in passed)
    base = publisher_aliases(doc)
    prose, prose_skipped, attachments = _prose(doc, base)
    aliases = {**document_aliases(observations + prose, attachments), **defined_aliases(prose)}
    if aliases:      # the text equates a generic word with a type: read it again knowing that
        prose, prose_skipped, attachments = _prose(doc, {**base, **aliases})
    return ExtractResult(caseload_rows(doc, observations + prose), skipped + prose_skipped, grid, attachments)


def publisher_aliases(doc: Document) -> dict[str, str]:
    """Generic words with a fixed meaning in the texts of the document's publisher (rules/populations.yaml
    `publishers`: in a CBS release "asielzoekers" are first applications)."""
    out: dict[str, str] = {}
    for spec in load("populations").get("publishers", {}).values():
        if re.search(spec["source"], doc.source or "") or re.search(spec["text"], doc.text[:20000]):
            out.update(spec["aliases"])
    return out


def document_aliases(observations: list[Observation], attachments: list[Attachment]) -> dict[str, str]:
    """Generic words the document uses for one type. A generic word ("asielverzoeken") qualifies when
    every figure it names was made specific in the same way (by its section: "In maart 2020 zijn er
    1 025 asielverzoeken gedaan" under "Eerste asielverzoeken") and one of them the text also states
    with the specific words ("1 025 eerste asielverzoeken", or a table cell) — same value, unit and
    period. Then the word means that type throughout the document ("een kwart van de asielverzoeken
    (1 100) van Syriërs" in another section)."""
    by_att = {(a.number.start, a.number.end): a for a in attachments}
    specific: dict[tuple, set[int]] = {}
    uses: dict[str, set[str]] = {}
    confirmed: set[tuple[str, str]] = set()
    for o in observations:
        a = by_att.get((o.char_start, o.char_end))
        if a is not None and a.population.refined_from:
            uses.setdefault(a.population.refined_from, set()).add(a.population.value)
        elif o.metric:
            specific.setdefault((o.metric, o.value, o.unit, o.period_start, o.period_end), set()).add(o.char_start)
    for o in observations:
        a = by_att.get((o.char_start, o.char_end))
        if a is not None and a.population.how == "population.generic_refined (frame)" and o.metric and \
                specific.get((o.metric, o.value, o.unit, o.period_start, o.period_end), set()) - {o.char_start}:
            confirmed.add((a.population.refined_from, a.population.value))
    return {g: p for g, p in confirmed if uses.get(g) == {p}}


def _prose(doc: Document, aliases: dict[str, str]) -> tuple[list[Observation], list[Skipped], list[Attachment]]:
    """Rows of every number in the document's prose (blocks that are no table rows)."""
    observations: list[Observation] = []
    skipped: list[Skipped] = []
    attachments: list[Attachment] = []
    text = doc.text
    heading = Frame()
    heading_text = ""
    section = EMPTY
    first_after_heading = False
    lead_in: tuple[Frame, list[Sentence]] | None = None
    headline: list[tuple[Sentence, list[Sentence], Frame, str]] = []    # figures waiting for the lead's period
    last_period = None      # the last period the text was about, across headings
    whole = document_period(doc)      # what a section whose heading names no period goes on about
    title = _title(doc)
    items_before: list[Sentence] = []     # the list items before, under the same lead-in
    items_period = None       # the period the list items before named (under the same lead-in)

    def headline_rows(period) -> None:
        """A headline's figures that name no period are about the period its lead paragraph opens with
        ("Bijna 1 op de 3 asielzoekers komt uit Syrië" over "In het eerste kwartaal van 2021 ..."), or,
        with no lead, the edition's."""
        for figures, before_sents, hframe, htext in headline:
            rows, atts, _ = _sentence_rows(doc, figures, before_sents, [], hframe.with_(period=period), htext,
                                           False, aliases)
            observations.extend(rows)
            attachments.extend(atts)
        headline.clear()
    for block in doc.blocks:
        if block.kind == "table_row":
            continue
        sents = analyse_block(doc, block.start, block.end)
        if headline and is_dateline(text[block.start:block.end]):     # "Nieuwsbericht | 15-09-2014" under the title:
            skipped.extend(sk for s in sents for sk in s.skipped)     # the headline waits for the lead
            continue
        if block is doc.blocks[0] and block.kind == "paragraph" and title and not any(s.periods for s in sents) \
                and any(s.numbers for s in sents):
            # a title line that names no period ("Asielinstroom blijft hoog: 1.350 asielzoekers in een week"):
            # its figures are about the period the lead paragraph opens with, as a heading's
            hframe = _heading_frame(sents, doc)
            for si, s in enumerate(sents):
                skipped.extend(s.skipped)
                if s.numbers:
                    headline.append((s, sents[:si], hframe, title))
            continue
        if block.kind == "heading":
            headline_rows(None)
            before = section
            heading, heading_text = _heading_frame(sents, doc), " ".join(s.text for s in sents)
            # a question that names no period asks on about the period the text before it was about
            # ("Waar komen asielzoekers vandaan?" under "In 2022 dienden ...")
            carried = before.period if heading_text.rstrip().endswith("?") else None
            # a headline that claims something of a part of the text's period ("Nareizigers vooral in eerste
            # halfjaar", "Minste verzoeken in eerste kwartaal") does not make its section about that part
            own = None if whole and pattern("claim_heading").search(heading_text) else heading.period
            section, first_after_heading, lead_in = Frame(period=own or carried or whole,
                                                          section_population=heading.population), True, None
            # a headline's own figures: its own period (else the edition's, what the text is about), the
            # population it names or the one of the text before it
            hframe = Frame(period=heading.period, population=heading.population,
                           section_population=heading.population or before.section_population)
            for si, s in enumerate(sents):
                skipped.extend(s.skipped)
                numbered = [n for n in s.numbers if _HEADING_NUMBER.match(text[block.start:n.start])]
                skipped.extend(Skipped(n.start, n.end, text[n.start:n.end], "section number of a heading") for n in numbered)
                figures = replace(s, numbers=[n for n in s.numbers if n not in numbered])
                if figures.numbers:     # a headline that states a figure ("Bijna 1 op de 3 asielzoekers uit Syrië")
                    headline.append((figures, sents[:si], hframe, heading_text))
            if heading.period is not None:
                headline_rows(heading.period)
            continue
        is_item = block.kind == "list_item"
        if is_item and lead_in is not None:
            frame, lead_sents = lead_in
            if frame.period is None and items_period is not None:
                frame = frame.with_(period=items_period)    # "- In januari tot en met april ... - Er werden 410 herhaalde ..."
        else:
            frame, lead_sents = paragraph_start(section, heading, first_after_heading), []
        place_list = bool(lead_sents) and bool(_place_lead_in().search(" ".join(s.text for s in lead_sents)))
        topic = None       # the period the paragraph opened with: what its section goes on about
        named: set = set()   # the periods its sentences were about
        prev_rows: list[Observation] = []
        for si, sent in enumerate(sents):
            skipped.extend(sent.skipped)
            if frame.period is None and last_period is not None and not sent.periods and pattern("same_period").search(sent.text):
                frame = frame.with_(period=last_period)     # "In dezelfde periode" under a new heading
            rows, atts, frame = _sentence_rows(doc, sent, sents[:si], lead_sents + items_before, frame, heading_text,
                                               place_list, aliases)     # (the items before: words a rule's cue may need)
            rows = share_beside_count(apposed(restated(rows, observations, text), text), text)
            defined = defined_population(sent.text) if si and not rows else ""
            if defined:         # "Het gaat hierbij om eerste asielaanvragen, herhaalde ... en nareizende gezinsleden."
                observations[len(observations) - len(prev_rows):] = retyped(prev_rows, defined, sent.text)
                frame = frame.with_(population=defined, last_metric=(defined_metric(defined), "count"),
                                    category=defined_category(sent.text) or frame.category)
            prev_rows = prev_rows + rows    # the paragraph's rows so far: "1.130 asielzoekers ... gemeld. Dat zijn er
            observations.extend(rows)       # 160 meer ... toen 970. Het gaat om eerste en herhaalde ... en nareizigers."
            attachments.extend(atts)
            if topic is None and frame.period is not None and (sent.numbers or whole is None or whole.start <= frame.period.start
                                                                and frame.period.end <= whole.end):
                topic = frame.period    # (not a sentence without figures about a time before the text's: "Na de hoge
                                        # instroom in het najaar van 2015 is ... gedaald")
            named.update((p.period.start, p.period.end) for p in sent.periods
                         if not p.period.reference and not p.period.shift and p.period.kind not in ("point", "bare_month"))
            last_period = frame.period or last_period
        items_before = items_before + sents if is_item else []
        if is_item and topic is not None:
            # an item that names the period goes on in the items after it, and (when the section has none) in the text after them
            items_period = topic
            if section.period is None:
                section = section.with_(period=topic)
        elif not is_item:
            items_period = None
        btext = text[block.start:block.end]
        if headline and not _CAPTION.match(btext):
            headline_rows(topic)
        if not is_item and not _CAPTION.match(btext):
            lead_in = (frame, sents)
            if whole is not None and len(named) >= 2 and all(whole.start <= a and b <= whole.end for a, b in named):
                topic = whole      # "In de eerste helft ... 7 760, in de tweede helft 4 215": about the whole of them
            section = Frame(period=topic or frame.period, section_population=frame.section_population)
            # rows written as lines under a heading ("Syrië: 3.370 (15%)", "Nigeria: 1.950 (9%)"): each is right under it
            first_after_heading = first_after_heading and bool(_ROW_LINE.match(btext))
        elif is_item and btext.rstrip().endswith(":"):
            lead_in, items_before = (frame, sents), []     # "► Top 5 opvanglanden:" leads the items under it
    headline_rows(None)
    return observations, skipped, attachments


_RANKED_SEP = re.compile(r"(?i)\s*(?:[^\W\d][\w-]*\s*)?,\s*(?:gevolgd\s+door|en\s+daarna|daarna)\s+(?:[^\W\d][\w'’-]*\s+){0,3}?")   # "(480) bovenaan, gevolgd door Marokkanen ("
_SINCE_LATER = re.compile(r"(?i)\b(?:februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december|eind|medio|half)\b"
                          r"|\b(?:[2-9]|[12]\d|3[01])\s+januari\b")     # a "sinds" date after 1 January
_PERIOD_IN_BRACKET = re.compile(r"(?i)\(\s*(?:in\s+)?(?:[^\W\d]+\s+){0,3}?(?:19|20)\d\d\s*[:=]\s*(?:(?:ruim|bijna|circa|ongeveer)\s+)?")   # "(2019: "
_LIST_SEP = re.compile(r"\s*(?:,|en|of)\s*")       # between the members of a list of numbers
_SHARED_VERB = re.compile(r"(?i)\s+(?:[^\W\d][\w-]*\s+){0,2}(?:en|of)\s+")      # "N1 vreemdelingen zelfstandig en N2 ..."
_PEOPLE_BEFORE = re.compile(r"(?i)^\W*(?:zij|deze\s+groep|die\s+groep)\b|\b(?:hun|van\s+hen)\b")    # the people named before
_PERIOD_LIST = re.compile(r"(?i)\s+(?:in|over)\s+[^,;.\d]{0,25}?(?:19|20)\d\d\s*(?:,|en)\s+")


def _borrowed_category(category: Choice, att: Attachment, other: str, how: str) -> tuple[Choice, Attachment]:
    """A figure that names the quantity of another again takes that one's category when it has none of its own."""
    if category.value or not other:
        return category, att
    category = Choice(other, how)
    return category, replace(att, category=category)


def _kinds_of(metric: str) -> set[str]:
    """The metrics that count a kind of what `metric` counts (rules/metrics.yaml `kinds`: a forced departure is a departure)."""
    return set(load("metrics").get("kinds", {}).get(metric, []))


def _share_of_count_before(count_metric: str, before: str, after: str) -> str:
    """The share metric of the count before when the percentage says what share of the whole it is."""
    c = load("metrics")["share_of_count_before"]
    if count_metric in c["shares"] and re.match(c["opening"], before) and re.match(c["base"], after):
        return c["shares"][count_metric]
    return ""


def _count_of_share_before(share_metric: str, before: str, after: str) -> str:
    """The count metric of the share before when the count names that share's figures again ("Het ging om 2.665 aanvragen")."""
    c = load("metrics")["share_of_count_before"]
    counts = _counts_of_shares()
    if share_metric in counts and re.match(c["count_opening"], before) and re.match(c["count_noun"], after):
        return counts[share_metric]
    return ""


@functools.lru_cache(maxsize=1)
def _counts_of_shares() -> dict[str, str]:
    """share metric -> count metric (rules/metrics.yaml `share_of_count_before` `shares`, the other way round)."""
    return {share: count for count, share in load("metrics")["share_of_count_before"]["shares"].items()}


def _title(doc: Document) -> str:
    """The document's first heading, or its first line when that is a headline (short, no full stop: "IND
    besliste in eerste halfjaar 2016 op bijna 23.000 eerste asielaanvragen"): what the whole text is
    about (a rule's `cue` may stand there)."""
    first = doc.blocks[0] if doc.blocks else None
    if first is None or first.kind not in ("heading", "paragraph"):
        return ""
    words = doc.text[first.start:first.end]
    return words if first.kind == "heading" or (len(words) <= 150 and "\n" not in words.strip()
                                                 and not words.rstrip().endswith(".")) else ""


def _heading_frame(sents: list[Sentence], doc: Document) -> Frame:
    """What a heading says its section is about: its period and its population."""
    period = pop = None
    for s in sents:
        for p in s.periods:
            if not p.period.reference and period is None:
                period = p.period
        for m in s.populations:
            if m.bracket < 0 and pop is None and population_specs()[m.label].get("core", True):
                pop = m.label
    return Frame(period=period, population=pop or "")


def _sentence_rows(doc: Document, sent: Sentence, prev: list[Sentence], lead: list[Sentence], frame: Frame,
                   heading_text: str, place_list: bool, aliases: dict[str, str]) -> tuple[list[Observation], list[Attachment], Frame]:
    text = doc.text
    anaphoric = sent.has_cue("ANAPHOR")
    back = time_back(sent, prev[-1] if prev else None, frame, doc)
    periods, main_period = attach_periods(sent, doc, frame.with_(period=back[0]) if back else frame)
    if back:      # "Toen ...": the figures without a period of their own are of the one pointed back to
        periods = [(ps, Choice(back[0], "period.time_back", back[1], spans=(back[2],)) if c.how == "period.frame" else c)
                   for ps, c in periods]
    forced = respectively_pairs(sent, prev[-1] if prev else None, text)
    under = heading_categories(heading_text) if heading_text else []
    context = " ".join([sent.text] + [s.text for s in prev] + [s.text for s in lead] + [heading_text, _title(doc)])
    nearby = " ".join(s.text for s in prev[-2:])
    rows: list[Observation] = []
    attached: list[Attachment] = []
    foreign_seen = False
    quote = " ".join(sent.text.split())
    for i, n in enumerate(sent.numbers):
        pers, period_choice = periods[i]
        population = attach_population(sent, n, frame, text, anaphoric, aliases)
        # "ruim een derde (34%) van de totale asielinstroom", "met 1.604 personen ruim een derde (34%) van de ...":
        # the base of the share (or of the percentage in the bracket after it)
        k = i
        while not population.value and (restated_in_bracket(sent, k) or (k == i and share_of_count_before(sent, k + 1, text))):
            k += 1
            population = attach_population(sent, sent.numbers[k], frame, text, anaphoric, aliases)
        if not population.value and i + 1 < len(sent.numbers) and _SHARED_VERB.fullmatch(text[n.end:sent.numbers[i + 1].start]):
            nxt = attach_population(sent, sent.numbers[i + 1], frame, text, anaphoric, aliases)
            if nxt.value and population_specs()[nxt.value].get("kind") == "verb" and nxt.how in ("population.head", "population.after"):
                # "4.560 vreemdelingen zelfstandig en 1.460 gedwongen vertrokken": one verb for both conjuncts
                population = Choice(nxt.value, "population.shared_verb", nxt.source, spans=nxt.spans)
        nats, group = attach_nationalities(sent, i, frame, text, forced, anaphoric, place_list)
        from_to = i > 0 and from_to_pair(sent, i - 1, text)      # "van N1 (in P1) naar N2": one quantity
        if not nats.value and not group and attached and from_to:
            nats = Choice(attached[-1].nationalities.value, "nationality.from_to")   # "van 35% in juni naar 30% in juli"
        elif not nats.value and not group and attached and attached[-1].nationalities.value and attached[-1].number is sent.numbers[i - 1] \
                and attached[-1].number.number.unit == n.number.unit and _PERIOD_LIST.fullmatch(text[sent.numbers[i - 1].end:n.start]):
            nats = Choice(attached[-1].nationalities.value, "nationality.period_list")   # "tegen 2.980 in 2016 en 7.360 in 2015"
        elif not nats.value and not group and attached and _PART_OF_WHOLE.fullmatch(text[sent.numbers[i - 1].end:n.start]) \
                and re.match(r"(?i)\W*van\b", sent.text):     # "Van het ... aantal van 301 eerste aanvragen, zijn 250 ..."
            nats = Choice(attached[-1].nationalities.value, "nationality.whole")
        elif not nats.value and not group and attached and attached[-1].nationalities.value and \
                pattern("elided_conjunct").fullmatch(text[sent.numbers[i - 1].end:n.start]) and \
                re.fullmatch(r"\W*", text[n.end:sent.end]):     # "... 45 aanvragen in en in de periode ... 2019 35."
            nats = Choice(attached[-1].nationalities.value, "nationality.elided_conjunct")
        elif not nats.value and not group and attached and restated_in_bracket(sent, i - 1) and attached[-1].nationalities.value:
            nats = Choice(attached[-1].nationalities.value, "nationality.restated_in_bracket")
        elif not nats.value and not group and attached and share_of_count_before(sent, i, text):
            nats = Choice(attached[-1].nationalities.value, "nationality.share_of_count")   # "8 380 personen, ruim een derde van het totaal"
        category = attach_category(sent, i, frame, text, under, population.value)
        if not category.value and frame.category and population.how == "population.frame" and anaphoric and not nats.value:
            category = Choice(frame.category, "category.frame")     # "..., waren dat er nog 44.660": the same quantity
        elif not category.value and frame.category and not nats.value and not frame.nationalities \
                and _PEOPLE_BEFORE.search(text[sent.start:n.start]):
            # "... staan asielzoekers uit een veilig land van herkomst. Zij waren verantwoordelijk voor 11 procent ...;
            # van hun aanvragen werd minder dan 5 procent ingewilligd": the group the sentence before named
            category = Choice(frame.category, "category.frame")
        if not category.value and attached and from_to and attached[-1].category.value:
            category = Choice(attached[-1].category.value, "category.from_to")   # "van 78% in 2022 naar 62% in 2023"
        elif not category.value and attached and attached[-1].category.value and i and attached[-1].number is sent.numbers[i - 1] \
                and attached[-1].number.number.unit == n.number.unit and pattern("against").fullmatch(text[sent.numbers[i - 1].end:n.start]):
            category = Choice(attached[-1].category.value, "category.compared_with")   # "daalde tot 9 procent, tegen 14 procent in ..."
        default = population_specs().get(population.value, {}).get("default")
        if default and n.number.unit == "count" and not nats.value and not category.value and not group:   # "30.380 asielaanvragen"
            population = Choice(default, "population.default", population.source, refined_from=population.value,
                                spans=population.spans)
        att = Attachment(n, pers, period_choice, population, nats, group, category)
        attached.append(att)
        nh = n.number
        b0, a1 = clause_span(sent, i)
        if n.bracket >= 0:      # a number in brackets also sees the clause the bracket belongs to
            b0 = min(b0, host_clause_start(sent, n))
        before, after = text[b0:n.start], text[n.end:a1]
        change = is_change(text[max(b0, n.start - 60):n.start], after, text[n.start] in "+-−", sent.text)
        metric, rule = "", ""
        foreign = foreign_scope(before + " " + after, sent.text, heading_text, any(
            m.is_location and not _CIRCUMSTANCE.search(text[max(sent.start, m.start - 40):m.start])
            for m in sent.nationalities)) \
            or (anaphoric and frame.foreign and not re.search(r"\bNederland\b", sent.text))
        foreign_seen = foreign_seen or foreign
        why_not, why_words = not_core(nh.unit, after, text[n.end:min(sent.end, n.end + 160)],
                                      text[sent.start:n.start], before + " " + after)
        rest_of_whole = ""
        if why_not == "part_apposition" or (not why_not and nats.how == "nationality.rest_without_list"):
            # "ongeveer 380 asielaanvragen, zo'n 19% van alle ...", "De overige 20.540 vreemdelingen": a part of a whole —
            # no core total, but a kind its own words name ("In 1.120 gevallen, 9 procent van de beslissingen, werd de
            # aanvraag afgewezen ... Dublinverordening", "De overige 5.720 eerste aanvragen werden afgewezen") stays
            rest_of_whole = why_words if why_not else nats.source
            why_not, why_words = "", ""
        if why_not == "cumulative" and pers[0].kind == "ytd" and not _SINCE_LATER.search(why_words):
            why_not, why_words = "", ""     # "Sinds begin 2014 zijn tot en met september 20.670 ...": the year to date
            # (not "sinds 1 april 2024 ...: tot en met september zijn 1.750 ...": since a day in the year)
        if why_not == "combined" and nats.how == "nationality.respectively":
            why_not, why_words = "", ""     # "Samen waren zij goed voor driekwart (respectievelijk 47% en 28%)": each its own
        if why_not == "subgroup" and population.value == "uam" and re.fullmatch(r"(?i)minderjarig\w*", why_words):
            why_not, why_words = "", ""     # "Eritrese (365) en Afghaanse minderjarigen (225)" after the amv: the same group
        if why_not == "stock" and population.value == "permit_holders":
            why_not, why_words = "", ""     # asylum permit holders are counted at a day (spec, Conventions)
        if not why_not and period_choice.how == "period.since" and pers[0].kind == "range":   # not the year to date
            why_not, why_words = "cumulative", period_choice.source
        if not why_not and pers[0].kind == "point" and nh.unit == "count" and population.value != "permit_holders":
            why_not, why_words = "stock", period_choice.source or pers[0].start   # "eind april 2016 ruim 4.500 amv": people at a day
        if not why_not and pers[0].start > latest_known(doc) and (doc.published or pattern("future_words").search(sent.text)):
            # "Het kabinet wil dat in 2025 minstens 60 procent ...": after the text was written
            why_not, why_words = "future", period_choice.source or pers[0].start
        core_possible = not change and not group and not foreign and not why_not
        if core_possible:
            pop_start = min([m.start for m in sent.populations if m.label == population.value] + [b0])
            mc = MetricContext(population.value, nh.unit, before, after,
                               before + " " + after + " " + text[min(pop_start, n.start):n.start],
                               context, nearby, heading_text, bool(nats.value or category.value), sent.text)
            metric, rule = choose_metric(mc)
            if rest_of_whole and (not metric or names_nothing_but_population(rule)):
                metric, rule, why_not, why_words = "", "", "part_of_whole", rest_of_whole
                core_possible = False
            base = nationality_in_base(text, nats.spans, b0) if metric.endswith("_share") else ""
            if base:        # "Van de Syrische asielzoekers was 35 procent ...": within the group, not its share
                metric, rule, why_not, why_words = "", "", "within_group", base
        if core_possible and from_to and rows and \
                rows[-1].char_start == sent.numbers[i - 1].start and rows[-1].metric and rows[-1].unit == nh.unit:
            metric, rule = rows[-1].metric, "from_to"     # "van 19 procent in 2016 naar 30 procent in 2017": one quantity
        if core_possible and not metric and i > 0 and rows and rows[-1].char_start == sent.numbers[i - 1].start \
                and rows[-1].metric and restated_in_bracket(sent, i - 1) and rows[-1].nationality in nats.value + ("",):
            metric, rule = rows[-1].metric, "restated_in_bracket"     # "ruim een kwart (27 procent) van alle eerste aanvragen"
            category, att = _borrowed_category(category, att, rows[-1].category, "category.restated_in_bracket")
        if core_possible and i > 0 and rows and rows[-1].char_start == sent.numbers[i - 1].start and rows[-1].metric \
                and rows[-1].unit == nh.unit and pattern("against").fullmatch(text[sent.numbers[i - 1].end:n.start]) \
                and (not metric or all(e <= n.start for _, e in population.spans)):
            metric, rule = rows[-1].metric, "compared_with"   # "In 38 procent ... ingewilligd, tegen 47 procent in 2018";
            # "Amv dienden ... 2.190 asielaanvragen in, tegen 1.460 in 2022": the noun before is the first figure's
        if core_possible and not metric and n.bracket >= 0 and rows and _PERIOD_IN_BRACKET.fullmatch(text[sent.brackets[n.bracket].start:n.start]):
            ref = next((r for r in reversed(rows) if r.metric and r.unit == nh.unit and r.char_end <= sent.brackets[n.bracket].start), None)
            if ref is not None:     # "Dat is 16 procent van de afgehandelde eerste asielaanvragen (2019: 24 procent)": that quantity then
                metric, rule = ref.metric, "compared_with"
                category, att = _borrowed_category(category, att, ref.category, "category.compared_with")
        if core_possible and pattern("base_in_bracket").search(text[max(sent.start, n.start - 90):n.start]):
            compared = next((r for r in reversed(rows) if r.metric and r.unit == nh.unit and r.char_start >= sent.start), None)
            if compared is not None and compared.metric != metric:
                # "24.180 beslissingen ..., ruim 5 duizend meer dan in de eerste helft van 2024 (19.040)"
                metric, rule = compared.metric, "compared_base"
            if compared is not None:        # "8.930 kennismigranten ..., meer dan in 2011 (8.340)"
                category, att = _borrowed_category(category, att, compared.category, "category.compared_with")
            elif compared is None and anaphoric and frame.last_metric[0] and frame.last_metric[1] == nh.unit \
                    and frame.last_metric[0] != metric:
                metric, rule = frame.last_metric[0], "compared_base"    # "Dat zijn er ruim 3.000 meer dan in ... (7.790)"
        if core_possible and not metric and nh.unit == "count" and population.value not in ("first_applications", "repeat_applications", "family_reunification"):
            listed = listed_population(text[n.end:sent.end])
            if listed:      # "17.160 asielaanvragen en nareizigers: 9.810 eerste ..., 4.350 herhaalde ... en 3.000 nareizende gezinsleden"
                metric, rule = defined_metric(listed), "listed_parts"
        if core_possible and not metric and nh.unit == "percent" and i == 0 and frame.last_metric[1] == "count":
            share = _share_of_count_before(frame.last_metric[0], text[sent.start:n.start], text[n.end:n.end + 30])
            if share:       # "... Dublinverordening. Dat is 13 procent van alle beslissingen op eerste aanvragen."
                metric, rule = share, "share_of_count_before"     # "Uit veilige landen ... kwamen 1 125 asielzoekers. Dat is 18 procent ..."
                category, att = _borrowed_category(category, att, frame.category, "category.frame")
        if core_possible and nh.unit == "count" and i == 0 and frame.last_metric[1] == "percent":
            count = _count_of_share_before(frame.last_metric[0], text[sent.start:n.start], text[n.end:sent.end])
            if count:       # "... Dublinverordening (27 procent). Het ging om 2.665 aanvragen.": the count of that share
                metric, rule = count, "count_of_share_before"
        if core_possible and anaphoric and not sent.populations and frame.last_metric[0] and frame.last_metric[1] == nh.unit \
                and not names_quantity_before(sent.text) \
                and (not metric and len(sent.numbers) == 1 or population.how.startswith("population.frame") and rule != "compared_base"
                     and (nh.unit == "percent" or names_nothing_but_population(rule)
                          and metric != (frame.whole_metric[0] if frame.whole_metric[1] == "count" else frame.last_metric[0]))):
            metric, rule = frame.last_metric[0], "anaphor"  # "... 81% onder toezicht. In 2022 was dat 77%.": that quantity
            if nh.unit == "count" and frame.whole_metric[1] == "count" and frame.whole_metric[0]:
                metric = frame.whole_metric[0]      # (the whole's, not the part's after "waarvan")
            # ("... lag dat percentage op 79 procent. Voor Syriërs was het 96 procent, voor Jemenieten 91 procent";
            # "... 9.870 beslissingen genomen op eerste asielaanvragen. In dezelfde periode vorig jaar waren dat er 12.415.")
        elif core_possible and not metric and nh.unit == "percent" and frame.last_metric[0].endswith("_share") \
                and frame.last_metric[1] == "percent" and pattern("ranking").match(sent.text) and nats.value:
            metric, rule = frame.last_metric[0], "ranking"    # "Op de tweede en derde plaats volgen ... Eritrese asielzoekers (20%)"
        elif core_possible and all(o.number.unit == nh.unit for o in sent.numbers) and frame.last_metric[0] \
                and frame.last_metric[1] == nh.unit and names_quantity_before(sent.text):
            metric, rule = frame.last_metric[0], "anaphor_noun"   # "Bij Syriërs lag dat percentage op 97 procent"
        elif core_possible and rows and rows[-1].metric and rows[-1].unit == nh.unit and nh.unit == "percent" \
                and names_quantity_before(text[rows[-1].char_end:n.start]):
            # "Dat is ruim een kwart (27 procent) van alle eerste aanvragen; in dezelfde periode vorig jaar lag dat aandeel op
            # 21 procent": the figure before in the sentence, its category too
            metric, rule = rows[-1].metric, "anaphor_noun"
            category, att = _borrowed_category(category, att, rows[-1].category, "category.compared_with")
        rule_id = f"metrics.{rule}" if rule else ("number.change" if change else "number.unclassified")
        label = metric_label(metric) if metric else text_label(before, after, change)
        explanation = att.explanation() + f"; metric: {rule_id}"
        record = att.record(text) + [{"part": "metric", "rule": rule_id}]
        if why_not and not metric and not change:
            explanation += f"; no core metric: {why_not} «{' '.join(why_words.split())}»"
            record.append({"part": "no_core_metric", "rule": why_not, **_words_near(text, why_words, b0, a1, sent)})
        record_json = explanation_json(record)
        for p in pers:
            for code in (nats.value or ("",)):
                rows.append(Observation(
                    doc_id=doc.doc_id, source=doc.source, edition=doc.edition, metric=metric, label=label,
                    nationality=code, category=category.value, period_start=p.start, period_end=p.end,
                    period_kind=p.kind, value=nh.value, unit=nh.unit, qualifier=nh.qualifier,
                    page=doc.page_of(nh.start), char_start=nh.start, char_end=nh.end, quote=quote,
                    rule_id=rule_id, explanation=explanation, explanation_record=record_json))
    rows = _list_members(rows, sent, text)
    return rows, attached, next_frame(frame, sent, attached, rows, main_period, anaphoric, foreign_seen)


def _list_members(rows: list[Observation], sent: Sentence, text: str) -> list[Observation]:
    """The members of a list of numbers count what the words of one member say (rule metrics.list_member):
    'In januari, februari en maart ging het om respectievelijk 2.010, 2.265 en 2.565 beslissingen' — the words after
    the last one (a list that ends with "en"/"of"; not "Ruim de helft, 57 procent, vertrok ...", one quantity twice);
    'Bij het gedwongen vertrek stonden Albanezen (480) bovenaan, gevolgd door Marokkanen (390) en Nigerianen (310)' —
    the first one's, in a list of bracketed figures, for the members whose noun alone gives what it is a kind of."""
    nums = sent.numbers

    def plain(o: Observation) -> bool:
        return bool(o.metric) and names_nothing_but_population(o.rule_id.removeprefix("metrics."))

    for k, j in _runs(nums, lambda a, b: _LIST_SEP.fullmatch(text[a.end:b.start])):
        if re.search(r"\b(?:en|of)\b", text[nums[j - 1].end:nums[j].start]):
            rows = _take_quantity(rows, nums[j], {n.start for n in nums[k:j]}, text,
                                  lambda o, m: o.nationality == m.nationality and (not o.metric or plain(o)))

    def bracketed(a: Mention, b: Mention) -> bool:
        if a.bracket < 0 or b.bracket < 0 or a.bracket == b.bracket:
            return False
        between = text[sent.brackets[a.bracket].end:sent.brackets[b.bracket].start]
        return bool(pattern("list_member").fullmatch(between) or _RANKED_SEP.fullmatch(between))
    for k, j in _runs(nums, bracketed):
        rows = _take_quantity(rows, nums[k], {n.start for n in nums[k + 1:j + 1]}, text,
                              lambda o, m: not o.metric or plain(o) and m.metric in _kinds_of(o.metric))
    return rows


def _runs(nums: list[Mention], joined) -> list[tuple[int, int]]:
    """(first, last) index of each run of two or more numbers of one unit that `joined(a, b)` links."""
    out, k = [], 0
    while k < len(nums):
        j = k
        while j + 1 < len(nums) and nums[j].number.unit == nums[j + 1].number.unit and joined(nums[j], nums[j + 1]):
            j += 1
        if j > k:
            out.append((k, j))
        k = j + 1
    return out


def _take_quantity(rows: list[Observation], source: Mention, members: set[int], text: str, may) -> list[Observation]:
    """The rows of `members` (by start) take the metric of `source`'s one row when words decided it (not its population
    alone, nor a list member itself) and `may(row, source_row)` holds; no change and no row with a reason for no metric."""
    own = [o for o in rows if o.char_start == source.start]
    if len(own) != 1 or not own[0].metric or not own[0].rule_id.startswith("metrics.") \
            or own[0].rule_id == "metrics.list_member" or names_nothing_but_population(own[0].rule_id[8:]):
        return rows
    m = own[0]
    return [amended(o, f"list member: the quantity of «{text[m.char_start:m.char_end]}»",
                    {"part": "list_member", "rule": "metrics.list_member"},
                    metric=m.metric, label=m.label, rule_id="metrics.list_member")
            if o.char_start in members and "no core metric" not in o.explanation and o.rule_id != "number.change" and may(o, m)
            else o for o in rows]


def _words_near(text: str, words: str, b0: int, a1: int, sent: Sentence) -> dict:
    """{"words": [its span]} for words a check quoted from around a number: where they stand in the
    number's clause, else in its sentence ({} when they are not found as written)."""
    for lo, hi in ((b0, a1), (sent.start, sent.end)):
        at = text.find(words, lo, hi) if words else -1
        if at >= 0:
            return {"words": [{"start": at, "end": at + len(words), "text": words}]}
    return {}

