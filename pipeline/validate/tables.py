"""The checks inside one document's tables (check_document): parts against their 'Totaal' across a
row or down a column, every "% verschil" cell recomputed from its two years, a rate against its own
columns, a percent row against its count row; each within the rounding of its table."""
from __future__ import annotations

import re
from collections import defaultdict

from ..values import dutch as _fmt
from .config import config
from .findings import Finding, finding
from .rounding import Rounding, share_finding, share_range


def table_checks(grid, doc_rounding: Rounding) -> list[Finding]:
    by_table: dict[int, list] = defaultdict(list)
    for c in grid:
        by_table[c.table_start].append(c)
    out = []
    for cells in by_table.values():
        rnd = Rounding([c.obs.value for c in cells if c.obs.unit == "count"], fallback=doc_rounding)
        out += _breakdowns(cells, rnd, "row")
        out += _breakdowns(cells, rnd, "column")
        out += _changes(cells, rnd)
        out += _rates(cells, rnd)
        out += _percent_rows(cells, rnd)
    return out


def _is_total(label: str) -> bool:
    return bool(config()["_total"].match(label))


def _sum_tree(items: list[tuple[tuple[str, ...], object]]) -> list | None:
    """The cells that make up a total, from candidates given as (label path below the total's
    level, cell): a group that has its own total counts with that total; "waarvan" subsets are left
    out when the group has other members; another total at the same level is not a part."""
    groups: dict[str, list] = {}
    for rest, cell in items:
        if rest:
            groups.setdefault(rest[0], []).append((rest[1:], cell))
    keys = [k for k in groups if not _is_total(k)]
    plain = [k for k in keys if not config()["_subset"].match(k)]
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


def _breakdowns(cells, rnd: Rounding, orientation: str) -> list[Finding]:
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
    share = config()["breakdown_min_share"]
    for relation in tests.values():
        ok = [abs(s - t.obs.value) <= tol + 1e-9 for t, _, s, tol in relation]
        if sum(ok) < share * len(ok) or (len(ok) == 1 and not ok[0]):
            continue  # the table does not show these as a breakdown (subsets, averages)
        for (t, parts, s, tol), good in zip(relation, ok):
            if good:
                continue
            names = ", ".join(" / ".join(p.row_parts if orientation == "column" else p.col_parts) or "?" for p in parts)
            out.append(finding(
                "table_total", "error",
                f"{t.obs.table}: {t.obs.label} is {_fmt(t.obs.value)} but its parts ({names}) add up to "
                f"{_fmt(s)}: a difference of {_fmt(abs(s - t.obs.value))}, more than rounding allows (±{_fmt(tol)})",
                t.obs, expected=s))
    return out


_YEARS = re.compile(r"(?P<a>(?:19|20)\d\d)\D+(?:t\.?o\.?v\.?|ten opzichte van|vs\.?|versus)\s*(?P<b>(?:19|20)\d\d)")


def _changes(cells, rnd: Rounding) -> list[Finding]:
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
                out.append(finding(
                    "change_years", "warning",
                    f"{ch.obs.table}: '{ch.obs.label}' compares {y2} with {y1}, but the table has no such years "
                    f"(it has {', '.join(map(str, years))}); likely meant {years[-1]} t.o.v. {years[-2]}",
                    ch.obs))
            y2, y1 = years[-1], years[-2]
        a, b = _pick(by_year[y1], ch, mode), _pick(by_year[y2], ch, mode)
        if a is None or b is None or a.obs.value == 0:
            continue
        lo, hi, _ = share_range(b.obs.value, rnd.half(b.obs), a.obs.value, rnd.half(a.obs))
        lo, hi = lo - 100, hi - 100          # (b - a) / a = b / a - 1
        stated = ch.obs.value
        expect = (b.obs.value - a.obs.value) / a.obs.value * 100
        if not (lo - 0.5 - 1e-9 <= stated <= hi + 0.5 + 1e-9):
            # off by at most one point more than rounding allows: another rounding convention
            # (truncation) could explain it -> warning; further off -> error
            near = lo - 1.5 <= stated <= hi + 1.5
            out.append(finding(
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


def _rates(cells, rnd: Rounding) -> list[Finding]:
    """A rate in a table against its own columns: "Inwilligingspercentage" = Inwilliging / Totaal
    beslissingen, "Bezettingspercentage" = Bezetting / Capaciteit."""
    out = []
    rows: dict[int, list] = defaultdict(list)
    for c in cells:
        if not c.change:
            rows[c.row].append(c)
    for row in rows.values():
        for rule in config()["_rates"]:
            def find(rx, unit):
                hits = [c for c in row if c.col_parts and rx.search(c.col_parts[-1]) and c.obs.unit == unit]
                return hits[0] if len(hits) == 1 else None
            rate, num, den = find(rule["rate"], "percent"), find(rule["numerator"], "count"), find(rule["denominator"], "count")
            if not (rate and num and den) or den.obs.value == 0:
                continue
            out += share_finding("table_rate", rate.obs, num.obs.value, rnd.half(num.obs), den.obs.value,
                                 rnd.half(den.obs), f"{_fmt(num.obs.value)} / {_fmt(den.obs.value)}")
    return out


def _percent_rows(cells, rnd: Rounding) -> list[Finding]:
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
        out += share_finding("table_share", p.obs, cnt.obs.value, rnd.half(cnt.obs), base,
                             sum(rnd.half(c.obs) for c in parts), f"{_fmt(cnt.obs.value)} of {_fmt(base)}")
    return out
