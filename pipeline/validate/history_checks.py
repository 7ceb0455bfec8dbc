"""check_history: every figure against what was reported elsewhere (a History), within rounding: a
conflict in the same edition, a revision or mismatch against the neighbouring editions, a curated
known value, a year-to-date figure that shrank, a monthly count far from its series."""
from __future__ import annotations

import math
from collections import defaultdict
from statistics import median

from ..model import Observation
from ..values import dutch as _fmt
from .config import config
from .findings import Finding, finding
from .history import OUTLIER_MONTHS, History, figure_lookups, history_key_of, month_number, month_text
from .known import Known
from .rounding import Rounding, written_half


HISTORY_CHECKS = frozenset({"conflict", "revision", "mismatch", "known_value", "ytd_shrank", "outlier"})


def check_history(doc_text: str, obs: list[Observation], history,
                  acknowledged: set[int] = frozenset(), only: set[tuple] | None = None) -> list[Finding]:
    """Every core figure (and every table cell that another edition of the report repeats) against what
    was reported elsewhere, within rounding. The findings grow with the disagreements, not with the
    editions; agreement between documents is no finding (the series table records who agrees).

    - conflict (error): a document of the same edition gives another value, once per distinct value;
    - revision (warning; info when a footnote acknowledges it) or mismatch (warning: too far apart to
      be a revision): against the nearest earlier edition that reports the key, when none of its
      documents agrees ("revised from"), and likewise against the nearest later one ("later revised");
    - known_value (info): a curated value of rules/known_values.csv agrees; when none does, one
      conflict, revision or mismatch against the curated value of the nearest edition;
    - ytd_shrank (error): a year-to-date figure smaller than one reported up to an earlier month;
    - outlier (warning): a monthly count far from its series' other months within a year.

    `history` is a History, or the Known figures to index (another document's, or curated). `only`:
    check just the figures whose lookups (figure_lookups) are among these (History.altered_by)."""
    if not isinstance(history, History):
        history = History(history)
    cfg = config()["history"]
    rnd = Rounding([o.value for o in obs if o.unit == "count"], doc_text)
    own_months: dict[tuple, set[tuple[str, float]]] = defaultdict(set)
    for x in obs:
        if x.metric and x.period_kind == "month":
            own_months[(x.metric, x.nationality, x.category, x.unit)].add((x.period_start[:7], x.value))
    out = []
    done = set()
    for o in obs:
        key = history_key_of(o)
        if key is None:
            continue
        if key + (o.value,) in done:
            continue
        done.add(key + (o.value,))
        if only is not None and not figure_lookups(key, o) & only:
            continue
        # across documents both sides are judged alike: a count that is a multiple of ten may be
        # rounded to tens (one edition rounds, another does not: 35.535 and 35.540 are one figure)
        half = max(rnd.half(o), written_half(o.value, o.unit))
        what = o.metric or f"'{o.label}' ({o.table})"
        ack = o.char_start in acknowledged
        for k in history.same_edition(key, o.edition, o.doc_id):
            if not _agrees(o, half, k):
                out.append(_disagreement(o, k, what, ack, cfg["revision_max_change"]))
        for later in (False, True):
            ks = history.neighbour(key, o.edition, o.doc_id, later)
            if ks and not any(_agrees(o, half, k) for k in ks):
                k = min(ks, key=lambda k: (abs(k.value - o.value), k.source, k.doc_id))
                out.append(_disagreement(o, k, what, ack, cfg["revision_max_change"]))
        out += _against_curated(o, history.curated(key), half, what, ack, cfg["revision_max_change"])
        if o.metric:
            series = (o.metric, o.nationality, o.category, o.unit)
            out += _ytd_shrank(o, history, series, half)
            out += _outlier(o, history, series, own_months[series], cfg)
    return out


def _agrees(o: Observation, half: float, k: Known) -> bool:
    return abs(k.value - o.value) <= half + written_half(k.value, k.unit) + 1e-9


def _period_text(o) -> str:
    return f"{o.period_start[:7]}..{o.period_end[:7]}"


def _disagreement(o: Observation, k: Known, what: str, ack: bool, max_change: float) -> Finding:
    """`o` against another value `k`: a conflict (the same edition), a mismatch (too far apart for a
    revision) or a revision (which way round by edition; acknowledged by `o`'s footnote when it is the newer)."""
    where = k.source or k.doc_id
    other = dict(other_doc_id=k.doc_id, other_source=k.source, other_value=k.value, expected=k.value)
    if k.edition == o.edition:
        return finding("conflict", "error", f"{where}, of the same edition {k.edition}, gives {_fmt(k.value)} for "
                       f"{what} {_period_text(o)}; here {_fmt(o.value)}", o, **other)
    if _implausible(o.value, k.value, max_change):
        return finding("mismatch", "warning",
                       f"{what} {_period_text(o)} is {_fmt(o.value)} here but {_fmt(k.value)} in {where} "
                       f"({k.edition}): too far apart for a revision — likely an extraction error, a text error "
                       f"or another definition", o, **other)
    newer, older = (o.value, k.value) if o.edition > k.edition else (k.value, o.value)
    diff = newer - older
    pct = f" ({diff / older * 100:+.1f}%)" if older else ""
    ack = ack and o.edition > k.edition
    direction = (f"revised from {_fmt(older)} ({k.edition}, {where}) to {_fmt(newer)} here ({o.edition})"
                 if o.edition > k.edition else
                 f"later revised: {where} ({k.edition}) gives {_fmt(k.value)}, here ({o.edition}) {_fmt(o.value)}")
    return finding("revision", "info" if ack else "warning",
                   f"{what} {_period_text(o)} {direction}: {'+' if diff > 0 else '-' if diff < 0 else ''}"
                   f"{_fmt(abs(diff))}{pct}"
                   + (" — acknowledged by a footnote ('correctie t.o.v. vorige editie')" if ack else ""),
                   o, **other)


def _against_curated(o: Observation, curated: list[Known], half: float, what: str, ack: bool,
                     max_change: float) -> list[Finding]:
    """At most one finding per figure from rules/known_values.csv: confirmed by a curated value that
    agrees, else a disagreement with the curated value of the nearest edition."""
    if not curated:
        return []
    k = next((k for k in curated if _agrees(o, half, k)), None)
    if k is not None:
        return [finding("known_value", "info",
                        f"confirmed: {k.source or k.doc_id} ({k.edition}) also gives {_fmt(k.value)} for {what} "
                        f"{_period_text(o)} (here {_fmt(o.value)}; equal within rounding)",
                        o, other_doc_id=k.doc_id, other_source=k.source, other_value=k.value)]
    here = month_number(o.edition)

    def distance(k):
        there = month_number(k.edition)
        return (abs(there - here) if None not in (here, there) else math.inf, abs(k.value - o.value))
    return [_disagreement(o, min(curated, key=distance), what, ack, max_change)]


def _ytd_shrank(o: Observation, history: History, series: tuple, half: float) -> list[Finding]:
    """A year-to-date count smaller than the same year's figure up to an earlier month (the nearest one)."""
    if not (o.unit == "count" and o.period_kind in ("ytd", "year") and o.period_start.endswith("-01-01")):
        return []
    bigger = [k for k in history.year_to_date(series, o.period_start, o.doc_id)
              if k.period_end < o.period_end and k.value > o.value + half + written_half(k.value, k.unit) + 1e-9]
    if not bigger:
        return []
    k = max(bigger, key=lambda k: (k.period_end, k.value))
    return [finding("ytd_shrank", "error",
                    f"{o.metric} for {o.period_start[:4]} up to {o.period_end[:7]} is {_fmt(o.value)}, "
                    f"less than the {_fmt(k.value)} reported up to {k.period_end[:7]} "
                    f"({k.source or k.doc_id}): a year-to-date figure cannot shrink",
                    o, other_doc_id=k.doc_id, other_source=k.source, other_value=k.value)]


def _outlier(o: Observation, history: History, series: tuple, own: set[tuple[str, float]], cfg) -> list[Finding]:
    """A monthly count far from the median of its series' other months within a year (here or elsewhere)."""
    if not (o.unit == "count" and o.period_kind == "month" and o.value > 0):
        return []
    month = month_number(o.period_start)
    if month is None:
        return []
    near = {month_text(month + d) for d in range(-OUTLIER_MONTHS, OUTLIER_MONTHS + 1) if d}
    hist = {(m, v) for m, v in own if m in near}
    for m in near:
        hist |= {(m, v) for v in history.month_values(series, m)}
    values = [v for _, v in hist if v > 0]
    if len(values) < cfg["outlier_min_history"]:
        return []
    med = median(values)
    f = cfg["outlier_factor"]
    if not (o.value > f * med or o.value < med / f):
        return []
    return [finding("outlier", "warning",
                    f"{o.metric} {o.period_start[:7]} is {_fmt(o.value)}, {o.value / med:.1f}× the median "
                    f"of {len(values)} other months ({_fmt(med)}): check for a misread number", o, expected=med)]


def _implausible(a: float, b: float, max_change: float) -> bool:
    """Too far apart to be one figure revised (e.g. 380 against 35.535)."""
    lo, hi = sorted((abs(a), abs(b)))
    return hi > 0 and (hi - lo) / hi > max_change
