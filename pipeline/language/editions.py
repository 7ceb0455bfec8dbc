"""The edition of a document: the month (YYYY-MM) its figures are up to and whether it is an annual
report, from its title near the top or else the periods its text mentions (infer_edition,
is_annual_report), and the publication date or month its file name carries (publication_date,
name_month) or its dateline says (dateline_date)."""
from __future__ import annotations

import datetime
import re

from .period_mentions import find_periods
from .period_patterns import YEAR, vocab


def publication_date(name: str) -> str:
    """The publication date a file's name carries ("rijksoverheid_weekcijfers_nieuws_2016-01-20.txt"),
    YYYY-MM-DD, or "" when it names none (or no real date)."""
    m = re.search(r"(?<!\d)((?:19|20)\d\d)-(\d\d)-(\d\d)(?!\d)", name)
    if not m:
        return ""
    try:
        return datetime.date(*map(int, m.groups())).isoformat()
    except ValueError:
        return ""


def dateline_date(text: str) -> str:
    """The publication date a dateline near the top says ("Nieuwsbericht | 23-01-2014 | 15:00",
    "Gepubliceerd: 11 april 2024", "19-10-2016 15:00"): a line of its own that is a date, after a word
    that names it, YYYY-MM-DD, or "" when the opening has none."""
    months = vocab()["months"]
    for line in text[:_DATELINE_CHARS].splitlines():
        m = _DATELINE.match(line)
        if not m:
            continue
        month = int(m.group("m")) if m.group("m") else months.get((m.group("mn") or "").lower())
        try:
            return datetime.date(int(m.group("y")), month or 0, int(m.group("d"))).isoformat()
        except ValueError:
            continue
    return ""


def is_dateline(line: str) -> bool:
    """Is the line a dateline ("Nieuwsbericht | 15-09-2014", "19-10-2016 15:00"): a date, no statement?"""
    return bool(_DATELINE.match(line)) and "\n" not in line.strip()


_DATELINE_CHARS = 800
_DATELINE = re.compile(
    r"(?i)\s*(?:(?:nieuwsbericht|nieuws|persbericht|bericht|gepubliceerd(?:\s+op)?|publicatiedatum|datum)\s*[|:]?\s*)?"
    r"(?P<d>\d{1,2})(?:[-/.](?P<m>\d{1,2})[-/.]|\s+(?P<mn>[a-z]+)\s+)(?P<y>(?:19|20)\d\d)"
    r"\s*(?:(?:\||,)\s*.*|\d{1,2}[:.]\d\d(?:\s*uur)?)?\s*$")


def name_month(name: str) -> str:
    """The month a file's name carries without a day ("ind_asieltrends_2017-07_nieuws.txt"), YYYY-MM, or ""."""
    m = re.search(r"(?<!\d)((?:19|20)\d\d)-(0[1-9]|1[0-2])(?![\d-])", name)
    return f"{m.group(1)}-{m.group(2)}" if m else ""


_TITLE_PATTERNS = [
    # (regex, how) — searched in the first 600 characters
    (r"(?i)staat\s+van\s+(?:de\s+)?migratie\s*\W{0,6}\s*(?P<y>" + YEAR + ")", "annual_next"),
    (r"(?i)kerncijfers\s+asiel\s+en\s+migratie\W{0,6}\s*(?P<m>[a-z]+)\s+(?P<y>" + YEAR + ")", "month"),
    (r"(?i)(?:asielinstroom|asieltrends)\s+(?:in\s+)?(?P<m>[a-z]+)\s+(?P<y>" + YEAR + ")", "month"),
    (r"(?i)rapportage\s+vreemdelingenketen\s+(?:januari\s*-\s*juni|eerste\s+helft)\s+(?P<y>" + YEAR + ")", "half1"),
    (r"(?i)rapportage\s+vreemdelingenketen\s+(?:januari\s*-\s*december|juli\s*-\s*december|tweede\s+helft|(?P<y2>" + YEAR + "))", "annual_same"),
    # "Asieljaarcijfers 2018", "Jaaroverzicht 2019", "Jaarcijfers asiel 2021": a whole year
    (r"(?i)\b(?:asiel)?(?:jaarcijfers|jaaroverzicht)\b(?:\s+\w+){0,2}?\s+(?P<y2>" + YEAR + ")", "annual_same"),
]


def is_annual_report(text: str, year: int | None = None, published: str = "") -> bool:
    """Does the title near the top name an annual report (Staat van Migratie, a whole-year Rapportage)?
    With the edition's `year`: also a text whose headline is about that year as a whole ("Asielinstroom
    in 2017 gelijk aan 2016", "Asielverzoeken met ruim 40 procent toegenomen in 2022": a year item,
    written after its year) or whose opening names the year's twelve months ("in de periode januari
    tot en met december 2017"); also a text published after that year (its file name's date) whose title
    names no month, quarter, half year or week ("Vertrek van vreemdelingen" of 16 February 2023 on 2022)."""
    head = text[:600]
    if any(how in ("annual_next", "annual_same") and re.search(rx, head) for rx, how in _TITLE_PATTERNS):
        return True
    if year is None:
        return False
    v = vocab()
    title = next((ln.strip() for ln in text[:400].splitlines() if ln.strip() and not _BREADCRUMB.match(ln)), "")
    part = re.search(rf"(?i)\b(?:{v['month_alt']})\b|kwarta|(?:half\s*jaar|helft)\s+(?:van\s+)?\d|\bweek", title)
    if len(title) <= 140 and re.search(rf"(?<!\d){year}(?!\d)", title) and not part:
        return True
    if published[:4].isdigit() and int(published[:4]) > year and not part:
        return True
    return bool(re.search(rf"(?i)\bjanuari\s+{v['RW']}\s+december\s+{year}\b", text[:400]))


_BREADCRUMB = re.compile(r"\s*(?:home|start)\s*>|.*\s>\s", re.I)    # "Home > Over de IND > Nieuws"


def infer_edition(text: str, published: str = "", named_month: str = "") -> tuple[str, str, bool]:
    """(edition YYYY-MM, basis, annual) from the document's own words.

    1. A title pattern near the top ("KERNCIJFERS ASIEL EN MIGRATIE, januari 2017", "Asielinstroom in
       april 2020", "De Staat van Migratie 2024" -> 2023-12, annual).
    2. Else the latest month-and-year the text mentions outside "Last update" lines. A date without
       its year ("de week van 19 tot en met 25 oktober") counts only when the publication date
       (`published`, from the file name) or the month the file name carries (`named_month`) says
       which year: the latest such date up to it.
    3. Else the latest year mentioned, as December; else the month the file name carries.
    """
    v = vocab()
    head = text[:600]
    for rx, how in _TITLE_PATTERNS:
        m = re.search(rx, head)
        if not m:
            continue
        if how == "annual_next":
            return f"{int(m.group('y')) - 1}-12", "title", True
        if how == "month":
            mon = v["months"].get(m.group("m").lower())
            if mon:
                return f"{int(m.group('y'))}-{mon:02d}", "title", False
        if how == "half1":
            return f"{m.group('y')}-06", "title", False
        if how == "annual_same" and m.group("y2"):
            return f"{m.group('y2')}-12", "title", True
    if published or named_month:
        periods = find_periods(text, 0, published[:7] or named_month, False, published)
    else:       # only what reads the same whichever month the text were written in
        other = {(p.char_start, p.start, p.end) for p in find_periods(text, 0, "2001-01", False)}
        periods = [p for p in find_periods(text, 0, "2000-01", False) if (p.char_start, p.start, p.end) in other]
    latest = ""
    years = []
    for p in periods:
        if p.shift == "same_span":      # "in die periode": the span the text is about, no date of its own
            continue
        if p.kind in ("month", "point", "rolling_12m", "range") and p.end:
            latest = max(latest, p.end[:7])
        if p.kind == "ytd" and p.end:
            latest = max(latest, p.end[:7])
        if p.kind in ("year", "ytd") and p.start:
            years.append(int(p.start[:4]))
    if latest:
        return latest, "latest month mentioned", False
    if years:
        return f"{max(years)}-12", "latest year mentioned", True
    if named_month:
        return named_month, "file name", False
    return "", "none", False
