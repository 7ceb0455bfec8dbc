"""The checks of one document's periods (check_document): a period that starts after it ends, "de
afgelopen twaalf maanden" that are not twelve, a period after the edition, a month whose year
contradicts its heading; and an edition far from every year the text names (edition_far_from_text)."""
from __future__ import annotations

import bisect
import re

from ..language.period_arithmetic import add_months, month_span, months_between
from ..language.period_mentions import find_periods
from ..language.period_patterns import month_name
from ..model import Document, Observation
from .config import config
from .findings import Finding, finding


def _month_end(y: int, m: int) -> str:
    return month_span(y, m)[1]


def _add_months(d: str, n: int) -> str:
    return _month_end(*add_months(int(d[:4]), int(d[5:7]), n))


def period_checks(doc: Document, obs: list[Observation]) -> list[Finding]:
    cfg = config()["periods"]
    ey, em = int(doc.edition[:4]), int(doc.edition[5:7])
    edition_end = _month_end(ey, em)
    grace = cfg["grace_months_annual"] if doc.annual else cfg["grace_months_monthly"]
    out = []
    seen_span = set()
    headings = _headings_by_offset(doc)
    for o in obs:
        span = (o.char_start, o.period_start, o.period_end)
        first = span not in seen_span
        seen_span.add(span)
        if not first:
            continue
        if o.period_start and o.period_end and o.period_start > o.period_end:
            ey_, em_ = int(o.period_end[:4]), int(o.period_end[5:7])
            while _month_end(ey_, em_) < o.period_start:
                ey_ += 1          # "februari 2016 t/m januari 2016": the end's year is one too low
            likely = f"{o.period_start} .. {_month_end(ey_, em_)}"
            out.append(finding(
                "period_order", "error",
                f"the period starts after it ends ({o.period_start} .. {o.period_end}); likely meant {likely}",
                o))
            continue
        if o.period_kind == "rolling_12m" and o.period_start and o.period_end:
            months = months_between(int(o.period_start[:4]), int(o.period_start[5:7]),
                                    int(o.period_end[:4]), int(o.period_end[5:7]))
            if months != 12:
                out.append(finding("rolling_not_12_months", "error",
                                   f"'de afgelopen twaalf maanden' covers {months} months here "
                                   f"({o.period_start} .. {o.period_end})", o))
            elif o.period_end < f"{doc.edition}-01":
                out.append(finding("rolling_ends_before_edition", "info",
                                   f"the twelve months end {o.period_end[:7]}, before the edition's month {doc.edition}: "
                                   f"figures taken from an earlier edition of the source", o))
        if o.period_start and o.period_start > edition_end:
            late = o.period_start > _add_months(edition_end, grace)
            out.append(finding(
                "period_after_edition", "warning" if late else "info",
                f"the figure's period starts {o.period_start}, after the edition's month {doc.edition}"
                + (": a forecast or target, or a wrong year?" if late else
                   " (a stand just after the reporting period: normal in a report published later)"),
                o))
        if o.period_kind == "month" and not doc.annual and o.period_start[:4] != doc.edition[:4]:
            # "In januari 2016 kwam 70% ..." in the January 2017 edition, under or over a title
            # "Nareizigers in januari 2017": the title and the edition agree, the sentence does not
            for h in headings(o.char_start):
                hit = next((p for p in find_periods(h, 0, doc.edition, doc.annual)
                            if p.kind == "month" and p.start[5:7] == o.period_start[5:7]
                            and p.start[:4] == doc.edition[:4]), None)
                if hit:
                    out.append(finding(
                        "period_contradicts_heading", "warning",
                        f"the text says {month_name(int(o.period_start[5:7]))} {o.period_start[:4]}, but the "
                        f"title '{h}' and the edition ({doc.edition}) say {hit.start[:4]}: likely "
                        f"{month_name(int(hit.start[5:7]))} {hit.start[:4]}", o))
                    break
    return out


_NAMED_YEAR = re.compile(r"(?<![\d.,])(19[89]\d|20[0-4]\d)(?![\d]|[.,]\d)")


def edition_far_from_text(doc: Document) -> list[Finding]:
    """A warning when the edition (given with --edition, or inferred) lies further than
    `periods.edition_far_months` from every year the text names: a wrong --edition ("2024-03" for a
    January 2017 report) would resolve every "in maart" and "dit jaar" to the wrong year. A text that
    names no year gives no finding."""
    limit = config()["periods"]["edition_far_months"]
    ey, em = int(doc.edition[:4]), int(doc.edition[5:7])
    years = {int(m.group(1)) for m in _NAMED_YEAR.finditer(doc.text)}
    if not years:
        return []

    def months_to(y: int) -> int:      # from the edition's month to the nearest month of year y
        return 0 if y == ey else (ey - y) * 12 + em - 12 if y < ey else (y - ey) * 12 - em + 1

    nearest = min(years, key=lambda y: (months_to(y), y))
    gap = months_to(nearest)
    if gap <= limit:
        return []
    basis = "given" if doc.edition_basis == "given" else f"read from the text: {doc.edition_basis}"
    named = f"{min(years)}" if len(years) == 1 else f"{min(years)}..{max(years)}"
    return [Finding(doc.doc_id, "edition_far_from_text", "warning",
                    f"the edition {doc.edition} ({basis}) is {gap} months from the nearest year the text names "
                    f"({nearest}; it names {named}): periods such as 'in maart' are read against the edition, "
                    f"so check --edition", source=doc.source)]


def _headings_by_offset(doc: Document):
    """offset -> the titles that frame it: the heading above its block, and a title right after its
    paragraph (a chart title that follows the text it belongs to)."""
    starts = [b.start for b in doc.blocks]

    def titles(offset: int) -> list[str]:
        i = bisect.bisect_right(starts, offset) - 1
        if i < 0:
            return []
        out = [doc.blocks[i].heading] if doc.blocks[i].heading else []
        if i + 1 < len(doc.blocks) and doc.blocks[i + 1].kind == "heading":
            b = doc.blocks[i + 1]
            out.append(" ".join(doc.text[b.start:b.end].split()))
        return out
    return titles
