"""Validation: every extraction checked, and a findings table that tells a reviewer which numbers to
look at and why.

    check_document(doc, result) -> list[Finding]     arithmetic, periods, footnotes, source quality
    check_history(doc_text, observations, history, acknowledged) -> list[Finding]
                                                      the neighbouring editions (this run, extracted/)
                                                      and the known values, indexed once: History
(pipeline.batch.validate_results runs both for documents checked together.)

Checks are named (the `check` column); their parameters are in rules/checks.yaml. Rounding is part of
every comparison: a count that is a multiple of ten in a document whose counts are mostly rounded to
tens stands for anything within +-5, a whole percent for anything within +-0.5, so a check flags only
what no rounding can explain.
"""
from __future__ import annotations

import bisect
import functools
import math
import re
from collections import defaultdict
from dataclasses import dataclass
from statistics import median

from .extraction.metrics import core_topic_word
from .model import Document, Observation
from .values import dutch as _fmt
from .language.periods import add_months, find_periods, month_name, month_span, months_between
from .rules import load

FINDING_COLUMNS = (
    "doc_id", "source", "check", "severity", "message", "metric", "nationality", "category", "period_start",
    "period_end", "value", "expected", "other_doc_id", "other_source", "other_value", "char_start", "char_end",
)
SEVERITIES = ("error", "warning", "info")
_NUMERIC_FIELDS = ("value", "expected", "other_value", "char_start", "char_end")


@dataclass(frozen=True)
class Finding:
    doc_id: str
    check: str
    severity: str          # error | warning | info
    message: str
    metric: str = ""
    nationality: str = ""
    category: str = ""
    period_start: str = ""
    period_end: str = ""
    value: float | None = None
    expected: float | None = None
    other_doc_id: str = ""
    other_value: float | None = None
    char_start: int = -1
    char_end: int = -1
    source: str = ""        # the document's file as written in the observation table (raw/x.txt)
    other_source: str = ""  # the other document's file, or the known value's source

    def as_row(self) -> dict:
        return {c: getattr(self, c) for c in FINDING_COLUMNS}

    @classmethod
    def from_row(cls, row: dict) -> "Finding":
        """A row of findings.csv (text) as the Finding that wrote it."""
        def num(v):
            return None if v in ("", None) else float(v)
        return cls(**{c: row.get(c, "") for c in FINDING_COLUMNS if c not in _NUMERIC_FIELDS},
                   **{c: num(row.get(c)) for c in ("value", "expected", "other_value")},
                   char_start=int(row.get("char_start") or -1), char_end=int(row.get("char_end") or -1))

    def order(self) -> tuple:
        """The order of findings.csv: by document, severity, position, check and message."""
        return (self.doc_id, SEVERITIES.index(self.severity) if self.severity in SEVERITIES else 9,
                self.char_start, self.check, self.message)

    @property
    def about_figure(self) -> bool:
        """False for a finding about the document as a whole (repaired text, encoding, cut off)."""
        return bool(self.metric or self.period_start or self.period_end or self.value is not None)

    def key_text(self) -> str:
        """The figure's key in full: 'asylum_first_applications SY (category -) 2023-01..2023-01' ('-': none;
        a table cell without a core metric: '(no metric)', its table and labels are in the message)."""
        from .keys import describe_key
        return describe_key(self, months=True)

    def line(self) -> str:
        """One console line: severity, check, the document, the key (for a figure), the message."""
        where = self.source or self.doc_id
        if self.about_figure:
            where = f"{where}: {self.key_text()}"
        return f"{self.severity}: {self.check}: {where}: {self.message}"


def _finding(check: str, severity: str, message: str, o: Observation | None = None, **kw) -> Finding:
    base = {}
    if o is not None:
        base = dict(doc_id=o.doc_id, source=o.source, metric=o.metric, nationality=o.nationality,
                    category=o.category, period_start=o.period_start, period_end=o.period_end, value=o.value,
                    char_start=o.char_start, char_end=o.char_end)
    base.update(kw)
    return Finding(check=check, severity=severity, message=message, **base)


@functools.lru_cache(maxsize=1)
def _cfg():
    c = load("checks")
    c["_total"] = re.compile(c["total_label"])
    c["_subset"] = re.compile(c["subset_label"])
    c["_rounded_words"] = re.compile(c["rounding"]["rounded_words"])
    c["_ack"] = re.compile(c["history"]["acknowledged"])
    c["_rates"] = [{k: re.compile(v) for k, v in r.items()} for r in c["table_rates"]]
    return c


# ---- numbers as written: what rounding allows -------------------------------------------------

@functools.lru_cache(maxsize=64)
def _says_rounded(text: str) -> bool:
    """Does the text say its figures are rounded ("afgerond op tientallen")? Once per document text."""
    return bool(text) and bool(_cfg()["_rounded_words"].search(text))


class _Rounding:
    """The half-width of the interval a written figure stands for. Counts are taken as rounded to
    tens when the text says so or when most of them end in 0 (in the table, else in the document:
    `fallback`); a word number ("een derde") is an approximation."""

    def __init__(self, counts: list[float], doc_text: str = "", fallback: "_Rounding | None" = None):
        big = [abs(v) for v in counts if abs(v) >= 100]
        tens = sum(1 for v in big if v % 10 == 0)
        evidence = len(big) >= 3
        self.tens = _says_rounded(doc_text) or (
            evidence and tens >= _cfg()["rounding"]["tens_share"] * len(big))
        if fallback is not None and not self.tens and (not evidence or tens >= 0.5 * len(big)):
            self.tens = fallback.tens
        self.doc_text = doc_text or (fallback.doc_text if fallback else "")

    def half(self, o: Observation) -> float:
        v = abs(o.value)
        written = self.doc_text[o.char_start:o.char_end] if self.doc_text and o.char_start >= 0 else ""
        if o.unit == "percent":
            if re.search(r"[a-z]", written):
                return 2.5          # "een derde", "de helft": a word fraction is an approximation
            return 0.5 if float(o.value).is_integer() else 0.05
        if not float(o.value).is_integer():
            return 0.005
        rounding = _cfg()["rounding"]
        if o.qualifier in rounding["approximate"] and v >= 100:
            return 50.0 if v % 100 == 0 else 5.0
        if o.qualifier in rounding["upper_bound"]:
            return max(v / 2, 0.5)
        return 5.0 if self.tens and v >= 10 and v % 10 == 0 else 0.0


# ---- checks inside one document --------------------------------------------------------------

def check_document(doc: Document, result) -> list[Finding]:
    obs = result.observations
    rounding = _Rounding([o.value for o in obs if o.unit == "count"], doc.text)
    out: list[Finding] = []
    out += _table_checks(result.grid, rounding)
    out += _prose_sums(obs, rounding)
    out += _repeats(obs, rounding)
    out += _period_checks(doc, obs)
    out += _acknowledged(doc, obs)
    out += _quality(doc, obs)
    out += edition_far_from_text(doc)
    out += coverage_findings(doc, result)
    return out


# warnings about a whole document, which `run` prints before its per-document lines (all: findings.csv)
# and the run stamp keeps for an unchanged run to print again
DOCUMENT_WARNINGS = ("edition_far_from_text", "low_coverage", "language")


def coverage_findings(doc: Document, result) -> list[Finding]:
    """A text that is not Dutch (`language`, not read), or one whose numbers were mostly not understood
    (`low_coverage`, rules/checks.yaml `coverage`): one warning about the document, naming the share
    and the most common reason."""
    from . import coverage
    cov = coverage.of(result)
    if cov.language != "nl":
        return [Finding(doc.doc_id, "language", "warning",
                        f"language {cov.language}: this text is not read; {cov.passed_over} numbers not extracted",
                        source=doc.source)]
    cfg = _cfg()["coverage"]
    if cov.numbers < cfg["min_numbers"] or cov.share < cfg["min_share"]:
        return []
    return [Finding(doc.doc_id, "low_coverage", "warning",
                    f"{cov.not_understood} of its {cov.numbers} numbers ({cov.share:.0%}) were not understood "
                    f"(read without a metric, or passed over for no known reason); most common: "
                    f"{cov.most_common} ({cov.most_common_count}). Its table has {cov.core_rows} rows with a "
                    f"core metric and may be far from complete", source=doc.source)]


# -- tables

def _table_checks(grid, doc_rounding: _Rounding) -> list[Finding]:
    by_table: dict[int, list] = defaultdict(list)
    for c in grid:
        by_table[c.table_start].append(c)
    out = []
    for cells in by_table.values():
        rnd = _Rounding([c.obs.value for c in cells if c.obs.unit == "count"], fallback=doc_rounding)
        out += _breakdowns(cells, rnd, "row")
        out += _breakdowns(cells, rnd, "column")
        out += _changes(cells, rnd)
        out += _rates(cells, rnd)
        out += _percent_rows(cells, rnd)
    return out


def _is_total(label: str) -> bool:
    return bool(_cfg()["_total"].match(label))


def _sum_tree(items: list[tuple[tuple[str, ...], object]]) -> list | None:
    """The cells that make up a total, from candidates given as (label path below the total's
    level, cell): a group that has its own total counts with that total; "waarvan" subsets are left
    out when the group has other members; another total at the same level is not a part."""
    groups: dict[str, list] = {}
    for rest, cell in items:
        if rest:
            groups.setdefault(rest[0], []).append((rest[1:], cell))
    keys = [k for k in groups if not _is_total(k)]
    plain = [k for k in keys if not _cfg()["_subset"].match(k)]
    if plain:
        keys = plain
    parts = []
    for k in keys:
        members = groups[k]
        leaves = [c for r, c in members if not r]
        totals = [c for r, c in members if len(r) == 1 and _is_total(r[0])]
        if len(leaves) == 1:
            parts.append(leaves[0])
        elif leaves:
            return None        # the same label twice: not a tree
        elif totals:
            parts.append(totals[0])
        else:
            sub = _sum_tree(members)
            if sub is None:
                return None
            parts.extend(sub)
    return parts


def _breakdowns(cells, rnd: _Rounding, orientation: str) -> list[Finding]:
    """Parts against their 'Totaal': across a row (a Totaal column) or down a column (a Totaal row).
    Checked only where the table shows the relation: it must hold in most places it can be tested."""
    # counts only: an average ("Gemiddeld" 1,09) does not add up
    counts = [c for c in cells if c.obs.unit == "count" and not c.change and float(c.obs.value).is_integer()]
    if orientation == "row":
        line_of = lambda c: (c.row, c.obs.period_start, c.obs.period_end)          # noqa: E731
        path_of = lambda c: c.col_parts                                             # noqa: E731
    else:
        line_of = lambda c: (c.col, c.obs.period_start, c.obs.period_end)          # noqa: E731
        path_of = lambda c: c.row_parts                                             # noqa: E731
    lines: dict[tuple, list] = defaultdict(list)
    for c in counts:
        lines[line_of(c)].append(c)
    tests: dict[tuple, list] = defaultdict(list)   # relation (which total) -> [(total cell, parts, sum, tol)]
    for line in lines.values():
        for t in line:
            path = path_of(t)
            if not path or not _is_total(path[-1]):
                continue
            prefix = path[:-1]
            cands = [(path_of(c)[len(prefix):], c) for c in line
                     if c is not t and path_of(c)[:len(prefix)] == prefix and len(path_of(c)) > len(prefix)]
            parts = _sum_tree(cands)
            if not parts or len(parts) < 2:
                continue
            total = sum(p.obs.value for p in parts)
            tol = sum(rnd.half(p.obs) for p in parts) + rnd.half(t.obs)
            # the relation: which total, and (down a column) which kind of column, years left out
            key = (path, t.col) if orientation == "row" else \
                (path, tuple(p for p in t.col_parts if not re.fullmatch(r"(19|20)\d\d", p)))
            tests[key].append((t, parts, total, tol))
    out = []
    share = _cfg()["breakdown_min_share"]
    for relation in tests.values():
        ok = [abs(s - t.obs.value) <= tol + 1e-9 for t, _, s, tol in relation]
        if sum(ok) < share * len(ok) or (len(ok) == 1 and not ok[0]):
            continue  # the table does not show these as a breakdown (subsets, averages)
        for (t, parts, s, tol), good in zip(relation, ok):
            if good:
                continue
            names = ", ".join(" / ".join(p.row_parts if orientation == "column" else p.col_parts) or "?" for p in parts)
            out.append(_finding(
                "table_total", "error",
                f"{t.obs.table}: {t.obs.label} is {_fmt(t.obs.value)} but its parts ({names}) add up to "
                f"{_fmt(s)}: a difference of {_fmt(abs(s - t.obs.value))}, more than rounding allows (±{_fmt(tol)})",
                t.obs, expected=s))
    return out


_YEARS = re.compile(r"(?P<a>(?:19|20)\d\d)\D+(?:t\.?o\.?v\.?|ten opzichte van|vs\.?|versus)\s*(?P<b>(?:19|20)\d\d)")


def _changes(cells, rnd: _Rounding) -> list[Finding]:
    """Every "% verschil Y2 t.o.v. Y1" cell recomputed from the two year rows (or columns)."""
    out = []
    base = [c for c in cells if not c.change and c.obs.unit == "count"]
    for ch in (c for c in cells if c.change and c.obs.unit == "percent"):
        label = " ".join(ch.row_parts) + " " + " ".join(ch.col_parts)
        m = _YEARS.search(label)
        if ch.row_parts and _YEARS.search(" ".join(ch.row_parts)) or not _YEARS.search(" ".join(ch.col_parts)):
            same = [c for c in base if c.col == ch.col]          # a change row: the column's years
            mode = "row"
        else:
            same = [c for c in base if c.row == ch.row]          # a change column: the row's years
            mode = "column"
        by_year: dict[int, list] = defaultdict(list)
        for c in same:
            by_year[int(c.obs.period_start[:4])].append(c)   # an academic year 2023-2024 is "2023"
        if not by_year:
            continue
        y2, y1 = (int(m.group("a")), int(m.group("b"))) if m else (None, None)
        note = ""
        if y2 not in by_year or y1 not in by_year:
            years = sorted(by_year)
            if len(years) < 2:
                continue
            if m:
                note = (f" The row says {y2} t.o.v. {y1}, but the table's years are {years[-2]} and {years[-1]}:"
                        f" compared those.")
                out.append(_finding(
                    "change_years", "warning",
                    f"{ch.obs.table}: '{ch.obs.label}' compares {y2} with {y1}, but the table has no such years "
                    f"(it has {', '.join(map(str, years))}); likely meant {years[-1]} t.o.v. {years[-2]}",
                    ch.obs))
            y2, y1 = years[-1], years[-2]
        a, b = _pick(by_year[y1], ch, mode), _pick(by_year[y2], ch, mode)
        if a is None or b is None or a.obs.value == 0:
            continue
        lo, hi, _ = _share_range(b.obs.value, rnd.half(b.obs), a.obs.value, rnd.half(a.obs))
        lo, hi = lo - 100, hi - 100          # (b - a) / a = b / a - 1
        stated = ch.obs.value
        expect = (b.obs.value - a.obs.value) / a.obs.value * 100
        if not (lo - 0.5 - 1e-9 <= stated <= hi + 0.5 + 1e-9):
            # off by at most one point more than rounding allows: another rounding convention
            # (truncation) could explain it -> warning; further off -> error
            near = lo - 1.5 <= stated <= hi + 1.5
            out.append(_finding(
                "table_change", "warning" if near else "error",
                f"{ch.obs.table}: '{ch.obs.label}' says {_fmt(stated)}%, but {_fmt(a.obs.value)} ({y1}) -> "
                f"{_fmt(b.obs.value)} ({y2}) is {expect:+.1f}% (rounding allows {lo:+.1f}% .. {hi:+.1f}%).{note}",
                ch.obs, expected=round(expect, 1)))
    return out


def _pick(cands, ch, mode):
    """The base cell of a change: the one with the fewest labels beyond the period, a total if tied."""
    if mode == "row":
        own = [c for c in cands if not c.row_parts or len(c.row_parts) <= 1]
    else:
        own = [c for c in cands if c.col_parts[:-1] == ch.col_parts[:-1]]
    pool = own or cands
    if len(pool) == 1:
        return pool[0]
    totals = [c for c in pool if any(_is_total(p) for p in c.row_parts)]
    return totals[0] if len(totals) == 1 else None


def _share_range(num: float, h_num: float, den: float, h_den: float) -> tuple[float, float, float]:
    """num / den * 100 as written, and its extremes when both are rounded (half-widths h_num, h_den)."""
    lo = (num - h_num) / (den + h_den) * 100
    hi = (num + h_num) / max(den - h_den, 1e-9) * 100
    return lo, hi, num / den * 100


def _rates(cells, rnd: _Rounding) -> list[Finding]:
    """A rate in a table against its own columns: "Inwilligingspercentage" = Inwilliging / Totaal
    beslissingen, "Bezettingspercentage" = Bezetting / Capaciteit."""
    out = []
    rows: dict[int, list] = defaultdict(list)
    for c in cells:
        if not c.change:
            rows[c.row].append(c)
    for row in rows.values():
        for rule in _cfg()["_rates"]:
            def find(rx, unit):
                hits = [c for c in row if c.col_parts and rx.search(c.col_parts[-1]) and c.obs.unit == unit]
                return hits[0] if len(hits) == 1 else None
            rate, num, den = find(rule["rate"], "percent"), find(rule["numerator"], "count"), find(rule["denominator"], "count")
            if not (rate and num and den) or den.obs.value == 0:
                continue
            out += _share_finding("table_rate", rate.obs, num.obs.value, rnd.half(num.obs), den.obs.value,
                                  rnd.half(den.obs), f"{_fmt(num.obs.value)} / {_fmt(den.obs.value)}")
    return out


def _share_finding(check: str, share: Observation, num: float, h_num: float, den: float, h_den: float,
                   what: str, h_share: float = 0.5) -> list[Finding]:
    """A stated share against num / den, all possibly rounded: an error when no rounding explains it."""
    lo, hi, exp = _share_range(num, h_num, den, h_den)
    if lo - h_share <= share.value <= hi + h_share:
        return []
    where = f"{share.table}: " if share.table else ""
    return [_finding(check, "error", f"{where}{share.label} is {_fmt(share.value)}%, but {what} is {exp:.1f}%",
                     share, expected=round(exp, 1))]


def _percent_rows(cells, rnd: _Rounding) -> list[Finding]:
    """A percent row under its count row (same labels): each percent is its count's share of the row."""
    out = []
    counts = defaultdict(list)
    for c in cells:
        if not c.change and c.obs.unit == "count":
            counts[(c.obs.label, c.obs.period_start, c.obs.period_end)].append(c)
    for p in cells:
        if p.change or p.obs.unit != "percent":
            continue
        twins = counts.get((p.obs.label, p.obs.period_start, p.obs.period_end), [])
        if len(twins) != 1:
            continue
        cnt = twins[0]
        row = [c for c in cells if c.row == cnt.row and c.obs.unit == "count" and not c.change]
        totals = [c for c in row if c.col_parts and _is_total(c.col_parts[-1])]
        if len(totals) == 1:
            base, parts = totals[0].obs.value, [totals[0]]
        else:
            base, parts = sum(c.obs.value for c in row), row
        if base <= 0:
            continue
        out += _share_finding("table_share", p.obs, cnt.obs.value, rnd.half(cnt.obs), base,
                              sum(rnd.half(c.obs) for c in parts), f"{_fmt(cnt.obs.value)} of {_fmt(base)}")
    return out


# -- prose

def _key(o: Observation) -> tuple:
    return (o.metric, o.nationality, o.category, o.period_start, o.period_end, o.unit)


def _distinct(obs: list[Observation]) -> list[Observation]:
    seen, out = set(), []
    for o in obs:
        if o.value not in seen:
            seen.add(o.value)
            out.append(o)
    return out


def _prose_sums(obs: list[Observation], rnd: _Rounding) -> list[Finding]:
    cfg = _cfg()
    out = []
    groups: dict[tuple, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for o in obs:
        if o.metric and not o.table:
            groups[(o.nationality, o.period_start, o.period_end)][(o.metric, o.category)].append(o)
    for (nat, ps, pe), by in groups.items():
        def one(metric, category=""):
            vals = _distinct(by.get((metric, category), []))
            return vals[0] if len(vals) == 1 else None
        for rule in cfg["totals"]:
            t = one(rule["total"], rule.get("total_category", ""))
            parts = [one(m) for m in rule["parts"]]
            if t is None or any(p is None for p in parts):
                continue
            s = sum(p.value for p in parts)
            tol = rnd.half(t) + sum(rnd.half(p) for p in parts)
            if abs(s - t.value) > tol + 1e-9:
                out.append(_finding(
                    "parts_total", "error",
                    f"{t.metric} is {_fmt(t.value)} but {' + '.join(p.metric for p in parts)} = {_fmt(s)} "
                    f"(difference {_fmt(abs(s - t.value))}, rounding allows ±{_fmt(tol)})", t, expected=s))
        for a_m, b_m in cfg["complements"]:
            for cat in {c for (_, c) in by}:
                a, b = one(a_m, cat), one(b_m, cat)
                if a is None or b is None:
                    continue
                tol = rnd.half(a) + rnd.half(b)
                if abs(a.value + b.value - 100) > tol + 1e-9:
                    out.append(_finding(
                        "complementary_shares", "error",
                        f"{a.metric} {_fmt(a.value)}% and {b.metric} {_fmt(b.value)}% should make 100%, they make "
                        f"{_fmt(a.value + b.value)}%", a, expected=100 - b.value, other_value=b.value))
        for rule in cfg["ratios"]:
            share = one(rule["share"])
            den = one(rule["denominator"])
            nums = [one(m) for m in rule.get("numerator_sum", [rule.get("numerator")])]
            if share is None or den is None or any(n is None for n in nums) or den.value <= 0:
                continue
            n = sum(x.value for x in nums)
            out += _share_finding("share_of_counts", share, n, sum(rnd.half(x) for x in nums), den.value,
                                  rnd.half(den), f"{_fmt(n)} of {_fmt(den.value)} "
                                  f"({' + '.join(x.metric for x in nums)} of {den.metric})", rnd.half(share))
    # a share list by nationality adds up to at most 100%
    lists: dict[tuple, list[Observation]] = defaultdict(list)
    for o in obs:
        if o.metric in cfg["share_lists"] and o.nationality and o.unit == "percent":
            lists[(o.metric, o.category, o.period_start, o.period_end)].append(o)
    for (metric, cat, ps, pe), items in lists.items():
        per_nat = {}
        for o in items:
            per_nat.setdefault(o.nationality, o)
        total = sum(o.value for o in per_nat.values())
        tol = sum(rnd.half(o) for o in per_nat.values())
        if total > 100 + tol + 1e-9:
            first = min(per_nat.values(), key=lambda o: o.char_start)
            out.append(_finding(
                "share_list_over_100", "error",
                f"the {metric} shares for {ps[:7]}..{pe[:7]} add up to {_fmt(total)}% over {len(per_nat)} "
                f"nationalities ({', '.join(f'{k} {_fmt(v.value)}' for k, v in per_nat.items())})", first,
                expected=100.0, value=total))
    return out


def _repeats(obs: list[Observation], rnd: _Rounding) -> list[Finding]:
    """The same figure (metric, nationality, category, period) stated with two values in one document."""
    out = []
    by: dict[tuple, list[Observation]] = defaultdict(list)
    for o in obs:
        if o.metric:
            by[_key(o)].append(o)
    for items in by.values():
        vals = _distinct(items)
        if len(vals) < 2:
            continue
        a = vals[0]
        for b in vals[1:]:
            if abs(a.value - b.value) <= rnd.half(a) + rnd.half(b) + 1e-9:
                continue
            out.append(_finding(
                "inconsistent_in_document", "warning",
                f"{b.metric} for {b.period_start[:7]}..{b.period_end[:7]} is {_fmt(b.value)} here "
                f"({(b.table or 'text')}, '{b.label}') but {_fmt(a.value)} elsewhere in the document "
                f"({(a.table or 'text')}, '{a.label}')", b, other_value=a.value))
    return out


# -- periods

def _month_end(y: int, m: int) -> str:
    return month_span(y, m)[1]


def _add_months(d: str, n: int) -> str:
    return _month_end(*add_months(int(d[:4]), int(d[5:7]), n))


def _period_checks(doc: Document, obs: list[Observation]) -> list[Finding]:
    cfg = _cfg()["periods"]
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
            out.append(_finding(
                "period_order", "error",
                f"the period starts after it ends ({o.period_start} .. {o.period_end}); likely meant {likely}",
                o))
            continue
        if o.period_kind == "rolling_12m" and o.period_start and o.period_end:
            months = months_between(int(o.period_start[:4]), int(o.period_start[5:7]),
                                    int(o.period_end[:4]), int(o.period_end[5:7]))
            if months != 12:
                out.append(_finding("rolling_not_12_months", "error",
                                    f"'de afgelopen twaalf maanden' covers {months} months here "
                                    f"({o.period_start} .. {o.period_end})", o))
            elif o.period_end < f"{doc.edition}-01":
                out.append(_finding("rolling_ends_before_edition", "info",
                                    f"the twelve months end {o.period_end[:7]}, before the edition's month {doc.edition}: "
                                    f"figures taken from an earlier edition of the source", o))
        if o.period_start and o.period_start > edition_end:
            late = o.period_start > _add_months(edition_end, grace)
            out.append(_finding(
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
                    out.append(_finding(
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
    limit = _cfg()["periods"]["edition_far_months"]
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


# -- footnotes, source quality

def _acknowledged(doc: Document, obs: list[Observation]) -> list[Finding]:
    """A figure with a footnote "Correctie t.o.v. vorige editie": an acknowledged revision."""
    notes = _footnotes(doc)
    if not notes:
        return []
    refs = {}
    for off, mark in doc.markers:
        if mark in notes and not (off == 0 or doc.text[off - 1] == "\n"):
            refs[off] = mark
    out = []
    for o in obs:
        for k in range(o.char_end, min(o.char_end + 3, len(doc.text) + 1)):
            if k in refs:
                out.append(_finding("acknowledged_revision", "info",
                                    f"footnote {refs[k]} marks {_fmt(o.value)} ('{o.label}') as revised: "
                                    f"'{notes[refs[k]]}'", o))
                break
            if k < len(doc.text) and not doc.text[k].isspace():
                break
    return out


def _footnotes(doc: Document) -> dict[str, str]:
    """Footnote number -> its text, for footnotes that acknowledge a revision."""
    ack = _cfg()["_ack"]
    out = {}
    for off, mark in doc.markers:
        if off == 0 or doc.text[off - 1] == "\n":
            end = doc.text.find("\n", off)
            line = doc.text[off:end if end >= 0 else len(doc.text)].strip()
            if ack.search(line):
                out[mark] = line
    return out


def _quality(doc: Document, obs: list[Observation]) -> list[Finding]:
    out = [Finding(doc.doc_id, "source_repaired", "info", f"the reader repaired the source text: {r}",
                   source=doc.source) for r in doc.repairs]
    out += [Finding(doc.doc_id, check, "info", f"{doc.source}: {note}", source=doc.source) for check, note in doc.read_notes]
    for o in obs:
        if not o.period_start and not o.period_end:
            out.append(_finding("no_period", "info", f"{_fmt(o.value)} ('{o.label}') has no period in the text", o))
        elif not o.period_start:
            out.append(_finding("no_period", "info",
                                f"{_fmt(o.value)} ('{o.label}') has an end ({o.period_end}) but no start in the text", o))
    seen: dict[str, str] = {}
    for o in obs:
        if o.metric or o.table or o.rule_id == "number.change":
            continue
        if o.quote not in seen:
            seen[o.quote] = core_topic_word(o.quote)
        if seen[o.quote]:
            out.append(_finding("no_metric", "info",
                                f"{_fmt(o.value)} ('{o.label}') stands in a sentence about '{seen[o.quote]}' but no "
                                f"metric rule claimed it (not a core figure, or a rule to write)", o))
    tail = doc.text.rstrip()[-_cfg()["quality"]["cut_off_tail"]:]
    fragment = re.split(r"[.!?:;]\s*", tail)[-1]     # the words after the last sentence end
    closed = re.search(r"[.!?:;)\]»”\"'%]\s*$|\d\s*$", tail)
    if tail and not closed and len(fragment.split()) >= _cfg()["quality"]["cut_off_words"] \
            and doc.blocks and doc.blocks[-1].kind not in ("table_row", "heading"):
        out.append(Finding(doc.doc_id, "text_cut_off", "info",
                           f"the text ends without closing punctuation ('…{tail[-60:]}'): it may be cut off",
                           char_start=len(doc.text.rstrip()) - min(60, len(tail)), char_end=len(doc.text.rstrip()),
                           source=doc.source))
    return out


# ---- against other editions and known values ------------------------------------------------

@dataclass(frozen=True)
class Known:
    """A figure reported elsewhere: another document's observation, or a curated known value."""
    doc_id: str          # the other document, or KNOWN_VALUE_PREFIX + its source
    edition: str
    metric: str
    nationality: str
    category: str
    period_start: str
    period_end: str
    period_kind: str
    value: float
    unit: str
    qualifier: str = ""
    source: str = ""
    table_key: str = ""  # a table cell without a core metric: its table and labels (see table_key)


KNOWN_VALUE_PREFIX = "known_values:"   # Known.doc_id of a curated value (rules/known_values.csv)


def history_key(k) -> tuple:
    """What two figures are compared on: metric (a table cell without one: its table_key), nationality,
    category, period and unit."""
    return (k.metric or k.table_key, k.nationality, k.category, k.period_start, k.period_end, k.unit)


OUTLIER_MONTHS = 12      # _outlier: a monthly count is judged against the months a year around it
HISTORY_CHECKS = frozenset({"conflict", "revision", "mismatch", "known_value", "ytd_shrank", "outlier"})


def history_key_of(o: Observation) -> tuple | None:
    """An observation's history key (_history_key of its Known); None when it has none (a table cell
    without a core metric that no other edition can be recognised to repeat)."""
    tkey = "" if o.metric else table_key(o.table_caption, o.label, o.rule_id)
    if not o.metric and not tkey:
        return None
    return (o.metric or tkey,) + _key(o)[1:]


def figure_lookups(key: tuple, x) -> set[tuple]:
    """What check_history looks up in the History for a figure (an Observation or a Known) with this
    history key: its key in its edition, its series' month, its year-to-date series."""
    out = {("key", key, x.edition)}
    if x.metric:
        series = (x.metric, x.nationality, x.category, x.unit)
        m = _month_number(x.period_start[:7]) if x.period_kind == "month" else None
        if m is not None:
            out.add(("month", series, m))
        elif x.period_kind in ("ytd", "year") and x.period_start.endswith("-01-01"):
            out.add(("ytd", series, x.period_start))
    return out


def _first(k: Known) -> tuple:
    """The order a choice between figures of the history follows (History)."""
    return k.source, k.doc_id, k.value, k.edition


def _month_number(ym: str) -> int | None:
    """'2023-02' (or '2023-02-01') -> months since year 0; None for anything else."""
    if not re.fullmatch(r"\d{4}-\d\d(?:-\d\d)?", ym or ""):
        return None
    return int(ym[:4]) * 12 + int(ym[5:7]) - 1


def _month_text(n: int) -> str:
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
            m = _month_number(k.period_start[:7]) if k.period_kind == "month" else None
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
    cfg = _cfg()["history"]
    rnd = _Rounding([o.value for o in obs if o.unit == "count"], doc_text)
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
        return _finding("conflict", "error", f"{where}, of the same edition {k.edition}, gives {_fmt(k.value)} for "
                        f"{what} {_period_text(o)}; here {_fmt(o.value)}", o, **other)
    if _implausible(o.value, k.value, max_change):
        return _finding("mismatch", "warning",
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
    return _finding("revision", "info" if ack else "warning",
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
        return [_finding("known_value", "info",
                         f"confirmed: {k.source or k.doc_id} ({k.edition}) also gives {_fmt(k.value)} for {what} "
                         f"{_period_text(o)} (here {_fmt(o.value)}; equal within rounding)",
                         o, other_doc_id=k.doc_id, other_source=k.source, other_value=k.value)]
    here = _month_number(o.edition)

    def distance(k):
        there = _month_number(k.edition)
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
    return [_finding("ytd_shrank", "error",
                     f"{o.metric} for {o.period_start[:4]} up to {o.period_end[:7]} is {_fmt(o.value)}, "
                     f"less than the {_fmt(k.value)} reported up to {k.period_end[:7]} "
                     f"({k.source or k.doc_id}): a year-to-date figure cannot shrink",
                     o, other_doc_id=k.doc_id, other_source=k.source, other_value=k.value)]


def _outlier(o: Observation, history: History, series: tuple, own: set[tuple[str, float]], cfg) -> list[Finding]:
    """A monthly count far from the median of its series' other months within a year (here or elsewhere)."""
    if not (o.unit == "count" and o.period_kind == "month" and o.value > 0):
        return []
    month = _month_number(o.period_start)
    if month is None:
        return []
    near = {_month_text(month + d) for d in range(-OUTLIER_MONTHS, OUTLIER_MONTHS + 1) if d}
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
    return [_finding("outlier", "warning",
                     f"{o.metric} {o.period_start[:7]} is {_fmt(o.value)}, {o.value / med:.1f}× the median "
                     f"of {len(values)} other months ({_fmt(med)}): check for a misread number", o, expected=med)]


def _implausible(a: float, b: float, max_change: float) -> bool:
    """Too far apart to be one figure revised (e.g. 380 against 35.535)."""
    lo, hi = sorted((abs(a), abs(b)))
    return hi > 0 and (hi - lo) / hi > max_change


def written_half(value: float, unit: str) -> float:
    """The half-width of the interval a figure as written stands for when nothing else is known of its
    document: a whole percent +-0.5, a count that is a multiple of ten (100 or more) +-5, decimals their
    last place. Figures of two editions are one figure when their intervals meet."""
    v = abs(value)
    if unit == "percent":
        return 0.5 if float(value).is_integer() else 0.05
    if not float(value).is_integer():
        return 0.005
    return 5.0 if v >= 100 and v % 10 == 0 else 0.0


@functools.lru_cache(maxsize=4096)
def table_key(caption: str, label: str, rule_id: str) -> str:
    """A table cell without a core metric, recognisable in another edition of the report: its caption
    without the figure number, years and source, and its label without years ("Figuur 8: Instroom en
    afhandeling van aanvragen EU-documenten ..., 2022-2023 (Bron: IND)" + "2022 | Afgehandeld")."""
    if not caption or rule_id == "tables.change":
        return ""
    cap = re.sub(r"^\s*(?:figuur|tabel|grafiek|overzicht)\s+[\d.]+\s*:?", "", caption, flags=re.I)
    cap = re.split(r"(?i)\(\s*bron", cap)[0]
    cap = re.sub(r"(?:19|20)\d\d(?:\s*[-–/]\s*(?:19|20)?\d\d)?", "", cap)
    cap = " ".join(re.sub(r"[^\w%]+", " ", cap.lower()).split())
    lab = [p for p in label.split(" | ") if not re.fullmatch(r"(?:19|20)\d\d(?:\s*-\s*(?:19|20)\d\d)?", p.strip())]
    return f"{cap} || {' | '.join(lab).lower()}"


def known_from_observations(obs) -> list[Known]:
    out = []
    for o in obs:
        key = "" if o.metric else table_key(o.table_caption, o.label, o.rule_id)
        if o.metric or key:
            out.append(Known(o.doc_id, o.edition, o.metric, o.nationality, o.category, o.period_start, o.period_end,
                             o.period_kind, float(o.value), o.unit, o.qualifier, o.source, key))
    return out


_TABLE_FIELDS = ("doc_id", "edition", "metric", "nationality", "category", "period_start", "period_end",
                 "period_kind", "value", "unit", "qualifier", "source", "table_caption", "label", "rule_id")


def known_from_table(frame) -> list[Known]:
    """known_from_observations for the rows of an observation table (a DataFrame, or any mapping of
    column name to a sequence with .tolist()), read column by column."""
    out = []
    for (doc_id, edition, metric, nat, cat, start, end, kind, value, unit, qualifier, source, caption, label,
         rule_id) in zip(*(frame[c].tolist() for c in _TABLE_FIELDS)):
        key = "" if metric else table_key(caption, label, rule_id)
        if metric or key:
            out.append(Known(doc_id, edition, metric, nat, cat, start, end, kind, float(value), unit, qualifier,
                             source, key))
    return out


def acknowledged_spans(findings: list[Finding]) -> set[int]:
    return {f.char_start for f in findings if f.check == "acknowledged_revision"}


def summary_line(findings: list[Finding]) -> str:
    return summary_of([f.severity for f in findings])


def summary_of(severities: list[str]) -> str:
    """'12 findings: 1 error, 3 warning, 8 info' of the findings' severities."""
    return (f"{len(severities)} findings: {severities.count('error')} error, {severities.count('warning')} warning, "
            f"{severities.count('info')} info")
