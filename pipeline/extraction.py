"""Find every statistic in a Document and resolve what it counts, when, and for whom.

One pass over the blocks. For each sentence: period phrases (pipeline.periods), numbers (the patterns
and filters of rules/numbers.yaml), nationality and category mentions (pipeline.lexicon), topics
(rules/metrics.yaml). Each number then takes, looking outward from its own clause to its sentence,
paragraph, list lead-in, section and heading:
  * the period: its own ("43.100 in 2015", "in 2021 (36.620)"), else the sentence's, else inherited;
  * the nationality/category: from its clause ("Syrië (69)", "13 % ... uit Eritrea", "De overige 23%");
  * the metric: the first rule of rules/metrics.yaml whose conditions hold at the nearest level.
Every row records the rule that made it (rule_id); numbers that are not statistics are returned
with the reason they were passed over.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from .lexicon import Mention, category_mentions, heading_categories, nationality_mentions
from .model import Document, Observation, Period
from .periods import edition_period, find_periods
from .rules import load, spaced
from .tables import find_tables, table_grid


# ---- vocabulary, compiled once ----------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def _num_cfg():
    c = load("numbers")
    quals = sorted(c["qualifiers"].items(), key=lambda kv: len(kv[0]), reverse=True)
    qual_alt = "|".join(re.escape(k) for k, _ in quals)
    scales = "|".join(sorted(map(re.escape, c["scales"]), key=len, reverse=True))
    fractions = "|".join(sorted(map(re.escape, c["fractions"]), key=len, reverse=True))
    cardinals = "|".join(sorted(map(re.escape, c["cardinals"]), key=len, reverse=True))
    num_rx = re.compile(
        r"(?<![\w.,/])(?:(?P<sign>[+\-−])(?=\d))?"
        r"(?P<num>\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)(?![\w])"
        r"(?P<pct>[ \t]?\n?[ \t]?%|\s+procent\b)?"
        rf"(?P<scale>\s+(?:{scales})(?![\w]))?"
        rf"|(?<![\w])(?P<frac>(?i:{fractions}))(?![\w])"
        rf"|(?<![\w])(?P<wnum>(?i:{cardinals}))\s+procent\b"
    )
    return {
        "num_rx": num_rx,
        "qual_rx": re.compile(rf"(?i)(?:^|[\s(])(?P<q>{qual_alt})\s*$"),
        "qualifiers": {k.lower(): v for k, v in c["qualifiers"].items()},
        "scales": {k.lower(): v for k, v in c["scales"].items()},
        "fractions": {k.lower(): v for k, v in c["fractions"].items()},
        "cardinals": {k.lower(): v for k, v in c["cardinals"].items()},
        "durations": {k.lower(): v for k, v in c["duration_units"].items()},
        # "22 weken", and the first of "van 6 naar 9 maanden"
        "dur_rx": re.compile(r"^(?:\s*(?:naar|tot|of|à|-|–)\s*\d+(?:,\d+)?)?\s+("
                             + "|".join(map(re.escape, c["duration_units"])) + r")\b"),
        "reference": re.compile(r"(?i)\b(?:" + "|".join(re.escape(w) for w in c["reference_words"])
                                + r")\s*\(?\s*(?:\d+\s*(?:,|en|t/m|-)\s*)*$"),
        "not_after": re.compile(c["not_after"]),
        "policy": re.compile(c["policy_cues"]),
        "negated": re.compile(c["negated_sentence"]),
        "reference_sentence": re.compile(c["reference_sentence"]),
        "fraction_not_before": re.compile(c["fraction_not_before"]),
        "change_before": re.compile(c["change_before"]),
        "change_after": re.compile(c["change_after"]),
        "currency": re.compile(r"(?i)^\s*(?:" + "|".join(map(re.escape, c["currency_words"])) + r")\b"),
    }


@functools.lru_cache(maxsize=1)
def _metric_cfg():
    c = load("metrics")
    topics = {k: re.compile(spaced(v)) for k, v in c["topics"].items()}
    topics.update({k: re.compile(spaced(v)) for k, v in c.get("other_topics", {}).items()})
    rules = []
    rx = lambda r, k: re.compile(spaced(r[k])) if r.get(k) else None  # noqa: E731
    for r in c["rules"]:
        rules.append({
            "id": r["id"], "metric": r["metric"], "unit": r.get("unit"), "topic": r.get("topic"),
            "local": rx(r, "local"), "before": rx(r, "before"), "after": rx(r, "after"),
            "unless": rx(r, "unless"), "unless_heading": rx(r, "unless_heading"), "cue": rx(r, "cue"),
            "unless_nearby": rx(r, "unless_nearby"),
            "needs_breakdown": bool(r.get("needs_breakdown")),
        })
    return {
        "topics": topics, "rules": rules, "labels": c.get("labels", {}),
        # any core topic, in one pattern (is a sentence about a core figure at all?)
        "core_topic": re.compile("|".join(f"(?:{spaced(v).replace('(?i)', '')})" for v in c["topics"].values()), re.I),
        "refinements": c.get("refinements", {}),
        "within_group": re.compile(c["within_group"]) if c.get("within_group") else None,
        "part_apposition": re.compile(c["part_apposition"]) if c.get("part_apposition") else None,
        "scope_exclude": re.compile(spaced(c["scope_exclude"])),
    }


# ---- records ----------------------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def _comparison_rx():
    return re.compile(load("periods")["comparison_sentence"])


@dataclass(frozen=True)
class NumberHit:
    start: int          # document offsets of the number as written ("13 %", "3,4 mln", "een derde")
    end: int
    value: float
    unit: str
    qualifier: str


@dataclass(frozen=True)
class Skipped:
    start: int
    end: int
    surface: str
    reason: str


@dataclass
class Sentence:
    start: int
    end: int
    text: str
    periods: list[Period]
    numbers: list[NumberHit]
    topics: set[str]
    nat: list[Mention] = field(default_factory=list)     # offsets in document
    cat: list[Mention] = field(default_factory=list)
    bound: dict = field(default_factory=dict)            # number index -> own Period
    forced_nat: dict = field(default_factory=dict)       # number index -> codes ("respectievelijk")
    skipped: list = field(default_factory=list)          # numbers passed over, with the reason

    def inheritable(self) -> Period | None:
        """The sentence's period that later sentences inherit: a non-reference period not bound
        to one particular number of this sentence."""
        if _comparison_rx().search(self.text):
            return None
        bound_ids = {id(p) for p in self.bound.values()}
        for p in self.periods:
            if not p.reference and id(p) not in bound_ids:
                return p
        return None


@dataclass
class ExtractResult:
    observations: list[Observation]
    skipped: list[Skipped]
    grid: list = field(default_factory=list)     # tables.GridCell of every table observation (for checks)


# ---- sentences ------------------------------------------------------------------------------

_ABBREV = {"ca", "t.o.v", "o.a", "nr", "bijv", "art", "jl", "e.d", "m.b.t", "i.v.m", "d.w.z", "incl",
           "excl", "fig", "p", "blz", "c.q", "resp", "mln", "mld", "vs", "st", "o.b.v", "m.u.v", "ea",
           "zgn", "evt", "max", "min", "gem", "vnl", "mr", "dr", "drs", "ir", "prof", "jr", "sr"}
_SPLIT = re.compile(r"[.!?](?=[\s\u00a0]+[\"'“‘(\[]?[A-Z0-9ÀÁÂÄÉÈËÏÖÓÜ●•▶►])")


def split_sentences(text: str, offset: int) -> list[tuple[int, int, str]]:
    out = []
    start = 0
    for m in _SPLIT.finditer(text):
        word = re.search(r"([\w.]+)$", text[start:m.start()])
        w = word.group(1).lower() if word else ""
        if w.rstrip(".") in _ABBREV or (len(w) == 1 and w.isalpha()):
            continue
        if w.isdigit() and len(w) <= 2 and _in_rank_list(text, m.start()):
            continue      # "1. Pools 2. Roemeens 3. Bulgars": a ranking, not three sentences
        end = m.end()
        out.append((start, end))
        start = end
        while start < len(text) and text[start].isspace():
            start += 1
    if start < len(text) and text[start:].strip():
        out.append((start, len(text)))
    return [(offset + s, offset + e, text[s:e]) for s, e in out]


_RANK_NEXT = re.compile(r"\.\s+[A-ZÀ-Ý][\w'’-]*(?:\s+[\w'’-]+){0,2}?\s+\d{1,2}\.\s+[A-ZÀ-Ý]")
_RANK_PREV = re.compile(r"(?:^|\s)\d{1,2}\.\s+[A-ZÀ-Ý][\w'’-]*(?:\s+[\w'’-]+){0,2}?\s+\d{1,2}$")


def _in_rank_list(text: str, dot: int) -> bool:
    """Is the "N." ending at `dot` an item of a ranking on one line ("1. Pools 2. Roemeens")?"""
    line_start = text.rfind("\n", 0, dot) + 1
    return bool(_RANK_NEXT.match(text, dot) or _RANK_PREV.search(text[line_start:dot]))


# "Syrië (69)", "Kennis & Talent (circa 2.360)", "in 2021 (ongeveer 36.620)": what may stand between
# a name and the number in brackets after it
_PAREN_LEAD = re.compile(r"\s*\(\s*(?:[\w'’.]+\s+){0,3}")
_CAPTION = re.compile(r"(?i)^\s*(?:figuur|tabel|grafiek|fig\.)\s*[\w.]+\s*:")
_PAREN_NO_DIGIT = re.compile(r"\([^()\d]*\)")
_URL = re.compile(r"https?://\S+|www\.\S+")
_SOURCE = re.compile(r"\(?\bBron:[^)\n]*\)?")


@functools.lru_cache(maxsize=8192)
def topics_of(text: str) -> frozenset[str]:
    """The topics (rules/metrics.yaml `topics` and `other_topics`) a text names; words in brackets
    without a figure ("(inclusief nareizigers)") do not count."""
    t = _PAREN_NO_DIGIT.sub(" ", text)
    return frozenset(name for name, rx in _metric_cfg()["topics"].items() if rx.search(t))


def core_topic_word(text: str) -> str:
    """The first words of `text` that name a core topic ("eerste asielaanvra", "Nareis"), or ""."""
    m = _metric_cfg()["core_topic"].search(text)
    return m.group(0) if m else ""


# ---- numbers ----------------------------------------------------------------------------------

def _parse_value(num: str) -> float:
    return float(num.replace(".", "").replace(",", "."))


def find_numbers(text: str, offset: int, periods: list[Period]) -> tuple[list[NumberHit], list[Skipped]]:
    """Statistics in one sentence (offsets shifted by `offset`), and the numbers passed over."""
    cfg = _num_cfg()
    hits, skipped = [], []
    masked = [(p.char_start - offset, p.char_end - offset) for p in periods]
    masked += [(m.start(), m.end()) for m in _URL.finditer(text)]
    masked += [(m.start(), m.end()) for m in _SOURCE.finditer(text)]
    negated = bool(cfg["negated"].search(text))
    if cfg["reference_sentence"].search(text):
        for m in cfg["num_rx"].finditer(text):
            skipped.append(Skipped(offset + m.start(), offset + m.end(), m.group(0), "reference (Kamerstuk, Staatsblad, case law)"))
        return [], skipped
    for m in cfg["num_rx"].finditer(text):
        s, e = m.start(), m.end()
        surface = m.group(0)

        def skip(reason):
            skipped.append(Skipped(offset + s, offset + e, surface, reason))

        if any(a <= s < b for a, b in masked):
            if not any(p.char_start - offset <= s < p.char_end - offset for p in periods):
                skip("inside a URL or source line")
            continue
        before = text[max(0, s - 60):s]
        after = text[e:e + 40]
        if m.group("frac"):
            value, unit = cfg["fractions"][m.group("frac").lower()], "percent"
            if re.search(r"(?i)(eerste|tweede)\s+$", before) or cfg["fraction_not_before"].match(text[e:e + 20]):
                skip("ordinal ('een derde land'), not a share")
                continue
        elif m.group("wnum"):
            value, unit = float(cfg["cardinals"][m.group("wnum").lower()]), "percent"
        else:
            num = m.group("num")
            if negated:
                skip("negated sentence ('geen enkel')")
                continue
            if re.fullmatch(r"(19|20)\d\d", num) and not m.group("pct") and not m.group("scale"):
                skip("year")
                continue
            if cfg["reference"].search(before):
                skip("reference (figure, question, article, track, top-N)")
                continue
            if not m.group("pct") and cfg["not_after"].search(text[e:e + 30]):
                skip("age, duration rule, ordinal, document number or date")
                continue
            if re.match(r"0\d", num) and "," not in num or re.search(r"(?i)\b(?:issn|isbn)\b[\s\d-]*$", before):
                skip("a code with a leading zero")
                continue
            if re.search(r"\w-$", before) or re.search(r"(?:^|\s)[A-Z]{1,4}\s?$", before[-5:]) and re.match(r"^\s*-", text[e:e + 3]):
                skip("part of a name or code (EU-27, Covid-19)")
                continue
            if len(num) <= 2 and re.match(r"^\.\s+[A-ZÀ-Ý]", text[e:e + 4]) and (
                    re.search(r"(^|[:\-–•▶►]|\d\.)\s*$", before) or _in_rank_list(text, e)):
                skip("rank in a list")
                continue
            if len(num) <= 2 and not m.group("pct") and re.match(r"^ [A-Z][a-z]", text[e:e + 3]) \
                    and (s == 0 or text[s - 1] == "\n") and re.search(r"(^|[.?!:)]\s*\n)$", text[:s]):
                skip("footnote label at the start of a line")
                continue
            if re.match(r"^\)\s*:", text[e:e + 3]) and before.endswith("("):
                skip("question number")
                continue
            line_start = text.rfind("\n", 0, s) + 1
            line_end = text.find("\n", e)
            if text[line_start:line_end if line_end >= 0 else len(text)].strip() == surface.strip():
                skip("a bare number (page or footnote)")
                continue
            value = _parse_value(num)
            if m.group("sign") in ("-", "−"):
                value = -value
            unit = "percent" if m.group("pct") else "count"
            if m.group("scale"):
                value *= cfg["scales"][m.group("scale").strip().lower()]
            if unit == "count":
                dm = cfg["dur_rx"].match(text[e:e + 25])
                if dm:
                    if cfg["policy"].search(text[max(0, s - 80):s]):
                        skip("policy parameter (a rule, not a measurement)")
                        continue
                    unit = cfg["durations"][dm.group(1).lower()]
                elif re.search(r"€\s*$", before) or cfg["currency"].match(text[e:e + 10]):
                    unit = "eur"
        qm = cfg["qual_rx"].search(before)
        qualifier = cfg["qualifiers"][qm.group("q").lower()] if qm else ""
        hits.append(NumberHit(offset + s, offset + e, round(value, 4), unit, qualifier))
    return hits, skipped


# ---- per-number resolution --------------------------------------------------------------------

def _clause(sent: Sentence, i: int) -> tuple[int, int]:
    """The number's clause: from the end of the number before it to the start of the number after
    it (or the sentence's ends)."""
    b0 = sent.numbers[i - 1].end if i > 0 else sent.start
    a1 = sent.numbers[i + 1].start if i + 1 < len(sent.numbers) else sent.end
    return b0, a1


def _own_period(sent: Sentence, i: int, doc_text: str) -> Period | None:
    n = sent.numbers[i]
    # "in 2021 (36.620)", "de voorgaande maand (4.072)", "november 2016 (ongeveer 4.000)"
    for p in sent.periods:
        if p.char_end <= n.start and _PAREN_LEAD.fullmatch(doc_text[p.char_end:n.start]):
            return p
    # "43.100 in 2015", "38.380 in 2023"
    for p in sent.periods:
        if p.char_start >= n.end and not p.reference and \
                re.fullmatch(r"\s*(?:[\w'’]+\s+){0,2}?(?:in|over|per|op)\s+(?:het\s+(?:jaar\s+)?)?", doc_text[n.end:p.char_start]):
            if not any(n.end <= o.start < p.char_start for o in sent.numbers):
                return p
    return None


def _sentence_period(sent: Sentence, i: int, doc_text: str) -> Period | None:
    n = sent.numbers[i]
    own = sent.bound.get(i)
    if own:
        return own
    free = [p for p in sent.periods if not p.reference and p not in sent.bound.values()]
    before = [p for p in free if p.char_end <= n.start]
    if before:
        return before[-1]
    afterp = [p for p in free if p.char_start >= n.end]
    if afterp:
        return afterp[0]
    # "Dat is hoger dan in 2021, toen was het 24.686."
    for p in sent.periods:
        if p.reference and p.char_end <= n.start and re.search(r"\btoen\b", doc_text[p.char_end:n.start]):
            return p
    # "nam ... met 3% toe tot 50.720 in 2023": the change is about the period of its sentence
    own = [p for p in sent.bound.values() if not p.reference and p.char_start >= n.end]
    if own:
        return min(own, key=lambda p: p.char_start)
    return None


def _nationalities(sent: Sentence, i: int, doc_text: str, prev_sents: list[Sentence]) -> list[str]:
    if i in sent.forced_nat:      # "respectievelijk"
        return sent.forced_nat[i]
    n = sent.numbers[i]
    b0, a1 = _clause(sent, i)
    mentions = [m for m in sent.nat if not m.is_location]
    # 1. "Syrië (69)", "Eritreeërs (9%)", "Turkije en Jemen (beide minder dan 5)"
    direct = [m for m in mentions if b0 <= m.end <= n.start and _PAREN_LEAD.fullmatch(doc_text[m.end:n.start])]
    if direct:
        group = [direct[-1]]
        while True:
            prev = [m for m in mentions if m.end <= group[0].start and
                    re.fullmatch(r"\s*(?:,|en|of)\s*", doc_text[m.end:group[0].start])]
            if not prev:
                break
            group.insert(0, prev[-1])
        return [m.code for m in group]
    before = doc_text[b0:n.start]
    # 2. "De overige 23%"
    if re.search(r"(?i)\boverige\s*$", before):
        return ["OTHER"]
    after_text = doc_text[n.end:a1]
    # 3. the list after "afkomstig uit:" under a "minder dan 5"
    colon = after_text.find(":")
    if colon >= 0 and re.search(r"(?i)\buit\s*:", after_text):
        listed = [m for m in mentions if n.end + colon < m.start < a1]
        if len(listed) >= 2:
            return [m.code for m in listed]
    # 4. the first mention after the number ("13 % ... uit Eritrea", "12 % is staatloos"),
    #    leaving "Somalië (48)" to its own number
    for m in mentions:
        if n.end <= m.start < a1:
            if i + 1 < len(sent.numbers) and _PAREN_LEAD.fullmatch(doc_text[m.end:a1]):
                continue
            return [m.code]
    # 5. right before the number ("Marokkaans 23%", "Iran - 3,4 mln"), or "het aandeel van Afghanen ... is 2%"
    for m in reversed(mentions):
        if b0 <= m.end <= n.start and (re.fullmatch(r"[\s:\-–]{0,4}", doc_text[m.end:n.start]) or
                                       re.search(r"(?i)\baandeel\s+(?:van\s+)?(?:de\s+)?$", doc_text[b0:m.start])):
            return [m.code]
    # 6. the one nationality named before the first figure: "Syriërs vormden de grootste groep (48%)"
    if i == 0:
        named = {m.code for m in mentions if m.end <= n.start}
        if len(named) == 1:
            return [named.pop()]
    # 7. a sentence that refers back and names no one: "... de Syrische nationaliteit. In Nederland is dat 34%."
    if prev_sents and not mentions and _comparison_rx().search(sent.text):
        named = {m.code for m in prev_sents[-1].nat if not m.is_location}
        if len(named) == 1:
            return [named.pop()]
    return []


def _category(sent: Sentence, i: int, doc_text: str, prev_sents: list[Sentence], heading: str = "") -> str:
    n = sent.numbers[i]
    b0, a1 = _clause(sent, i)
    local = [m for m in sent.cat if not m.is_location]
    for m in local:  # "Kennis & Talent (circa 2.360)"
        if b0 <= m.end <= n.start and _PAREN_LEAD.fullmatch(doc_text[m.end:n.start]):
            return m.code
    after_cats = [m for m in local if n.end <= m.start < a1 and
                  not (re.match(r"\s*\(", doc_text[m.end:m.end + 3]) and i + 1 < len(sent.numbers))]
    if len({m.code for m in after_cats}) == 1:
        return after_cats[0].code
    if len({m.code for m in after_cats}) > 1:
        return ""   # "aanvragen voor onbepaalde tijd c.q. ... voor bepaalde tijd": both, so neither
    for m in reversed(local):  # "afgedaan in spoor 4 was 76%"
        if b0 <= m.start and m.end <= n.start and (i == 0 or m.start >= n.start - 40):
            return m.code
    for m in sent.cat:
        if m.is_location:  # sentence-wide categories (eu_definition, incl_relocation_resettlement)
            return m.code
    if not sent.topics and prev_sents:  # "In 2022 was dit 80%." takes the category of the sentence before
        p = prev_sents[-1]
        if len(p.cat) == 1:
            return p.cat[0].code
    under = heading_categories(heading) if heading else []   # "VERTREK UIT CASELOAD DT&V" over a dashboard
    return under[0] if len(under) == 1 else ""


def _choose_metric(unit: str, levels: list[str], wider: list[str], before: str, after: str,
                   unless_text: str, has_breakdown: bool, heading: str = "", nearby: str = "") -> tuple[str, str]:
    """(metric, rule_id) from the first level where a rule matches; ('', '') when none.
    `levels` are the texts the number may take its topic from, nearest first; `wider` adds the
    section, used only to narrow a rule (departures -> criminal departures)."""
    cfg = _metric_cfg()
    clause = before + " " + after
    seen: set[str] = set()
    seen_text = ""
    all_topics: set[str] = set()
    for lv in levels + wider:
        all_topics |= topics_of(lv)
    for lv in levels:
        seen |= topics_of(lv)
        seen_text += " " + lv
        rule = _first_rule(cfg["rules"], unit, seen, seen_text, before, after, clause, unless_text, has_breakdown,
                           heading, nearby)
        if rule:
            narrower = cfg["refinements"].get(rule["topic"])
            if narrower and narrower in all_topics:
                alt = _first_rule([r for r in cfg["rules"] if r["topic"] == narrower], unit, all_topics,
                                  " ".join(levels + wider), before, after, clause, unless_text, has_breakdown,
                                  heading, nearby)
                if alt:
                    rule = alt
            return rule["metric"], rule["id"]
    return "", ""


def _first_rule(rules, unit, topics, seen_text, before, after, clause, unless_text, has_breakdown, heading="",
                nearby=""):
    for r in rules:
        if r["unit"] and r["unit"] != unit:
            continue
        if r["topic"] and r["topic"] not in topics:
            continue
        if r["local"] and not r["local"].search(clause):
            continue
        if r["before"] and not r["before"].search(before):
            continue
        if r["after"] and not r["after"].search(after):
            continue
        if r["unless"] and r["unless"].search(unless_text):
            continue
        if r["cue"] and not r["cue"].search(seen_text + " " + nearby + " " + heading):
            continue
        if r["unless_nearby"] and r["unless_nearby"].search(nearby):
            continue
        if r["unless_heading"] and r["unless_heading"].search(heading):
            continue
        if r["needs_breakdown"] and not has_breakdown:
            continue
        return r
    return None


def _is_change(before: str, after: str, sign_written: bool) -> bool:
    cfg = _num_cfg()
    return sign_written or bool(cfg["change_before"].search(before)) or bool(cfg["change_after"].search(after))


def _not_core(nh, after: str, rest: str) -> bool:
    """A figure that is no core total or share whatever its topic: per unit ("1 aanvraag per
    nationaliteit"), a share within a group ("19% van alle ... ingediend door Turkse onderdanen"), or a
    count stated as a part of a larger whole ("380 asielaanvragen, zo'n 19% van alle ...")."""
    cfg = _metric_cfg()
    if re.match(r"\s*\w+\s+per\s+(?!jaar\b|maand\b)\w", after):
        return True
    if nh.unit == "percent" and cfg["within_group"] and cfg["within_group"].match(after):
        return True
    return bool(nh.unit == "count" and cfg["part_apposition"] and cfg["part_apposition"].match(rest))


@functools.lru_cache(maxsize=1)
def _place_lead_in() -> re.Pattern:
    return re.compile(load("nationalities")["place_lead_in"])


def _foreign_scope(before: str, after: str, sentence: Sentence, heading: str) -> bool:
    rx = _metric_cfg()["scope_exclude"]
    clause = before + " " + after
    if re.search(r"(?i)\b(?:in|van|voor)\s+Nederland\b", clause):
        return rx.search(clause) is not None
    if rx.search(sentence.text) or rx.search(heading):
        return True
    return any(m.is_location for m in sentence.nat)


def _label(metric: str, before: str, after: str, change: bool) -> str:
    if metric:
        return _metric_cfg()["labels"].get(metric, metric)
    words = re.split(r"[.;:!?()\n]", after.lstrip(" %"), maxsplit=1)[0].split()[:7]
    phrase = " ".join(words).strip(",")
    if len(words) < 2:
        pre = re.split(r"[.;:!?()]", before)[-1].split()[-7:]
        phrase = " ".join(pre + words).strip(",")
    phrase = " ".join(phrase.split())
    if change and not re.search(r"(?i)daling|stijging|toename|afname|hoger|lager|meer|minder|toe|af", phrase):
        phrase = "verandering: " + phrase
    return phrase or "getal"


# ---- the document pass ------------------------------------------------------------------------

def extract(doc: Document) -> ExtractResult:
    text = doc.text
    observations: list[Observation] = []
    skipped: list[Skipped] = []
    section: list[list[Sentence]] = []     # earlier paragraphs since the last heading (nearest last)
    heading_sents: list[Sentence] = []
    lead_in: list[Sentence] = []
    grid = []
    for table in find_tables(doc):
        cells, passed = table_grid(doc, table)
        grid.extend(cells)
        observations.extend(c.obs for c in cells)
        skipped.extend(Skipped(p.start, p.end, p.surface, p.reason) for p in passed)
    for block in doc.blocks:
        btext = text[block.start:block.end]
        if block.kind == "table_row":
            continue
        sents = [_analyse(s, e, t, doc) for s, e, t in split_sentences(btext, block.start)]
        if block.kind == "heading":
            heading_sents = sents
            section = []
            lead_in = []
            for s in sents:
                for nh in s.numbers:
                    skipped.append(Skipped(nh.start, nh.end, text[nh.start:nh.end], "number in a heading"))
            continue
        for s in sents:
            skipped.extend(s.skipped)
        for si, sent in enumerate(sents):
            prev_sents = sents[:si]
            _respectively(sent, prev_sents, text)
            for i, nh in enumerate(sent.numbers):
                observations.extend(_resolve(doc, sent, i, prev_sents, lead_in if block.kind == "list_item" else [],
                                             section, heading_sents))
        if block.kind != "list_item" and not _CAPTION.match(btext):
            lead_in = sents
            section.append(sents)
            section = section[-4:]
        elif block.kind == "list_item" and btext.rstrip().endswith(":"):
            lead_in = sents      # "► Top 5 opvanglanden:" leads the items under it
    return ExtractResult(observations, skipped, grid)


def _analyse(start: int, end: int, stext: str, doc: Document) -> Sentence:
    periods = find_periods(stext, start, doc.edition, doc.annual)
    nums, skipped = find_numbers(stext, start, periods)
    sent = Sentence(start, end, stext, periods, nums, topics_of(stext))
    sent.nat = [Mention(m.code, m.start + start, m.end + start, m.surface, m.is_location)
                for m in nationality_mentions(stext)]
    sent.cat = [Mention(m.code, m.start + start, m.end + start, m.surface, m.is_location)
                for m in category_mentions(stext)]
    sent.skipped = skipped
    for i in range(len(nums)):
        p = _own_period(sent, i, doc.text)
        if p:
            sent.bound[i] = p
    # "van 69% naar 54% in 2023": the first figure is the year before
    for i in range(len(nums) - 1):
        if i in sent.bound or (i + 1) not in sent.bound:
            continue
        nxt = sent.bound[i + 1]
        if nxt.kind == "year" and re.fullmatch(r"\s*naar\s+(?:[\w'’.]+\s+){0,2}", doc.text[nums[i].end:nums[i + 1].start]):
            y = int(nxt.start[:4]) - 1
            sent.bound[i] = Period(f"{y}-01-01", f"{y}-12-31", "year", -1, -1, False)
    return sent


def _both_periods(sent: Sentence, nh: NumberHit, text: str) -> list[Period]:
    """The two periods of 'zowel (in) 2022 als (in) 2023' when they come before the number."""
    ps = [p for p in sent.periods if p.char_end <= nh.start]
    for a, b in zip(ps, ps[1:]):
        if re.search(r"(?i)\bzowel\s+(?:in\s+)?$", text[max(sent.start, a.char_start - 12):a.char_start]) and \
                re.fullmatch(r"(?i)\s+als\s+(?:in\s+)?", text[a.char_end:b.char_start]):
            return [a, b]
    return []


def _respectively(sent: Sentence, prev: list[Sentence], text: str) -> None:
    """'uit Syrië, Jemen en Turkije ... respectievelijk 82%, 87% en 68%': pair them in order."""
    k = text.find("respectievelijk", sent.start, sent.end)
    if k < 0:
        return
    nums = [i for i, n in enumerate(sent.numbers) if n.start > k]
    if len(nums) < 2:
        return
    pool = [m for m in sent.nat if m.end <= k and not m.is_location] or \
           ([m for m in prev[-1].nat if not m.is_location] if prev else [])
    if len(pool) >= len(nums):
        chosen = pool[-len(nums):]
        sent.forced_nat.update({i: [m.code] for i, m in zip(nums, chosen)})


def _resolve(doc, sent: Sentence, i: int, prev_sents, lead_in, section, heading_sents) -> list[Observation]:
    text = doc.text
    nh = sent.numbers[i]
    b0, a1 = _clause(sent, i)
    before, after = text[b0:nh.start], text[nh.end:a1]
    # period: own, sentence, earlier sentences, lead-in, earlier paragraphs, heading, edition
    period = _sentence_period(sent, i, text)
    if period is None:
        for group in (list(reversed(prev_sents)), list(reversed(lead_in)),
                      [s for para in reversed(section) for s in reversed(para)], heading_sents):
            for s in group:
                period = s.inheritable()
                if period:
                    break
            if period:
                break
    if period is None:
        period = edition_period(doc.edition, doc.annual)
    nats = _nationalities(sent, i, text, prev_sents)
    if nats and lead_in and _place_lead_in().search(" ".join(s.text for s in lead_in)):
        nats = []      # "Top 5 opvanglanden: - Iran - 3,4 mln": Iran is where they are, not who they are
    heading_text = " ".join(s.text for s in heading_sents)
    category = _category(sent, i, text, prev_sents, heading_text)
    sign_written = text[nh.start] in "+-−"
    change = _is_change(before, after, sign_written)
    metric, rule_id = "", ""
    if not change and not _not_core(nh, after, text[nh.end:min(sent.end, nh.end + 160)]) \
            and not _foreign_scope(before, after, sent, heading_text):
        levels = [before + " " + after, sent.text]
        if not sent.topics or _comparison_rx().search(sent.text) or lead_in:
            levels += [s.text for s in reversed(prev_sents)]          # nearest sentence first
            levels += [s.text for s in reversed(lead_in)]
            if not sent.topics and len(section) <= 1:
                # a tile or short paragraph right under its heading ("ASIELINSTROOM IN NEDERLAND")
                levels.append(heading_text)
        wider = [" ".join(s.text for s in prev_sents), " ".join(s.text for para in section[-3:] for s in para),
                 heading_text]
        unless_text = " ".join([before, after, sent.text, " ".join(s.text for s in lead_in)])
        nearby = " ".join(s.text for s in prev_sents[-2:])
        metric, rule_id = _choose_metric(nh.unit, levels, wider, before, after, unless_text,
                                         bool(nats or category), heading_text, nearby)
    if not rule_id:
        rule_id = "number.change" if change else "number.unclassified"
    label = _label(metric, before, after, change)
    quote = " ".join(sent.text.split())
    periods = [period]
    both = _both_periods(sent, nh, text)
    if both and period in both:
        periods = both            # "in zowel 2022 als 2023 3%": the figure holds for both
    out = []
    for period, nat in ((p, n) for p in periods for n in (nats or [""])):
        out.append(Observation(
            doc_id=doc.doc_id, source=doc.source, edition=doc.edition, metric=metric, label=label,
            nationality=nat, category=category, period_start=period.start, period_end=period.end,
            period_kind=period.kind, value=nh.value, unit=nh.unit, qualifier=nh.qualifier,
            page=doc.page_of(nh.start), char_start=nh.start, char_end=nh.end, quote=quote,
            rule_id=f"metrics.{rule_id}" if not rule_id.startswith("number.") else rule_id,
        ))
    return out
