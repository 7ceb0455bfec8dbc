"""Find the period phrases of a text and resolve them against the edition.

dateparser parses no ranges and no relative Dutch phrases, and its search mode turns "32%" into 1932,
so periods are found with the patterns below (month names and phrase lists come from
rules/periods.yaml) and resolved to first/last day with the standard library.
"""
from __future__ import annotations

import calendar
import functools
import re

from .model import Period
from .rules import load

YEAR = r"(?:19[89]\d|20[0-4]\d)"


@functools.lru_cache(maxsize=1)
def _vocab():
    cfg = load("periods")
    months = cfg["months"]
    # longest names first so "januari" wins over "jan"
    month_alt = "|".join(sorted(map(re.escape, months), key=len, reverse=True))
    M = rf"(?:{month_alt})\.?"
    RW = r"(?:t/m|tot\s+en\s+met|tot|-|–)"
    ords = "|".join(map(re.escape, cfg["ordinals"]))
    pats = [
        # (name, regex) in priority order; the first to match at a position wins, longest overall
        ("rolling_explicit", rf"(?:de\s+)?afgelopen\s+(?:twaalf|12)\s+maanden\s*\(\s*(?P<m1>{M})\s+(?P<y1>{YEAR})\s*{RW}\s*(?P<m2>{M})\s+(?P<y2>{YEAR})\s*\)"),
        ("day_range", rf"(?P<d1>\d{{1,2}})\s+(?P<m1>{M})\s+(?P<y1>{YEAR})\s*{RW}\s*(?P<d2>\d{{1,2}})\s+(?P<m2>{M})\s+(?P<y2>{YEAR})"),
        ("month_range", rf"(?P<m1>{M})(?:\s+(?P<y1>{YEAR}))?\s*{RW}\s*(?P<m2>{M})\s+(?P<y2>{YEAR})"),
        ("rolling_implicit", r"(?:de\s+)?afgelopen\s+(?:twaalf|12)\s+maanden"),
        ("ytd", rf"(?P<y>{YEAR}),?\s+(?:tot\s+en\s+met|t/m)\s+(?P<m>{M})(?!\s+{YEAR})"),
        ("until_day", rf"(?:tot\s+en\s+met|t/m)\s+(?P<d>\d{{1,2}})\s+(?P<m>{M})\s+(?P<y>{YEAR})"),
        ("day", rf"(?P<d>\d{{1,2}})\s+(?P<m>{M})\s+(?P<y>{YEAR})"),
        ("quarter", rf"(?P<o>{ords})\s+kwartaal\s+(?:van\s+)?(?P<y>{YEAR})"),
        ("half", rf"(?P<o>{ords})\s+(?:helft|halfjaar)\s+(?:van\s+)?(?P<y>{YEAR})"),
        ("month_year", rf"(?P<m>{M})\s+(?P<y>{YEAR})"),
        ("year_end", rf"(?:eind|ultimo)\s+(?P<y>{YEAR})"),
        ("year_range", rf"(?P<y1>{YEAR})\s*[-–/]\s*(?P<y2>{YEAR}|\d\d)(?!\d)"),
        ("prev_month", "|".join(map(re.escape, cfg["previous_month"]))),
        ("ytd_phrase", "|".join(map(re.escape, cfg["year_to_date"]))),
        ("prev_year", "|".join(map(re.escape, cfg["previous_year"]))),
        ("bare_month", rf"(?:(?<=\bin\s)|(?<=\bover\s)|(?<=\bmaand\s)|(?<=\bvan\s)|(?<=\bsinds\s))(?P<m>{M})(?!\s+(?:19|20)\d\d(?!\d))"),
        ("year", rf"(?P<y>{YEAR})"),
    ]
    # group names repeat across alternatives; give each alternative's groups its own prefix
    parts = []
    for name, p in pats:
        p2 = re.sub(r"\(\?P<(\w+)>", lambda m: f"(?P<{name}__{m.group(1)}>", p)
        parts.append(f"(?P<{name}>{p2})")
    combined = "|".join(parts)
    rx = re.compile(rf"(?<![\w/.,-])(?:{combined})(?![\w%])", re.IGNORECASE)
    return {
        "rx": rx,
        "months": {k.lower(): v for k, v in months.items()},
        "ordinals": {k.lower(): v for k, v in cfg["ordinals"].items()},
        "reference": re.compile(cfg["reference_before"]),
        "ignore_lines": re.compile(cfg["ignore_lines"]),
        "names": [n for n, _ in pats],
    }


def _last_day(y: int, m: int) -> int:
    return calendar.monthrange(y, m)[1]


def month_span(y: int, m: int) -> tuple[str, str]:
    """First and last day of a month, YYYY-MM-DD."""
    return f"{y:04d}-{m:02d}-01", f"{y:04d}-{m:02d}-{_last_day(y, m):02d}"


def month_name(m: int) -> str:
    """The Dutch name of month m (the longest name rules/periods.yaml gives it: "januari", not "jan")."""
    return max((name for name, n in load("periods")["months"].items() if n == m), key=len)


def _ym(edition: str) -> tuple[int, int]:
    y, m = edition.split("-")
    return int(y), int(m)


def months_between(y1: int, m1: int, y2: int, m2: int) -> int:
    """Months from y1-m1 up to and including y2-m2 (the same month: 1)."""
    return (y2 - y1) * 12 + (m2 - m1) + 1


def year_period(y: int, edition: str, annual: bool) -> tuple[str, str, str]:
    """'in 2023': the whole year, or year-to-date when it is the running year of a monthly edition."""
    ey, em = _ym(edition)
    if y == ey and not annual and em < 12:
        return f"{y:04d}-01-01", month_span(y, em)[1], "ytd"
    return f"{y:04d}-01-01", f"{y:04d}-12-31", "year"


def edition_period(edition: str, annual: bool) -> Period:
    """The period a figure takes when nothing in the text says: the report's year or month."""
    y, m = _ym(edition)
    if annual:
        return Period(f"{y}-01-01", f"{y}-12-31", "year")
    s, e = month_span(y, m)
    return Period(s, e, "month")


def rolling_12m(edition: str) -> tuple[str, str]:
    ey, em = _ym(edition)
    sy, sm = (ey, em + 1 - 12) if em + 1 - 12 >= 1 else (ey - 1, em + 1)
    return month_span(sy, sm)[0], month_span(ey, em)[1]


def find_periods(text: str, offset: int, edition: str, annual: bool) -> list[Period]:
    """All period phrases in `text` (offsets shifted by `offset`), resolved against the edition."""
    v = _vocab()
    ignored = [(m.start(), m.end()) for m in v["ignore_lines"].finditer(text)]
    out: list[Period] = []
    ey, em = _ym(edition)
    for m in v["rx"].finditer(text):
        if any(a <= m.start() < b for a, b in ignored):
            continue
        name = m.lastgroup
        g = {k.split("__", 1)[1]: val for k, val in m.groupdict().items() if val is not None and k.startswith(name + "__")}
        mon = lambda key: v["months"][g[key].lower().rstrip(".")]
        try:
            start, end, kind = _resolve(name, g, mon, edition, annual, ey, em, v)
        except (ValueError, KeyError):
            continue
        s, e = m.start(), m.end()
        before = text[max(0, s - 40):s]
        ref = bool(v["reference"].search(before))
        out.append(Period(start, end, kind, offset + s, offset + e, ref))
    return out


def _resolve(name, g, mon, edition, annual, ey, em, v):
    if name == "rolling_explicit":
        y1, m1, y2, m2 = int(g["y1"]), mon("m1"), int(g["y2"]), mon("m2")
        return month_span(y1, m1)[0], month_span(y2, m2)[1], "rolling_12m"
    if name == "day_range":
        s = f"{int(g['y1']):04d}-{mon('m1'):02d}-{int(g['d1']):02d}"
        e = f"{int(g['y2']):04d}-{mon('m2'):02d}-{int(g['d2']):02d}"
        return s, e, "range"
    if name == "month_range":
        y2, m2, m1 = int(g["y2"]), mon("m2"), mon("m1")
        y1 = int(g["y1"]) if "y1" in g else (y2 if m1 <= m2 else y2 - 1)
        kind = "rolling_12m" if months_between(y1, m1, y2, m2) == 12 else "range"
        return month_span(y1, m1)[0], month_span(y2, m2)[1], kind
    if name == "rolling_implicit":
        s, e = rolling_12m(edition)
        return s, e, "rolling_12m"
    if name == "ytd":
        y, m = int(g["y"]), mon("m")
        if m == 12:
            return f"{y:04d}-01-01", f"{y:04d}-12-31", "year"
        return f"{y:04d}-01-01", month_span(y, m)[1], "ytd"
    if name == "until_day":
        d = f"{int(g['y']):04d}-{mon('m'):02d}-{int(g['d']):02d}"
        return "", d, "range"
    if name == "day":
        d = f"{int(g['y']):04d}-{mon('m'):02d}-{int(g['d']):02d}"
        _check_date(d)
        return d, d, "point"
    if name == "quarter":
        q, y = v["ordinals"][g["o"].lower()], int(g["y"])
        return month_span(y, 3 * q - 2)[0], month_span(y, 3 * q)[1], "range"
    if name == "half":
        h, y = v["ordinals"][g["o"].lower()], int(g["y"])
        if h not in (1, 2):
            raise ValueError
        return month_span(y, 6 * h - 5)[0], month_span(y, 6 * h)[1], "range"
    if name == "month_year":
        s, e = month_span(int(g["y"]), mon("m"))
        return s, e, "month"
    if name == "year_end":
        y = int(g["y"])
        return f"{y}-12-31", f"{y}-12-31", "point"
    if name == "year_range":
        y1 = int(g["y1"])
        y2 = int(g["y2"]) if len(g["y2"]) == 4 else (y1 // 100) * 100 + int(g["y2"])
        if y2 <= y1:
            raise ValueError
        return f"{y1}-01-01", f"{y2}-12-31", "range"
    if name == "prev_month":
        y, m = (ey, em - 1) if em > 1 else (ey - 1, 12)
        s, e = month_span(y, m)
        return s, e, "month"
    if name == "ytd_phrase":
        if em == 12 or annual:
            return f"{ey}-01-01", f"{ey}-12-31", "year"
        return f"{ey}-01-01", month_span(ey, em)[1], "ytd"
    if name == "prev_year":
        return f"{ey - 1}-01-01", f"{ey - 1}-12-31", "year"
    if name == "bare_month":
        m = mon("m")
        y = ey if m <= em else ey - 1
        s, e = month_span(y, m)
        return s, e, "month"
    if name == "year":
        return year_period(int(g["y"]), edition, annual)
    raise ValueError(name)


def _check_date(d: str) -> None:
    y, m, dd = map(int, d.split("-"))
    if not 1 <= dd <= _last_day(y, m):
        raise ValueError(d)


# ---- edition -------------------------------------------------------------------------------

_TITLE_PATTERNS = [
    # (regex, how) — searched in the first 600 characters
    (r"(?i)staat\s+van\s+(?:de\s+)?migratie\s*\W{0,6}\s*(?P<y>" + YEAR + ")", "annual_next"),
    (r"(?i)kerncijfers\s+asiel\s+en\s+migratie\W{0,6}\s*(?P<m>[a-z]+)\s+(?P<y>" + YEAR + ")", "month"),
    (r"(?i)(?:asielinstroom|asieltrends)\s+(?:in\s+)?(?P<m>[a-z]+)\s+(?P<y>" + YEAR + ")", "month"),
    (r"(?i)rapportage\s+vreemdelingenketen\s+(?:januari\s*-\s*juni|eerste\s+helft)\s+(?P<y>" + YEAR + ")", "half1"),
    (r"(?i)rapportage\s+vreemdelingenketen\s+(?:januari\s*-\s*december|juli\s*-\s*december|tweede\s+helft|(?P<y2>" + YEAR + "))", "annual_same"),
]


def is_annual_report(text: str) -> bool:
    """Does the title near the top name an annual report (Staat van Migratie, a whole-year Rapportage)?"""
    head = text[:600]
    return any(how in ("annual_next", "annual_same") and re.search(rx, head) for rx, how in _TITLE_PATTERNS)


def infer_edition(text: str) -> tuple[str, str, bool]:
    """(edition YYYY-MM, basis, annual) from the document's own words.

    1. A title pattern near the top ("KERNCIJFERS ASIEL EN MIGRATIE, januari 2017", "Asielinstroom in
       april 2020", "De Staat van Migratie 2024" -> 2023-12, annual).
    2. Else the latest month-and-year the text mentions outside "Last update" lines.
    3. Else the latest year mentioned, as December.
    """
    v = _vocab()
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
    periods = find_periods(text, 0, "2000-01", False)
    latest = ""
    years = []
    for p in periods:
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
    return "", "none", False
