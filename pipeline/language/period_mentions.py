"""Period mentions in a text: every period phrase the patterns of period_patterns find ("februari 2022
t/m januari 2023", "de afgelopen twaalf maanden", "In 2023, tot en met april", quarters, halves,
weeks, "een jaar eerder", single dates), resolved against the edition to a Period (first and last
day, kind, its characters, whether it is a comparison base, and for a relative phrase its shift).

A relative phrase keeps its edition-based reading here; period_arithmetic.shifted moves it onto the
period the text is about. Single dates are read by dateparser (Dutch), the rest with the standard
library.
"""
from __future__ import annotations

import datetime
import functools
import re

from ..model import Period
from .numbers import is_year_like, mask_footnote_markers
from .period_arithmetic import add_months, edition_month, month_span, months_between, rolling_12m, year_period
from .period_patterns import vocab


def _week_before(published: str) -> tuple[str, str]:
    """Monday .. Sunday of the calendar week before the one holding `published`."""
    d = datetime.date.fromisoformat(published)
    monday = d - datetime.timedelta(days=d.weekday() + 7)
    return monday.isoformat(), (monday + datetime.timedelta(days=6)).isoformat()


@functools.lru_cache(maxsize=None)
def _groups_of(name: str) -> tuple[tuple[str, str], ...]:
    """The groups of one alternative of the period pattern: (its full name, the name without the prefix)."""
    return tuple((k, k.split("__", 1)[1]) for k in vocab()["rx"].groupindex if k.startswith(name + "__"))


def find_periods(text: str, offset: int, edition: str, annual: bool, published: str = "",
                 scan: str | None = None) -> list[Period]:
    """All period phrases in `text` (offsets shifted by `offset`), resolved against the edition.
    A "year" that is a count ("in oktober 2043 personen") is no year: its month stands alone. `scan`:
    mask_footnote_markers(text), when the caller has it (it searches the numbers in it too)."""
    v = vocab()
    if scan is None:
        scan = mask_footnote_markers(text)
    ignored = [(m.start(), m.end()) for m in v["ignore_lines"].finditer(scan)]
    out: list[Period] = []
    ey, em = edition_month(edition)
    for m in v["rx"].finditer(scan):
        if any(a <= m.start() < b for a, b in ignored):
            continue
        name = m.lastgroup
        g = {short: val for full, short in _groups_of(name) if (val := m.group(full)) is not None}
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
        shift = {"month_before": "month-1", "year_before": "year-1", "year_ago": "same-"}.get(name, "")
        if name.startswith("step_"):
            shift = "step-1"
        if name == "same_period":
            shift = f"same-{g['y']}" if g.get("y") else "same-1"
        if name == "those_months":
            shift = "same_span"
        if name == "month_prev_year":     # a look back ("In november vorig jaar ..."): fixed, but no frame of the text
            shift = "back"
        out.append(Period(start, end, kind, offset + s, offset + e, ref, shift))
    return out


def _year_of_group(g: dict, ey: int) -> int:
    return int(g["y"]) if g.get("y") else ey


def _resolve(name, g, mon, edition, annual, ey, em, v):
    """A match of the alternative `name` (its groups `g`; `mon` reads a month group) as (start, end,
    kind) against the edition (ey-em); ValueError or KeyError when it names no real period."""
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
    if name == "until_week":
        y = int(g["y"]) if g.get("y") else ey
        sunday = datetime.date.fromisocalendar(y, int(g["w"]), 7)
        return f"{y:04d}-01-01", sunday.isoformat(), "ytd"
    if name == "week_number":      # the edition's year, or the year before when that week is still to come
        y = int(g["y"]) if g.get("y") else ey
        monday = datetime.date.fromisocalendar(y, int(g["w"]), 1)
        if not g.get("y") and monday.isoformat()[:7] > f"{ey:04d}-{em:02d}" and (monday.month - em) % 12 > 2:
            monday = datetime.date.fromisocalendar(y - 1, int(g["w"]), 1)
        return monday.isoformat(), (monday + datetime.timedelta(days=6)).isoformat(), "range"
    if name == "month_pair":      # (only months next to each other: "januari en maart 2018" are two months)
        m1 = v["months"][g["pair"].split()[0].lower()]
        y = int(g["y"]) if g.get("y") else (ey if m1 + 1 <= em else ey - 1)
        return month_span(y, m1)[0], month_span(y, m1 + 1)[1], "range"
    if name == "day_between":       # (without a year: the edition's, "Van 1 januari tot en met 28 februari")
        m1, m2 = mon("m1"), mon("m2")
        y2 = int(g["y2"]) if g.get("y2") else (ey if m2 <= em else ey - 1)
        y1 = int(g["y1"]) if g.get("y1") else (y2 if m1 <= m2 else y2 - 1)
        s, e = f"{y1:04d}-{m1:02d}-{int(g['d1']):02d}", f"{y2:04d}-{m2:02d}-{int(g['d2']):02d}"
        if s[8:] == "01" and e == month_span(y2, m2)[1]:
            return s, e, "year" if (s[5:], e[5:]) == ("01-01", "12-31") and y1 == y2 else "range"
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
    if name in ("month_range_bare", "month_between"):
        m1, m2 = mon("m1"), mon("m2")
        y = _year_of_group(g, ey)
        if m2 < m1:
            raise ValueError
        kind = "ytd" if m1 == 1 and m2 < 12 else ("year" if m1 == 1 else "range")
        return month_span(y, m1)[0], month_span(y, m2)[1], kind
    if name == "same_period":    # until the anchor is known: that whole year
        y = int(g["y"]) if g.get("y") else ey - 1
        return f"{y}-01-01", f"{y}-12-31", "year"
    if name == "those_months":     # edition-based reading: the months up to the edition's
        n = v["counts"][g["n"].lower()] if g.get("n") else 1
        sy, sm = (ey, em - n + 1) if em - n + 1 >= 1 else (ey - 1, em - n + 13)
        return month_span(sy, sm)[0], month_span(ey, em)[1], "range" if n > 1 else "month"
    if name == "last_months":
        n = v["counts"][g["n"].lower()]
        sy, sm = (ey, em - n + 1) if em - n + 1 >= 1 else (ey - 1, em - n + 13)
        return month_span(sy, sm)[0], month_span(ey, em)[1], "rolling_12m" if n == 12 else "range"
    if name in ("until_month", "until_month_year"):
        m = mon("m")
        y = int(g["y"]) if g.get("y") else (ey if m <= em else ey - 1)
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
    if name == "month_prev_year":      # (in an annual report, written after its year, "vorig jaar" is that year)
        s, e = month_span(ey if annual else ey - 1, mon("m"))
        return s, e, "month"
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
    if name == "since_day":      # the latest such day up to the edition's month
        m = mon("m")
        y = ey if m <= em else ey - 1
        d = datetime.date(y, m, int(g["d"])).isoformat()
        return d, d, "point"
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
        h, y = v["ordinals"][(g.get("o") or g.get("o2") or g["o3"]).lower()], _year_of_group(g, ey)
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
    if name == "month_end":
        e = month_span(int(g["y"]), mon("m"))[1]
        return e, e, "point"
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
    if name == "next_year":
        return f"{ey + 1}-01-01", f"{ey + 1}-12-31", "year"
    if name == "whole_year":    # "over het hele jaar": the edition's year in a year item, else the year before
        y = ey if annual or em == 12 else ey - 1
        return f"{y}-01-01", f"{y}-12-31", "year"
    if name == "past_year":     # "het afgelopen jaar": the year just ended
        y = ey if annual or em == 12 else ey - 1
        return f"{y}-01-01", f"{y}-12-31", "year"
    if name == "year_ago":      # "een jaar eerder": until the anchor is known, the year before the edition's
        return f"{ey - 1}-01-01", f"{ey - 1}-12-31", "year"
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
    """One written date ("1 oktober 2022", "31-12-2023") as YYYY-MM-DD, as dateparser reads it (Dutch,
    all of day, month and year required, the day first); ValueError when it is no real date ("31
    februari 2023"). A real date whose month is a number or a name dateparser knows is read here, with
    the same result (importing dateparser and its first date take ~0.2 s, a tenth of `migstat extract`
    on a long PDF, in each process that meets a date); anything else by dateparser itself, whose
    readings of it stand ("5-13-2023" month first, "1 sept 2023" no date)."""
    plain = _plain_date(text)
    if plain is not None:
        return plain
    import dateparser   # start-up: dateparser, only for a date read by it (`migstat extract` starts fast)
    d = dateparser.parse(text, languages=["nl"], settings={
        "PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["day", "month", "year"], "DATE_ORDER": "DMY"})
    if d is None:
        raise ValueError(text)
    return d.strftime("%Y-%m-%d")


# the dates _single_date is given: "31-12-2023", "1 oktober 2022" (no leading zero, a year of period_patterns.YEAR)
_PLAIN_DATE = re.compile(r"([1-9]\d?)-([1-9]\d?)-((?:19[89]|20[0-4])\d)|([1-9]\d?) ([^\W\d_]+)\.? ((?:19[89]|20[0-4])\d)")
# the month names of rules/periods.yaml that dateparser's Dutch reads, in any case, with or without a
# full stop; it does not read "febr" and "sept" (tests/test_rules.py compares the two)
DATEPARSER_MONTHS = {"januari": 1, "jan": 1, "februari": 2, "feb": 2, "maart": 3, "mrt": 3, "april": 4, "apr": 4,
                     "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augustus": 8, "aug": 8, "september": 9,
                     "sep": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11, "december": 12, "dec": 12}


def _plain_date(text: str) -> str | None:
    """The date as YYYY-MM-DD when `text` is a real date in one of the forms above with a month of
    1-12 or of DATEPARSER_MONTHS, else None."""
    m = _PLAIN_DATE.fullmatch(text)
    if m is None:
        return None
    if m.group(1):
        day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        day, month, year = int(m.group(4)), DATEPARSER_MONTHS.get(m.group(5).lower()), int(m.group(6))
    try:
        return datetime.date(year, month, day).isoformat() if month else None
    except ValueError:
        return None
