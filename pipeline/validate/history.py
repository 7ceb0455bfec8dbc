"""The history: what two figures are compared on (history_key), the figures reported elsewhere indexed
once for a whole run (History), and the lookups check_history makes for a figure (figure_lookups),
which History.altered_by names for the figures of a changed document."""
from __future__ import annotations

import bisect
import re
from collections import defaultdict

from ..model import Observation
from .known import KNOWN_VALUE_PREFIX, Known, table_key


def history_key(k) -> tuple:
    """What two figures are compared on: metric (a table cell without one: its table_key), nationality,
    category, period and unit."""
    return (k.metric or k.table_key, k.nationality, k.category, k.period_start, k.period_end, k.unit)


OUTLIER_MONTHS = 12      # history_checks: a monthly count is judged against the months a year around it


def history_key_of(o: Observation) -> tuple | None:
    """An observation's history key (history_key of its Known); None when it has none (a table cell
    without a core metric that no other edition can be recognised to repeat)."""
    tkey = "" if o.metric else table_key(o.table_caption, o.label, o.rule_id)
    if not o.metric and not tkey:
        return None
    return (o.metric or tkey, o.nationality, o.category, o.period_start, o.period_end, o.unit)


def figure_lookups(key: tuple, x) -> set[tuple]:
    """What check_history looks up in the History for a figure (an Observation or a Known) with this
    history key: its key in its edition, its series' month, its year-to-date series."""
    out = {("key", key, x.edition)}
    if x.metric:
        series = (x.metric, x.nationality, x.category, x.unit)
        m = month_number(x.period_start[:7]) if x.period_kind == "month" else None
        if m is not None:
            out.add(("month", series, m))
        elif x.period_kind in ("ytd", "year") and x.period_start.endswith("-01-01"):
            out.add(("ytd", series, x.period_start))
    return out


def _first(k: Known) -> tuple:
    """The order a choice between figures of the history follows (History)."""
    return k.source, k.doc_id, k.value, k.edition


def month_number(ym: str) -> int | None:
    """'2023-02' (or '2023-02-01') -> months since year 0; None for anything else."""
    if not re.fullmatch(r"\d{4}-\d\d(?:-\d\d)?", ym or ""):
        return None
    return int(ym[:4]) * 12 + int(ym[5:7]) - 1


def month_text(n: int) -> str:
    return f"{n // 12:04d}-{n % 12 + 1:02d}"


class History:
    """The figures reported elsewhere, indexed once for a whole run: the documents' figures by key and
    edition, the curated known values by key, and every core series' months and year-to-date figures.
    Lookups pass over the asking document's own doc_id (its content hash): a document, also a renamed
    copy of one, is never compared with itself. What a lookup gives does not depend on the order the
    figures were added in (a document under two names counts once, by its first name in sort order; a
    choice between figures falls on the first by source and doc_id): a run that adds a few documents
    to a history made of the others finds what a run over all of them finds."""

    def __init__(self, known=()):
        # key -> edition -> (doc_id, value) -> the Known (of the first source)
        self._by_edition: dict[tuple, dict[str, dict[tuple, Known]]] = defaultdict(lambda: defaultdict(dict))
        self._curated: dict[tuple, list[Known]] = defaultdict(list)
        self._months: dict[tuple, dict[str, set[float]]] = defaultdict(lambda: defaultdict(set))
        self._ytd: dict[tuple, dict[tuple[str, float], list[Known]]] = defaultdict(lambda: defaultdict(list))
        self._editions: dict[tuple, list[str]] = {}
        self.add(known)

    def add(self, known) -> None:
        """Index more figures (a run's changed documents after History.altered_by)."""
        keys = set()
        for k in known:
            key = history_key(k)
            if k.doc_id.startswith(KNOWN_VALUE_PREFIX):
                self._curated[key].append(k)
            else:
                here = self._by_edition[key][k.edition]
                had = here.get((k.doc_id, k.value))
                if had is not None and had.source <= k.source:
                    continue             # one document twice (extracted/ holds it under two names)
                here[(k.doc_id, k.value)] = k
                keys.add(key)
            if k.metric:
                series = (k.metric, k.nationality, k.category, k.unit)
                if k.period_kind == "month":
                    self._months[series][k.period_start[:7]].add(k.value)
                elif k.period_kind in ("ytd", "year") and k.period_start.endswith("-01-01"):
                    self._ytd[series + (k.period_start,)][(k.period_end, k.value)].append(k)
        for key in keys:
            self._editions[key] = sorted(self._by_edition[key])

    def altered_by(self, changed) -> set[tuple]:
        """The lookups (figure_lookups) whose answers these figures (Known: a changed document's, new
        or as it was before) alter, when added to or taken from this history (which holds neither):
        their key in their edition and in the nearest editions on either side that report it (same
        edition, neighbours); a month of a series within a year of theirs when they bring a value the
        month did not have (outlier); a year-to-date series when they bring an (end, value) it did not
        have (ytd_shrank)."""
        out = set()
        for k in changed:
            key = history_key(k)
            out.add(("key", key, k.edition))
            eds = self._editions.get(key, [])
            i = bisect.bisect_left(eds, k.edition)
            if i > 0:
                out.add(("key", key, eds[i - 1]))
            j = bisect.bisect_right(eds, k.edition)
            if j < len(eds):
                out.add(("key", key, eds[j]))
            if not k.metric:
                continue
            series = (k.metric, k.nationality, k.category, k.unit)
            m = month_number(k.period_start[:7]) if k.period_kind == "month" else None
            if m is not None and k.value not in self.month_values(series, k.period_start[:7]):
                out.update(("month", series, m + d) for d in range(-OUTLIER_MONTHS, OUTLIER_MONTHS + 1))
            elif k.period_kind in ("ytd", "year") and k.period_start.endswith("-01-01") and \
                    (k.period_end, k.value) not in self._ytd.get(series + (k.period_start,), {}):
                out.add(("ytd", series, k.period_start))
        return out

    def same_edition(self, key: tuple, edition: str, doc_id: str) -> list[Known]:
        """The other documents' figures for `key` in `edition`, one per distinct value."""
        by_value: dict[float, Known] = {}
        for k in sorted(self._by_edition.get(key, {}).get(edition, {}).values(), key=_first):
            if k.doc_id != doc_id:
                by_value.setdefault(k.value, k)
        return list(by_value.values())

    def neighbour(self, key: tuple, edition: str, doc_id: str, later: bool) -> list[Known]:
        """The other documents' figures for `key` in the nearest earlier (or later) edition that has any."""
        eds = self._editions.get(key, [])
        i, step = (bisect.bisect_right(eds, edition), 1) if later else (bisect.bisect_left(eds, edition) - 1, -1)
        while 0 <= i < len(eds):
            ks = sorted((k for k in self._by_edition[key][eds[i]].values() if k.doc_id != doc_id), key=_first)
            if ks:
                return ks
            i += step
        return []

    def curated(self, key: tuple) -> list[Known]:
        return self._curated.get(key, [])

    def month_values(self, series: tuple, month: str) -> set[float]:
        """The values reported anywhere for one month ('2023-01') of a series (metric, nationality, category, unit)."""
        return self._months.get(series, {}).get(month, set())

    def year_to_date(self, series: tuple, year_start: str, doc_id: str) -> list[Known]:
        """The series' year-to-date and whole-year figures from `year_start`: one per (end, value), other documents."""
        out = []
        for ks in self._ytd.get(series + (year_start,), {}).values():
            k = min((k for k in ks if k.doc_id != doc_id), key=_first, default=None)
            if k is not None:
                out.append(k)
        return out
