"""Find the period phrases of a text and resolve them against the edition.

dateparser parses no ranges and no relative Dutch phrases, and its search mode turns "32%" into 1932,
so periods are found with the patterns below (month names and phrase lists come from
rules/periods.yaml) and resolved to first/last day with the standard library.
"""
from __future__ import annotations

import calendar
import datetime
import functools
import re

from ..model import Period
from ..rules import load

YEAR = r"(?:19[89]\d|20[0-4]\d)"


@functools.lru_cache(maxsize=1)
def _vocab():
    cfg = load("periods")
    months = cfg["months"]
    # longest names first so "januari" wins over "jan"
    month_alt = "|".join(sorted(map(re.escape, months), key=len, reverse=True))
    M = rf"(?:{month_alt})\.?"
    full = sorted({max((k for k, v in months.items() if v == n), key=len) for n in range(1, 13)}, key=len, reverse=True)
    MF = "(?:" + "|".join(map(re.escape, full)) + ")"       # full month names only (bare months)
    RW = r"(?:t/m|tot\s+en\s+met|tot|-|–)"
    ords = "|".join(map(re.escape, cfg["ordinals"]))
    counts = "|".join(map(re.escape, cfg["month_counts"]))
    THIS = r"(?:dit|het\s+lopende|het\s+huidige)\s+jaar"
    YX = rf"(?:(?P<y>{YEAR})|(?P<ythis>{THIS}))"          # a year, or "dit jaar"
    def alternatives(words: list[str]) -> str:
        """Phrases as one alternation, longest first, any white space between their words."""
        return "|".join(r"\s+".join(map(re.escape, w.split())) for w in sorted(words, key=len, reverse=True))

    def phrases(key: str) -> str:
        return alternatives(cfg[key])
    pats = [
        # (name, regex) in priority order; the first to match at a position wins, longest overall
        ("rolling_explicit", rf"(?:de\s+)?afgelopen\s+(?:twaalf|12)\s+maanden\s*\(\s*(?P<m1>{M})\s+(?P<y1>{YEAR})\s*{RW}\s*(?P<m2>{M})\s+(?P<y2>{YEAR})\s*\)"),
        # "in de week van 19 tot en met 25 oktober", "In de week 19 oktober van 25 oktober" (sic)
        ("week_range", rf"week\s+(?:van\s+)?(?P<d1>\d{{1,2}})\s+(?:(?P<m1>{M})\s+)?(?:{RW}|van|tot\s+en\s+met)\s*(?P<d2>\d{{1,2}})\s+(?P<m2>{M})(?:\s+(?P<y>{YEAR}))?"),
        ("day_range", rf"(?P<d1>\d{{1,2}})\s+(?P<m1>{M})\s+(?P<y1>{YEAR})\s*{RW}\s*(?P<d2>\d{{1,2}})\s+(?P<m2>{M})\s+(?P<y2>{YEAR})"),
        ("month_range", rf"(?P<m1>{M})(?:\s+(?P<y1>{YEAR}))?\s*{RW}\s*(?P<m2>{M})\s+(?P<y2>{YEAR})"),
        # "januari – augustus", "(januari – augustus) in 2016", "januari t/m maart van dit jaar"
        ("month_range_bare", rf"(?P<m1>{MF})\s*{RW}\s*(?P<m2>{MF})(?:\s*\)?\s*(?:in\s+|van\s+)?{YX})?"),
        ("rolling_implicit", r"(?:de\s+)?afgelopen\s+(?:twaalf|12)\s+maanden"),
        # "de afgelopen drie maanden": the months up to the edition's
        ("last_months", rf"(?:de\s+)?afgelopen\s+(?P<n>{counts})\s+maanden"),
        # "de eerste acht maanden van dit jaar", "de eerste drie maanden van 2020"
        ("first_months", rf"(?:de\s+)?eerste\s+(?P<n>{counts})\s+maanden\s+(?:van\s+)?{YX}"),
        ("ytd", rf"(?P<y>{YEAR}),?\s+(?:tot\s+en\s+met|t/m)\s+(?P<m>{M})(?!\s+{YEAR})"),
        # "in 2025 (peilmoment: 22 september 2025)": the year up to the day the figures were taken
        ("ytd_day", rf"(?P<y>{YEAR})\s*\(\s*peil(?:moment|datum)\s*:?\s*(?P<d>\d{{1,2}})\s+(?P<m>{M})\s+(?P<y2>{YEAR})\s*\)"),
        ("until_day", rf"(?:tot\s+en\s+met|t/m)\s+(?P<d>\d{{1,2}})\s+(?P<m>{M})\s+(?P<y>{YEAR})"),
        # "In 2021 hebben tot en met maart ...": the year up to that month
        ("until_month", rf"(?:tot\s+en\s+met|t/m)\s+(?P<m>{MF})(?!\s+(?:19|20)\d\d)"),
        ("day", rf"(?P<d>\d{{1,2}})\s+(?P<m>{M})\s+(?P<y>{YEAR})"),
        ("numeric_date", rf"(?P<d>\d{{1,2}})-(?P<mo>\d{{1,2}})-(?P<y>{YEAR})"),
        ("quarter", rf"(?P<o>{ords})\s+kwartaal(?:\s+(?:van\s+)?{YX})?"),
        ("quarter_q", rf"Q(?P<q>[1-4])\s*(?:van\s+)?(?P<y>{YEAR})|(?P<y2>{YEAR})[-\s]?Q(?P<q2>[1-4])"),
        ("half", rf"(?P<o>{ords})\s+(?:helft|half\s*jaar)\s+(?:van\s+)?(?:{YX}|het\s+jaar)|(?P<o2>{ords})\s+half\s*jaar"),
        ("month_this", rf"(?P<m>{MF})\s+(?:van\s+)?(?P<ythis>{THIS})"),
        ("month_year", rf"(?P<m>{M})\s+(?P<y>{YEAR})"),
        ("year_end", rf"(?:eind|ultimo)\s+(?P<y>{YEAR})"),
        # "de laatste maand van 2017", "de eerste maand van het jaar"
        ("edge_month", rf"(?P<o>eerste|laatste)\s+maand\s+van\s+(?:{YX}|het\s+jaar)"),
        ("year_range", rf"(?P<y1>{YEAR})\s*[-–/]\s*(?P<y2>{YEAR}|\d\d)(?!\d)"),
        # "(in) dezelfde periode van 2015", "dezelfde periode vorig jaar": the months the text is about, in
        # that year (resolved against them)
        ("same_period", rf"(?:dezelfde\s+(?:periode|maand|week)|hetzelfde\s+(?:kwartaal|half\s*jaar|tijdvak))\s+(?:van\s+|in\s+)?(?:(?P<y>{YEAR})|(?P<ylast>vorig\s+jaar|het\s+jaar\s+daarvoor|een\s+jaar\s+eerder))"),
        ("step_week", alternatives(cfg["step_before"]["week"])),
        ("step_quarter", alternatives(cfg["step_before"]["quarter"])),
        ("step_half", alternatives(cfg["step_before"]["half"])),
        ("prev_week", phrases("previous_week")),
        ("month_before", phrases("month_before")),
        ("prev_month", phrases("previous_month")),
        ("ytd_phrase", phrases("year_to_date")),
        ("year_before", phrases("year_before")),
        ("prev_year", phrases("previous_year")),
        # a month named alone ("in maart", "(december: 2.584)", "januari (1 970)"); not the month of a
        # day ("8 januari": a date, not a period)
        ("bare_month", rf"(?<!\d\s)(?<!\d)(?P<m>{MF})(?!\s+(?:19|20)\d\d(?!\d))"),
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
        "counts": {k.lower(): v for k, v in cfg["month_counts"].items()},
        "reference": _comparison_before(),
        "ignore_lines": re.compile(cfg["ignore_lines"]),
        "names": [n for n, _ in pats],
        "month_alt": month_alt, "RW": RW,
    }


def _comparison_before() -> re.Pattern:
    """The COMPARISON cues of rules/cues.yaml, as a pattern for the words right before a period."""
    from .nlp import compile_pattern
    phrases = [p for pat in load("cues")["cues"]["COMPARISON"]["patterns"] for p in compile_pattern(pat)]
    alt = "|".join(r"\s+".join(map(re.escape, p.split())) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?i)(?<!\w)(?:{alt})\s+(?:\S+\s+){{0,2}}\(?$")


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


def add_months(y: int, m: int, n: int) -> tuple[int, int]:
    """The month n months after y-m (n < 0: before), as (year, month)."""
    k = y * 12 + (m - 1) + n
    return k // 12, k % 12 + 1


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
    return month_span(*add_months(ey, em, -11))[0], month_span(ey, em)[1]


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


def name_month(name: str) -> str:
    """The month a file's name carries without a day ("ind_asieltrends_2017-07_nieuws.txt"), YYYY-MM, or ""."""
    m = re.search(r"(?<!\d)((?:19|20)\d\d)-(0[1-9]|1[0-2])(?![\d-])", name)
    return f"{m.group(1)}-{m.group(2)}" if m else ""


def _week_before(published: str) -> tuple[str, str]:
    """Monday .. Sunday of the calendar week before the one holding `published`."""
    d = datetime.date.fromisoformat(published)
    monday = d - datetime.timedelta(days=d.weekday() + 7)
    return monday.isoformat(), (monday + datetime.timedelta(days=6)).isoformat()


def find_periods(text: str, offset: int, edition: str, annual: bool, published: str = "") -> list[Period]:
    """All period phrases in `text` (offsets shifted by `offset`), resolved against the edition.
    A "year" that is a count ("in oktober 2043 personen") is no year: its month stands alone."""
    from .numbers import is_year_like, mask_footnote_markers
    v = _vocab()
    scan = mask_footnote_markers(text)
    ignored = [(m.start(), m.end()) for m in v["ignore_lines"].finditer(scan)]
    out: list[Period] = []
    ey, em = _ym(edition)
    for m in v["rx"].finditer(scan):
        if any(a <= m.start() < b for a, b in ignored):
            continue
        name = m.lastgroup
        g = {k.split("__", 1)[1]: val for k, val in m.groupdict().items() if val is not None and k.startswith(name + "__")}
        s, e = m.start(), m.end()
        if name in ("month_year", "year") and not is_year_like(g["y"], scan[max(0, s - 40):s], scan[e:e + 40]):
            if name == "year":
                continue
            name, e = "bare_month", m.start(name + "__m") + len(g["m"])   # "in oktober 2043 personen"
            g = {"m": g["m"]}
        mon = lambda key: v["months"][g[key].lower().rstrip(".")]
        try:
            if name in ("prev_week", "step_week"):     # counted from the publication date: unknown without one
                if not published:
                    continue
                start, end, kind = *_week_before(published), "range"
            else:
                start, end, kind = _resolve(name, g, mon, edition, annual, ey, em, v)
        except (ValueError, KeyError):
            continue
        before = scan[max(0, s - 40):s]
        ref = bool(v["reference"].search(before))
        shift = {"month_before": "month-1", "year_before": "year-1"}.get(name, "")
        if name.startswith("step_"):
            shift = "step-1"
        if name == "same_period":
            shift = f"same-{g['y']}" if g.get("y") else "same-1"
        out.append(Period(start, end, kind, offset + s, offset + e, ref, shift))
    return out


def _year_of_group(g: dict, ey: int) -> int:
    return int(g["y"]) if g.get("y") else ey


def _resolve(name, g, mon, edition, annual, ey, em, v):
    if name == "rolling_explicit":
        y1, m1, y2, m2 = int(g["y1"]), mon("m1"), int(g["y2"]), mon("m2")
        return month_span(y1, m1)[0], month_span(y2, m2)[1], "rolling_12m"
    if name == "week_range":
        m2 = mon("m2")
        m1 = mon("m1") if g.get("m1") else m2
        y2 = int(g["y"]) if g.get("y") else (ey if m2 <= em else ey - 1)
        y1 = y2 if m1 <= m2 else y2 - 1
        s, e = f"{y1:04d}-{m1:02d}-{int(g['d1']):02d}", f"{y2:04d}-{m2:02d}-{int(g['d2']):02d}"
        if s > e:
            raise ValueError
        return s, e, "range"
    if name == "day_range":
        s = f"{int(g['y1']):04d}-{mon('m1'):02d}-{int(g['d1']):02d}"
        e = f"{int(g['y2']):04d}-{mon('m2'):02d}-{int(g['d2']):02d}"
        return s, e, "range"
    if name == "month_range":
        y2, m2, m1 = int(g["y2"]), mon("m2"), mon("m1")
        y1 = int(g["y1"]) if "y1" in g else (y2 if m1 <= m2 else y2 - 1)
        kind = "rolling_12m" if months_between(y1, m1, y2, m2) == 12 else "range"
        if (m1, m2) == (1, 12) and y1 == y2:
            kind = "year"
        return month_span(y1, m1)[0], month_span(y2, m2)[1], kind
    if name == "month_range_bare":
        m1, m2 = mon("m1"), mon("m2")
        y = _year_of_group(g, ey)
        if m2 < m1:
            raise ValueError
        kind = "ytd" if m1 == 1 and m2 < 12 else ("year" if m1 == 1 else "range")
        return month_span(y, m1)[0], month_span(y, m2)[1], kind
    if name == "same_period":    # until the anchor is known: that whole year
        y = int(g["y"]) if g.get("y") else ey - 1
        return f"{y}-01-01", f"{y}-12-31", "year"
    if name == "last_months":
        n = v["counts"][g["n"].lower()]
        sy, sm = (ey, em - n + 1) if em - n + 1 >= 1 else (ey - 1, em - n + 13)
        return month_span(sy, sm)[0], month_span(ey, em)[1], "rolling_12m" if n == 12 else "range"
    if name == "until_month":
        m = mon("m")
        y = ey if m <= em else ey - 1
        return f"{y:04d}-01-01", month_span(y, m)[1], "year" if m == 12 else "ytd"
    if name == "quarter_q":
        q, y = int(g.get("q") or g["q2"]), int(g.get("y") or g["y2"])
        return month_span(y, 3 * q - 2)[0], month_span(y, 3 * q)[1], "range"
    if name == "first_months":
        y, n = _year_of_group(g, ey), v["counts"][g["n"].lower()]
        if not 1 <= n <= 11:
            raise ValueError
        return f"{y:04d}-01-01", month_span(y, n)[1], "ytd"
    if name == "numeric_date":
        d = _single_date(f"{int(g['d'])}-{int(g['mo'])}-{g['y']}")
        return d, d, "point"
    if name == "month_this":
        s, e = month_span(ey, mon("m"))
        return s, e, "month"
    if name == "rolling_implicit":
        s, e = rolling_12m(edition)
        return s, e, "rolling_12m"
    if name == "ytd":
        y, m = int(g["y"]), mon("m")
        if m == 12:
            return f"{y:04d}-01-01", f"{y:04d}-12-31", "year"
        return f"{y:04d}-01-01", month_span(y, m)[1], "ytd"
    if name == "ytd_day":
        if g["y"] != g["y2"]:
            raise ValueError
        d = _single_date(f"{int(g['d'])} {g['m']} {g['y2']}")
        return f"{int(g['y']):04d}-01-01", d, "ytd"
    if name == "until_day":
        d = f"{int(g['y']):04d}-{mon('m'):02d}-{int(g['d']):02d}"
        return "", d, "range"
    if name == "day":
        d = _single_date(f"{int(g['d'])} {g['m']} {g['y']}")
        return d, d, "point"
    if name == "quarter":
        q, y = v["ordinals"][g["o"].lower()], _year_of_group(g, ey)
        return month_span(y, 3 * q - 2)[0], month_span(y, 3 * q)[1], "range"
    if name == "half":
        h, y = v["ordinals"][(g.get("o") or g["o2"]).lower()], _year_of_group(g, ey)
        if h not in (1, 2):
            raise ValueError
        return month_span(y, 6 * h - 5)[0], month_span(y, 6 * h)[1], "range"
    if name == "month_year":
        s, e = month_span(int(g["y"]), mon("m"))
        return s, e, "month"
    if name == "edge_month":
        y = _year_of_group(g, ey)
        s, e = month_span(y, 1 if g["o"].lower() == "eerste" else 12)
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
    if name in ("step_quarter", "step_half"):     # the quarter / half year before the edition's
        n = 3 if name == "step_quarter" else 6
        y, m = add_months(ey, (em - 1) // n * n + 1, -n)
        return month_span(y, m)[0], month_span(y, m + n - 1)[1], "range"
    if name in ("prev_month", "month_before"):
        s, e = month_span(*add_months(ey, em, -1))
        return s, e, "month"
    if name == "ytd_phrase":
        if em == 12 or annual:
            return f"{ey}-01-01", f"{ey}-12-31", "year"
        return f"{ey}-01-01", month_span(ey, em)[1], "ytd"
    if name == "prev_year":     # "vorig jaar": in an annual report, written after its year, that year
        y = ey if annual else ey - 1
        return f"{y}-01-01", f"{y}-12-31", "year"
    if name == "year_before":   # "het voorgaande jaar", "een jaar eerder": the year before the anchor
        return f"{ey - 1}-01-01", f"{ey - 1}-12-31", "year"
    if name == "bare_month":    # the latest such month up to the edition ("december" in January: the year before)
        m = mon("m")
        y = ey if m <= em else ey - 1
        s, e = month_span(y, m)
        return s, e, "month"
    if name == "year":
        return year_period(int(g["y"]), edition, annual)
    raise ValueError(name)


@functools.lru_cache(maxsize=4096)
def _single_date(text: str) -> str:
    """One written date ("1 oktober 2022", "31-12-2023") as YYYY-MM-DD, read by dateparser (Dutch,
    all of day, month and year required); ValueError when it is no real date ("31 februari 2023")."""
    import dateparser   # imported on the first date only: `migstat extract` starts fast
    d = dateparser.parse(text, languages=["nl"], settings={
        "PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["day", "month", "year"], "DATE_ORDER": "DMY"})
    if d is None:
        raise ValueError(text)
    return d.strftime("%Y-%m-%d")


def shifted(p: Period, anchor: Period | None, edition: str) -> Period:
    """A relative period ("de maand daarvoor", "een jaar eerder") resolved against the period the text
    is about (`anchor`); without an anchor of the right kind it keeps its edition-based reading."""
    if not p.shift or anchor is None or not anchor.start:
        return p
    y, m = int(anchor.start[:4]), int(anchor.start[5:7])
    if p.shift == "month-1" and anchor.kind == "month":
        s, e = month_span(*add_months(y, m, -1))
        return Period(s, e, "month", p.char_start, p.char_end, p.reference, p.shift)
    if p.shift.startswith("same-") and anchor.start and anchor.end:
        ay = int(anchor.start[:4])
        y2 = int(p.shift[5:]) if len(p.shift) > 6 else ay - 1
        d = y2 - ay
        s = f"{int(anchor.start[:4]) + d:04d}{anchor.start[4:]}"
        e = f"{int(anchor.end[:4]) + d:04d}{anchor.end[4:7]}"
        e += f"-{_last_day(int(e[:4]), int(e[5:7])):02d}" if anchor.end[8:] == f"{_last_day(int(anchor.end[:4]), int(anchor.end[5:7])):02d}" else anchor.end[7:]
        return Period(s, e, anchor.kind, p.char_start, p.char_end, p.reference, p.shift)
    if p.shift == "step-1":       # the span of the anchor's length right before it
        return _span_before(p, anchor)
    if p.shift == "year-1" and anchor.kind in ("year", "ytd", "month", "range", "point"):
        ay = int(anchor.end[:4]) if anchor.end else y
        return Period(f"{ay - 1}-01-01", f"{ay - 1}-12-31", "year", p.char_start, p.char_end, p.reference, p.shift)
    return p


def _span_before(p: Period, anchor: Period) -> Period:
    """The span before `anchor` of its length: whole months by months (a quarter, a half year), a week
    or another run of days by days. `p` (its edition-based reading) when the anchor is of another
    length than the phrase names."""
    s, e = datetime.date.fromisoformat(anchor.start), datetime.date.fromisoformat(anchor.end)
    if s.day == 1 and e == datetime.date(e.year, e.month, _last_day(e.year, e.month)):
        n = months_between(s.year, s.month, e.year, e.month)
        ps, pe = datetime.date.fromisoformat(p.start), datetime.date.fromisoformat(p.end)
        if n != months_between(ps.year, ps.month, pe.year, pe.month):
            return p
        start = month_span(*add_months(s.year, s.month, -n))[0]
        end = month_span(*add_months(s.year, s.month, -1))[1]
    else:
        days = (e - s).days + 1
        if days != (datetime.date.fromisoformat(p.end) - datetime.date.fromisoformat(p.start)).days + 1:
            return p
        start, end = (s - datetime.timedelta(days=days)).isoformat(), (s - datetime.timedelta(days=1)).isoformat()
    return Period(start, end, p.kind, p.char_start, p.char_end, p.reference, p.shift)


# ---- edition -------------------------------------------------------------------------------

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


def is_annual_report(text: str, year: int | None = None) -> bool:
    """Does the title near the top name an annual report (Staat van Migratie, a whole-year Rapportage)?
    With the edition's `year`: also a text whose headline is about that year as a whole ("Asielinstroom
    in 2017 gelijk aan 2016", "Asielverzoeken met ruim 40 procent toegenomen in 2022": a year item,
    written after its year) or whose opening names the year's twelve months ("in de periode januari
    tot en met december 2017")."""
    head = text[:600]
    if any(how in ("annual_next", "annual_same") and re.search(rx, head) for rx, how in _TITLE_PATTERNS):
        return True
    if year is None:
        return False
    v = _vocab()
    title = next((ln.strip() for ln in text[:400].splitlines() if ln.strip()), "")
    if len(title) <= 140 and re.search(rf"(?<!\d){year}(?!\d)", title) and not re.search(
            rf"(?i)\b(?:{v['month_alt']})\b|kwarta|(?:half\s*jaar|helft)\s+(?:van\s+)?\d|\bweek", title):
        return True
    return bool(re.search(rf"(?i)\bjanuari\s+{v['RW']}\s+december\s+{year}\b", text[:400]))


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
    if published or named_month:
        periods = find_periods(text, 0, published[:7] or named_month, False, published)
    else:       # only what reads the same whichever month the text were written in
        other = {(p.char_start, p.start, p.end) for p in find_periods(text, 0, "2001-01", False)}
        periods = [p for p in find_periods(text, 0, "2000-01", False) if (p.char_start, p.start, p.end) in other]
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
    if named_month:
        return named_month, "file name", False
    return "", "none", False
