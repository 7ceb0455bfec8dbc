"""NUMBER mentions: every number of a sentence that counts or measures something, with its value,
unit and hedge — and the numbers that are no statistic, each with the reason it was passed over.

The patterns and word lists are data in rules/numbers.yaml (examples and negatives there are run by
tests/test_rules.py). Numbers are found with Python regexes (fast) and placed on the block's spaCy
Doc as spans by pipeline.extraction.mentions.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace

from ..rules import load
from .text_tables import scales as table_scales


@dataclass(frozen=True)
class NumberHit:
    start: int          # document offsets of the number as written ("13 %", "3,4 mln", "een derde", "1 025")
    end: int
    value: float
    unit: str           # count | percent | weeks | months | days | eur
    qualifier: str      # the hedge before it ("circa", "minder dan"), lower case
    word: bool = False  # written as words ("een derde", "vijftig procent", "duizend")
    qualifier_span: tuple[int, int] | None = None   # [start, end) of the hedge as written


@dataclass(frozen=True)
class Skipped:
    start: int
    end: int
    surface: str
    reason: str         # what coverage reports ("year", "reference (figure, ...)")
    rule_id: str = ""   # the rule that passed it over (rules/numbers.yaml `passed_over`), where one did


def passed_over(start: int, end: int, surface: str, rule_id: str) -> Skipped:
    """A number passed over by one of rules/numbers.yaml's `passed_over` rules (its reason as it says)."""
    return Skipped(start, end, surface, cfg()["passed_over"][rule_id], rule_id)


@functools.lru_cache(maxsize=1)
def cfg() -> dict:
    c = load("numbers")
    quals = sorted(c["qualifiers"].items(), key=lambda kv: len(kv[0]), reverse=True)
    qual_alt = "|".join(re.escape(k) for k, _ in quals)
    alt = lambda words: "|".join(sorted(map(re.escape, words), key=len, reverse=True))  # noqa: E731
    scales, fractions, cardinals = alt(c["scales"]), alt(c["fractions"]), alt(c["cardinals"])
    return {
        # digits: "2.230", "1 025" (a space between groups of three), "26,7", "+28", with "%" / "procent"
        # and a scale word after ("3,4 mln", "5 duizend"); fractions ("een derde"); "vijftig procent";
        # a number word before a comparative ("vijftig meer", "duizend minder")
        "num_rx": re.compile(
            rf"(?<![\w])(?P<ratio>(?P<ra>\d{{1,2}}|(?i:{cardinals}))\s+(?:op\s+(?i:de\s+)?(?P<rb>\d{{1,3}}|(?i:{cardinals}))"
            rf"|(?i:van\s+de)\s+(?P<rb2>10|100|(?i:tien|honderd))))(?![\w])|"
            r"(?<![\w.,/?!»”)])(?:(?P<sign>[+\-−])(?=\d))?"
            r"(?P<num>\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d.,]\d)(?:,\d+)?|\d+(?:,\d+)?)(?![\w])"
            r"(?P<pct>[ \t]?\n?[ \t]?%|\s+procent\b)?"
            rf"(?P<scale>\s+(?:{scales})(?![\w]))?"
            rf"|(?<![\w])(?P<frac>(?i:{fractions}))(?![\w])"
            rf"|(?<![\w])(?<!(?i:top)\s)(?P<wnum>(?i:{cardinals}))(?:\s+procent\b|(?=\s+(?i:{c['word_count_before']})\b)"
            rf"|(?<!(?i:\been))(?<!(?i:\béén))(?=\s+(?i:{c['word_count_noun']})\b))"
        ),
        "qual_rx": re.compile(rf"(?i)(?:^|[\s(])(?P<q>{qual_alt})\s*$"),
        "qualifiers": {k.lower(): v for k, v in c["qualifiers"].items()},
        "post_qualifiers": {k.lower(): v for k, v in c["post_qualifiers"].items()},
        "post_qual_rx": re.compile(r"[ \t]+(?P<q>" + "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in c["post_qualifiers"]) + r")\b", re.I),
        "scales": {k.lower(): v for k, v in c["scales"].items()},
        "passed_over": {rule_id: rule["says"] for rule_id, rule in c["passed_over"].items()},
        "fractions": {k.lower(): v for k, v in c["fractions"].items()},
        "cardinals": {k.lower(): v for k, v in c["cardinals"].items()},
        "durations": {k.lower(): v for k, v in c["duration_units"].items()},
        # "22 weken", and the first of "van 6 naar 9 maanden"
        "dur_rx": re.compile(r"^(?:\s*(?:naar|tot|of|à|-|–)\s*\d+(?:,\d+)?)?\s+("
                             + "|".join(map(re.escape, c["duration_units"])) + r")\b"),
        "reference": re.compile(r"(?i)\b(?:" + "|".join(re.escape(w) for w in c["reference_words"])
                                + r")\s*\(?\s*(?:\d+\s*(?:,|en|t/m|-|\s)\s*)*$"),
        "not_after": re.compile(c["not_after"]),
        "ratio_after": re.compile(c["ratio_after"]),
        "policy": re.compile(c["policy_cues"]),
        "target": re.compile(c["target_clause"]),
        "negated": re.compile(c["negated_sentence"]),
        "reference_sentence": re.compile(c["reference_sentence"]),
        "fraction_not_before": re.compile(c["fraction_not_before"]),
        "change_before": re.compile(c["change_before"]),
        "change_after": re.compile(c["change_after"]),
        "change_with_before": re.compile(c["change_with_before"]),
        "change_words": re.compile(c["change_words"]),
        "level_before": re.compile(c["level_before"]),
        "level_after": re.compile(c["level_after"]),
        "currency": re.compile(r"(?i)^\s*(?:" + "|".join(map(re.escape, c["currency_words"])) + r")\b"),
        "footnote": [re.compile(p) for p in c["footnote_markers"]],
        "count_noun_after": re.compile(c["count_noun_after"]),
        "count_slot_before": re.compile(c["count_slot_before"]),
    }


def mask_footnote_markers(text: str) -> str:
    """The text with footnote markers glued to a word blanked out, same length ("december 20181" ->
    "december 2018 ", "2025?1" -> "2025? "): numbers and periods are searched in this copy."""
    for rx in cfg()["footnote"]:
        text = rx.sub(lambda m: m.group(0)[:m.start("mark") - m.start()] + " " * len(m.group("mark")), text)
    return text


def parse_value(num: str) -> float:
    return float(re.sub(r"[.\s\u00a0\u202f]", "", num).replace(",", "."))


def is_year_like(num: str, before: str, after: str) -> bool:
    """A four-digit 19xx/20xx number used as a year ("in 2023", "sinds 2012", "Arbovisie 2040"), not a
    count. It is a count when a counted noun follows it ("in oktober 2043 personen") or it stands in a
    count slot ("bedroeg dit aantal 1991")."""
    if not re.fullmatch(r"(19|20)\d\d", num):
        return False
    c = cfg()
    return not (c["count_noun_after"].match(after) or c["count_slot_before"].search(before))


# every scale of rules/tables.yaml (tests/test_tables.py checks it) has an "x" or says "in duizenden" /
# "in miljoenen": a sentence without one has none, and is not searched for one (43 us a sentence)
_SCALE_WORD = re.compile(r"(?i)x|duizenden|miljoenen")


def find_numbers(text: str, offset: int, periods: list, scan: str | None = None) -> tuple[list[NumberHit], list[Skipped]]:
    """Statistics in one sentence (offsets shifted by `offset`), and the numbers passed over.
    `periods` are the sentence's period mentions (their digits are dates, not figures); `scan`:
    mask_footnote_markers(text), when the caller has it (it searched the periods in it too)."""
    c = cfg()
    hits, skipped = [], []
    if scan is None:
        scan = mask_footnote_markers(text)
    masked = [(p.char_start - offset, p.char_end - offset) for p in periods]
    masked += [(m.start(), m.end()) for m in _URL.finditer(text)]
    masked += [(m.start(), m.end()) for m in _SOURCE.finditer(text)]
    scaled = [(m.start(), m.end()) for _, rx in table_scales() for m in rx.finditer(text)] \
        if _SCALE_WORD.search(text) else []
    negated = bool(c["negated"].search(text))
    if c["reference_sentence"].search(text):
        for m in c["num_rx"].finditer(scan):
            skipped.append(passed_over(offset + m.start(), offset + m.end(), m.group(0), "passed_over.reference_sentence"))
        return [], skipped
    for m in c["num_rx"].finditer(scan):
        s, e = m.start(), m.end()
        surface = text[s:e]

        def skip(rule_id):
            skipped.append(passed_over(offset + s, offset + e, surface, rule_id))

        if any(a <= s < b for a, b in scaled):      # "Asielzoekers en nareizigers (x 1 000)": a table's scale
            skip("passed_over.scale")
            continue
        if any(a <= s < b for a, b in masked):
            if not any(p.char_start - offset <= s < p.char_end - offset for p in periods):
                skip("passed_over.url_or_source")
            continue
        before = scan[max(0, s - 60):s]
        after = scan[e:e + 40]
        word = False
        if m.group("ratio"):        # "1 op de 3", "negen op de tien": a share
            a, b = (float(x) if x.isdigit() else float(c["cardinals"][x.lower()]) for x in (m.group("ra"), m.group("rb") or m.group("rb2")))
            if not 0 < a < b:
                skip("passed_over.ratio_no_share")
                continue
            value, unit, word = round(a / b * 100, 2), "percent", True
        elif m.group("frac"):
            value, unit, word = c["fractions"][m.group("frac").lower()], "percent", True
            if re.search(r"(?i)(eerste|tweede)\s+$", before) or c["fraction_not_before"].match(scan[e:e + 20]):
                skip("passed_over.ordinal_fraction")
                continue
        elif m.group("wnum"):
            value, word = float(c["cardinals"][m.group("wnum").lower()]), True
            unit = "percent" if re.search(r"procent$", surface) else "count"
        else:
            num = m.group("num")
            if negated:
                skip("passed_over.negated")
                continue
            if is_year_like(num, before, after) and not m.group("pct") and not m.group("scale"):
                skip("passed_over.year")
                continue
            if len(num) == 2 and re.search(r"['’‘]$", before):
                skip("passed_over.short_year")
                continue
            if re.fullmatch(r"\d{6,}", num) and not m.group("pct"):
                skip("passed_over.long_code")
                continue
            if c["reference"].search(before):
                skip("passed_over.reference")
                continue
            if not m.group("pct") and c["not_after"].search(scan[e:e + 30]):
                skip("passed_over.age_duration_date")
                continue
            if not m.group("pct") and c["ratio_after"].match(scan[e:e + 25]):
                skip("passed_over.times")
                continue
            if re.match(r"0\d", num) and "," not in num or re.search(r"(?i)\b(?:issn|isbn)\b[\s\d-]*$", before):
                skip("passed_over.leading_zero")
                continue
            if re.search(r"\w-$", before) or re.search(r"(?:^|\s)[A-Z]{1,4}\s?$", before[-5:]) and re.match(r"^\s*-", scan[e:e + 3]):
                skip("passed_over.name_part")
                continue
            if len(num) <= 2 and re.match(r"^\.\s+[A-ZÀ-Ý]", scan[e:e + 4]) and (
                    re.search(r"(^|[:\-–•▶►]|\d\.)\s*$", before) or in_rank_list(scan, e)):
                skip("passed_over.rank")
                continue
            if len(num) <= 2 and not m.group("pct") and re.match(r"^(?:\)? [A-Z][a-z]|\) [a-zà-ÿ]{2})", scan[e:e + 4]) \
                    and (s == 0 or scan[s - 1] == "\n") and (scan[e:e + 1] == ")" or re.search(r"(^|[.?!:)]\s*\n)$", scan[:s])):
                skip("passed_over.footnote_label")     # "1 Zie ...", "1) Eerste asielverzoeken; ..." under a table
                continue
            if re.match(r"^\)\s*:", scan[e:e + 3]) and before.endswith("("):
                skip("passed_over.question_number")
                continue
            line_start = scan.rfind("\n", 0, s) + 1
            line_end = scan.find("\n", e)
            if scan[line_start:line_end if line_end >= 0 else len(scan)].strip() == surface.strip():
                skip("passed_over.bare_number")
                continue
            if c["target"].search(scan[max(0, s - 120):s]) and re.search(r"(?i)\bte\s+\w+", scan[e:e + 60]):
                skip("passed_over.target")
                continue
            value = parse_value(num)
            if m.group("sign") in ("-", "−"):
                value = -value
            unit = "percent" if m.group("pct") else "count"
            if m.group("scale"):
                value *= c["scales"][" ".join(m.group("scale").split()).lower()]
            if unit == "count":
                dm = c["dur_rx"].match(scan[e:e + 25])
                if dm:
                    if c["policy"].search(scan[max(0, s - 80):s]):
                        skip("passed_over.policy_parameter")
                        continue
                    unit = c["durations"][dm.group(1).lower()]
                elif re.search(r"€\s*$", before) or c["currency"].match(scan[e:e + 10]):
                    unit = "eur"
        qm = c["qual_rx"].search(before)
        qualifier = c["qualifiers"][qm.group("q").lower()] if qm else ""
        qspan = (offset + s - len(before) + qm.start("q"), offset + s - len(before) + qm.end("q")) if qm else None
        pm = None if qm else c["post_qual_rx"].match(scan, e)     # "300 of meer asielzoekers"
        if pm:
            qualifier = c["post_qualifiers"][" ".join(pm.group("q").lower().split())]
            qspan = (offset + pm.start("q"), offset + pm.end("q"))
        hits.append(NumberHit(offset + s, offset + e, round(value, 4), unit, qualifier, word, qspan))
    return _coordinated(hits, text, offset), skipped


def _coordinated(hits: list[NumberHit], text: str, offset: int) -> list[NumberHit]:
    """'respectievelijk 70 en 65 procent', '8 tot 10%': the unit written after the last number of a
    coordination holds for the bare numbers before it (not for "1,1 duizend, de helft minder": a count with its
    scale word, a fraction in words); 'tussen N1 en N2' hedges both."""
    out = list(hits)
    for k in range(len(out) - 1):      # "tussen 48.200 tot 55.700": both ends of the range are hedged so
        a, b = out[k], out[k + 1]
        if a.qualifier == "tussen" and not b.qualifier and \
                re.fullmatch(r"\s*(?:en|tot|-|–|à)\s*", text[a.end - offset:b.start - offset]):
            out[k + 1] = replace(b, qualifier="tussen")
    for k in range(len(out) - 2, -1, -1):
        a, b = out[k], out[k + 1]
        if a.unit == "count" and b.unit == "percent" and not a.word and not b.word and \
                not re.search(r"[^\d\s.,]", text[a.start - offset:a.end - offset]) and \
                not _COMPARATIVE_AFTER.match(text, b.end - offset) and \
                re.fullmatch(r"\s*(?:,|en|of|tot|à|-|–|respectievelijk|resp\.?)\s*", text[a.end - offset:b.start - offset]):
            out[k] = replace(a, unit="percent")
    return out


_COMPARATIVE_AFTER = re.compile(r"(?i)\s*(?:hoger|lager|meer|minder|groter|kleiner)\b")   # "3.190, 8% lager": a change beside a count


def is_change(before: str, after: str, sign_written: bool, sentence: str = "") -> bool:
    """Does the number say how much something rose or fell ("daling van 3%", "850 minder", "+28%",
    "is met 8% toegenomen")? A hedge after the number ("300 of meer") is no change."""
    c = cfg()
    pm = c["post_qual_rx"].match(after)
    if pm:
        after = after[pm.end():]
    if not sign_written and (c["level_before"].search(before) or c["level_after"].match(after)):
        return False
    return sign_written or bool(c["change_before"].search(before)) or bool(c["change_after"].search(after)) or \
        bool(c["change_with_before"].search(before) and c["change_words"].search(sentence))


_URL = re.compile(r"https?://\S+|www\.\S+")
_SOURCE = re.compile(r"\(?\bBron:[^)\n]*\)?")
_RANK_NEXT = re.compile(r"\.\s+[A-ZÀ-Ý][\w'’-]*(?:\s+[\w'’-]+){0,2}?\s+\d{1,2}\.\s+[A-ZÀ-Ý]")
_RANK_PREV = re.compile(r"(?:^|\s)\d{1,2}\.\s+[A-ZÀ-Ý][\w'’-]*(?:\s+[\w'’-]+){0,2}?\s+\d{1,2}$")


def in_rank_list(text: str, dot: int) -> bool:
    """Is the "N." ending at `dot` an item of a ranking on one line ("1. Pools 2. Roemeens")?"""
    line_start = text.rfind("\n", 0, dot) + 1
    return bool(_RANK_NEXT.match(text, dot) or _RANK_PREV.search(text[line_start:dot]))
