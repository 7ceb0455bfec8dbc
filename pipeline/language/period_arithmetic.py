"""Period arithmetic: months counted and stepped (add_months, months_between), a month's first and
last day (month_span), the period an edition stands for, and a relative period ("de maand daarvoor",
"een jaar eerder", "hetzelfde kwartaal van 2015") shifted onto the period the text is about. The one
month-arithmetic helper of the pipeline; dates are YYYY-MM-DD strings, editions YYYY-MM."""
from __future__ import annotations

import calendar
import datetime

from ..model import Period


def _last_day(y: int, m: int) -> int:
    return calendar.monthrange(y, m)[1]


def month_span(y: int, m: int) -> tuple[str, str]:
    """First and last day of a month, YYYY-MM-DD."""
    return f"{y:04d}-{m:02d}-01", f"{y:04d}-{m:02d}-{_last_day(y, m):02d}"


def edition_month(edition: str) -> tuple[int, int]:
    """An edition "YYYY-MM" as (year, month)."""
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
    ey, em = edition_month(edition)
    if y == ey and not annual and em < 12:
        return f"{y:04d}-01-01", month_span(y, em)[1], "ytd"
    return f"{y:04d}-01-01", f"{y:04d}-12-31", "year"


def edition_period(edition: str, annual: bool) -> Period:
    """The period a figure takes when nothing in the text says: the report's year or month."""
    y, m = edition_month(edition)
    if annual:
        return Period(f"{y}-01-01", f"{y}-12-31", "year")
    s, e = month_span(y, m)
    return Period(s, e, "month")


def rolling_12m(edition: str) -> tuple[str, str]:
    """The twelve months up to and including the edition's: first and last day."""
    ey, em = edition_month(edition)
    return month_span(*add_months(ey, em, -11))[0], month_span(ey, em)[1]


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
    if p.shift == "same_span":    # "in die vier maanden": the span the text is about itself
        return Period(anchor.start, anchor.end, anchor.kind, p.char_start, p.char_end, p.reference, p.shift)
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
