"""The checks of one document's figures in running text (check_document): parts against their total,
complementary shares, shares against their counts, a share list by nationality over 100%, and one
figure stated with two values."""
from __future__ import annotations

from collections import defaultdict

from ..model import Observation
from ..values import dutch as _fmt
from .config import config
from .findings import Finding, finding
from .rounding import Rounding, share_finding


def _key(o: Observation) -> tuple:
    return (o.metric, o.nationality, o.category, o.period_start, o.period_end, o.unit)


def _distinct(obs: list[Observation]) -> list[Observation]:
    seen, out = set(), []
    for o in obs:
        if o.value not in seen:
            seen.add(o.value)
            out.append(o)
    return out


def prose_sums(obs: list[Observation], rnd: Rounding) -> list[Finding]:
    cfg = config()
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
                out.append(finding(
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
                    out.append(finding(
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
            out += share_finding("share_of_counts", share, n, sum(rnd.half(x) for x in nums), den.value,
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
            out.append(finding(
                "share_list_over_100", "error",
                f"the {metric} shares for {ps[:7]}..{pe[:7]} add up to {_fmt(total)}% over {len(per_nat)} "
                f"nationalities ({', '.join(f'{k} {_fmt(v.value)}' for k, v in per_nat.items())})", first,
                expected=100.0, value=total))
    return out


def repeats(obs: list[Observation], rnd: Rounding) -> list[Finding]:
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
            out.append(finding(
                "inconsistent_in_document", "warning",
                f"{b.metric} for {b.period_start[:7]}..{b.period_end[:7]} is {_fmt(b.value)} here "
                f"({(b.table or 'text')}, '{b.label}') but {_fmt(a.value)} elsewhere in the document "
                f"({(a.table or 'text')}, '{a.label}')", b, other_value=a.value))
    return out
