"""The period of a table cell, header or caption: a cell that is a period ("2022", "2023 - I",
"2022-2023", "Q1 2023", "jan-23", a bare "januari"), a quarter or half of a year as a row label
("1e kwartaal"), a period made whole (a pair of years, a bare month's year), a day without a year in a
header or caption ("(31 december)"), the period a caption or a column's headers name."""
from __future__ import annotations

import functools
import re

from ..language.period_arithmetic import month_span
from ..language.period_mentions import find_periods
from ..language.period_patterns import YEAR
from ..model import Document, Period
from ..rules import load
from .table_model import Table
from .table_rules import table_rules


_YEAR_CELL = re.compile(rf"(?P<y>{YEAR})")
_HALF = re.compile(rf"(?P<y>{YEAR})\s*[-–]?\s*(?P<h>I{{1,2}})\b")
_YEAR_PAIR = re.compile(rf"(?P<y1>{YEAR})\s*[-–/]\s*(?P<y2>{YEAR})")
_KW = r"(?:kwartaal|kwart\.|kw\.?)"     # "2e kwartaal 2023", "2e kw 2023", "kw. 2 2023"
_QUARTER = re.compile(rf"(?i)(?:Q|K|{_KW}\s*)(?P<q>[1-4])\s*[-–]?\s*(?P<y>{YEAR})|(?P<y2>{YEAR})\s*[-–]?\s*(?:Q|K|{_KW}\s*)(?P<q2>[1-4])"
                      rf"|(?P<q3>[1-4])e\s+{_KW}\s*(?P<y3>{YEAR})|(?P<y4>{YEAR})\s+(?P<q4>[1-4])e\s+{_KW}")
_NOTE = re.compile(r"\s*(?:\*+|\((?:voorlopig|vl|v|prognose|raming)[^)]*\)|(?<=\s)\d\)|[¹²³⁴⁵⁶⁷⁸⁹]+)$", re.I)   # "2023*", "2018 2e kwartaal 2)"
_MONTH_ALT = "|".join(sorted(map(re.escape, load("periods")["months"]), key=len, reverse=True))
_YEAR_FIRST_MONTH = re.compile(rf"(?i)(?P<y>{YEAR})\s*[-/]?\s*(?P<m>{_MONTH_ALT})\.?")   # CBS "2018 jan"
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
# "13 – 19 september", "27 september – 3 oktober 2021", "37  13 – 19 september" (a week's number before): days
_DAY_RANGE = re.compile(rf"(?i)(?:\d{{1,2}}\s+)?(?P<d1>\d{{1,2}})\s*(?:(?P<m1>{_MONTH_ALT})\.?\s*)?(?:[-–]|t/m|tot\s+en\s+met)\s*"
                        rf"(?P<d2>\d{{1,2}})\s+(?P<m2>{_MONTH_ALT})\.?(?:\s+(?P<y>{YEAR}))?")
# "jan-jun 2015", "januari t/m juni 2016", "januari tot en met september 2023": the months of a year
_MONTH_RANGE = re.compile(rf"(?i)(?P<m1>{_MONTH_ALT})\.?\s*(?:[-–]|t/m|tot\s+en\s+met)\s*(?P<m2>{_MONTH_ALT})\.?\s+(?P<y>{YEAR})")


# "januari t/m april", "jan-apr": months of a year the columns or rows name
_MONTHS_OF_YEAR = re.compile(rf"(?i)(?P<m1>{_MONTH_ALT})\.?\s*(?:[-–]|t/m|tot\s+en\s+met)\s*(?P<m2>{_MONTH_ALT})\.?")


@functools.lru_cache(maxsize=1)
def _month_names() -> tuple[re.Pattern, dict]:
    months = load("periods")["months"]
    alt = "|".join(sorted(map(re.escape, months), key=len, reverse=True))
    return re.compile(rf"(?i)(?P<m>{alt})\.?(?:\s*[-'’]?\s*(?P<y>{YEAR}|\d\d))?"), months


def without_note(text: str) -> str:
    """A label without its note: provisional "*", "(voorlopig)", a footnote mark "1)" ("Asielzoekers 1)")."""
    return _NOTE.sub("", text.strip())


def period_of(text: str) -> Period | None:
    """A cell or header that is a period: "2022", "2023*", "2023 (voorlopig)", "2016 ( x 1 000)", "2023 - I", "2023-II",
    "2022-2023", "Q1 2023", "1e kwartaal 2023", "2e kw 2023", "jan-jun 2015", "januari 2023", "jan-23", "januari" (year from the
    caller: kind "bare_month")."""
    t = without_note(text)
    if "x" in t:       # a year column's scale: "2016 ( x 1 000)"
        for _, rx in table_rules()["scales"]:
            t = rx.sub(" ", t)
        t = t.strip()
    m = _QUARTER.fullmatch(t)
    if m:
        q = int(m.group("q") or m.group("q2") or m.group("q3") or m.group("q4"))
        y = int(m.group("y") or m.group("y2") or m.group("y3") or m.group("y4"))
        return Period(month_span(y, 3 * q - 2)[0], month_span(y, 3 * q)[1], "range")
    rx, months = _month_names()
    m = _DAY_RANGE.fullmatch(t)
    if m:
        m2 = months[m.group("m2").lower()]
        m1 = months[m.group("m1").lower()] if m.group("m1") else m2
        d1, d2 = int(m.group("d1")), int(m.group("d2"))
        if m.group("y"):
            y2 = int(m.group("y"))
            y1 = y2 if m1 <= m2 else y2 - 1
            return Period(f"{y1:04d}-{m1:02d}-{d1:02d}", f"{y2:04d}-{m2:02d}-{d2:02d}", "range")
        return Period(f"{m1:02d}-{d1:02d}", f"{m2:02d}-{d2:02d}", "bare_days")     # its year from the caller
    m = _MONTH_RANGE.fullmatch(t)
    if m:
        m1, m2, y = months[m.group("m1").lower()], months[m.group("m2").lower()], int(m.group("y"))
        if m1 < m2:
            return Period(month_span(y, m1)[0], month_span(y, m2)[1], "ytd" if m1 == 1 and m2 < 12 else "range")
    m = rx.fullmatch(t) or _YEAR_FIRST_MONTH.fullmatch(t)
    if m:
        mon = months[m.group("m").lower()]
        if not m.group("y"):
            return Period(f"{mon:02d}", "", "bare_month")
        y = int(m.group("y")) if len(m.group("y")) == 4 else 2000 + int(m.group("y"))
        return Period(*month_span(y, mon), "month")
    m = _HALF.fullmatch(t)
    if m:
        y, h = int(m.group("y")), len(m.group("h"))
        return Period(month_span(y, 6 * h - 5)[0], month_span(y, 6 * h)[1], "range")
    m = _YEAR_PAIR.fullmatch(t)
    if m and int(m.group("y2")) == int(m.group("y1")) + 1:
        return Period(m.group("y1"), m.group("y2"), "pair")   # resolved by the caller (academic year?)
    m = _YEAR_CELL.fullmatch(t)
    if m:
        y = int(m.group("y"))
        return Period(f"{y}-01-01", f"{y}-12-31", "year")
    return None


@functools.lru_cache(maxsize=1)
def _trailing_period() -> re.Pattern:
    return re.compile(rf"(?i)\s+(?:(?:{_MONTH_ALT})\.?\s+|[1-4]e\s+{_KW}\s*)?{YEAR}\*?$")


def without_period(text: str) -> str:
    """A header's words without the period after them ("Eerste asielaanvragen maart 2024" -> "Eerste
    asielaanvragen"): what the column counts (the period is the column's, read by header_period)."""
    return _trailing_period().sub("", text)


def year_part(label: str, header: str, year: int) -> Period | None:
    """A row label naming a quarter or half of `year` ("1e kwartaal", "2e kwartaal*", "Q1", "eerste
    halfjaar", "I" under a "Kwartaal" header): its `range` period (rules/tables.yaml year_parts); and a run of
    months without a year ("januari t/m april": a caption over columns of years)."""
    t = without_note(label)
    months = load("periods")["months"]
    m = _MONTHS_OF_YEAR.fullmatch(t)
    if m and months[m.group("m1").lower()] < months[m.group("m2").lower()]:
        return Period(month_span(year, months[m.group("m1").lower()])[0], month_span(year, months[m.group("m2").lower()])[1], "range")
    ordinals = {str(k).lower(): v for k, v in load("periods")["ordinals"].items()}
    for months, rx, head in table_rules()["year_parts"]:
        m = rx.fullmatch(t)
        if not m or (head is not None and not head.search(header)):
            continue
        w = m.group("n")
        n = int(w) if w.isdigit() else _ROMAN.get(w) or ordinals.get(w.lower())
        if w.lower() == "laatste":
            n = 12 // months
        if n and 1 <= n <= 12 // months:
            return Period(month_span(year, months * (n - 1) + 1)[0], month_span(year, months * n)[1], "range")
    return None


def caption_year_part(caption: str) -> str:
    """The part of a year a caption names without its year ("Eerste asielverzoeken naar nationaliteit,
    eerste halfjaar"): the words, which make each year of the rows or columns that part of it; else ""."""
    for piece in re.split(r"[,;:()]|\s[-–]\s", caption):
        piece = " ".join(piece.split())
        if piece and year_part(piece, "", 2000) is not None:
            return piece
    return ""


def year_of(p: Period) -> int:
    return int(p.start[:4])


def whole_period(p: Period, context: str, year: int | None = None) -> Period:
    """A period cell made whole: "2022-2023" (a pair of years: an academic year in a student table,
    else the two years), a bare month and bare days ("13 – 19 september") (their year: the one year the
    caption names, else `year`)."""
    if p.kind in ("bare_month", "bare_days"):
        years = set(re.findall(YEAR, context))
        y = int(years.pop()) if len(years) == 1 else year
        if y is None:
            return Period("", "", "month" if p.kind == "bare_month" else "range")
        if p.kind == "bare_days":      # "27 september – 3 oktober": the days of the year, over a year's end too
            y1 = y if p.start <= p.end else y - 1
            return Period(f"{y1:04d}-{p.start}", f"{y:04d}-{p.end}", "range")
        return Period(*month_span(y, int(p.start)), "month")
    if p.kind != "pair":
        return p
    y1, y2 = int(p.start), int(p.end)
    if re.search(r"(?i)studie|student|academisch|schooljaar|collegejaar", context):
        return Period(f"{y1}-09-01", f"{y2}-08-31", "range")
    return Period(f"{y1}-01-01", f"{y2}-12-31", "range")


@functools.lru_cache(maxsize=1)
def _day_pattern() -> re.Pattern:
    alt = "|".join(sorted(map(re.escape, load("periods")["months"]), key=len, reverse=True))
    return re.compile(rf"(?i)(?:(?P<d>\d{{1,2}})|\beind)\s+(?P<m>{alt})\b(?!\s*{YEAR})")


def day_without_year(text: str) -> tuple[int, int] | None:
    """'(31 december)', 'stand op 31 december', 'peildatum 1 januari', 'stand eind december'."""
    m = _day_pattern().search(text)
    if not m:
        return None
    month = load("periods")["months"][m.group("m").lower()]
    return month, int(m.group("d")) if m.group("d") else -1     # -1: the month's last day


def with_day(p: Period, day: tuple[int, int] | None) -> Period:
    if day is None or p.kind != "year":
        return p
    month, d = day
    iso = month_span(year_of(p), month)[1] if d == -1 else f"{year_of(p)}-{month:02d}-{d:02d}"
    return Period(iso, iso, "point")


def caption_period(table: Table, doc: Document) -> Period | None:
    """The period the caption names; without a caption, the one a short title right above the table names
    ("Top 5 nationaliteiten eerste asielaanvragen januari 2023")."""
    cap = table.caption
    m = table_rules()["caption"].match(cap)
    body = cap[m.end():] if m else cap
    if not body.strip() and len(table.lead) <= 150:
        body = table.lead
    return _named_period(re.split(r"(?i)\(\s*bron", body)[0], doc)


def _named_period(body: str, doc: Document) -> Period | None:
    if _YEAR_PAIR.search(body):
        return None          # "2022-2023": the rows or columns say which year
    ps = [p for p in find_periods(body, 0, doc.edition, doc.annual) if not p.reference]
    ranges = [p for p in ps if p.kind in ("range", "month", "rolling_12m")]     # "..., januari 2023"
    if ranges:
        return ranges[0]
    years = [p for p in ps if p.kind in ("year", "ytd")]
    if years:
        y = year_of(years[-1])
        return Period(f"{y}-01-01", f"{y}-12-31", "year")
    return None


def header_period(texts: list[str], doc: Document, context: str) -> Period | None:
    for t in reversed(texts):       # nearest header row first
        p = period_of(t)
        if p:
            return whole_period(p, context, int(doc.edition[:4]))
        for q in find_periods(t, 0, doc.edition, doc.annual):
            if not q.reference and q.kind in ("point", "range", "month"):
                return q
        years = re.findall(rf"\b{YEAR}\b", t)
        if years and table_rules()["change"].search(t):      # "% verschil 2023 t.o.v. 2022": the later year
            y = max(map(int, years))
            return Period(f"{y}-01-01", f"{y}-12-31", "year")
    return None
