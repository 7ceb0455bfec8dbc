"""How far a run's changes reach into the outputs made from all documents together.

Findings compare each figure with other editions, and the series holds one row per key across all
editions: both depend on every document. When the last run's findings and series are there as it
stamped them (outputs.stamp), a run that adds or re-extracts a few documents need not work them out
again for the whole archive: the changed documents are checked in full, and of the others only the
figures whose history lookups the changed figures alter (validate.History.altered_by: the same key in
the same or a neighbouring edition, a month within a year that gains or loses a value, a year-to-date
series that gains or loses one); the series rows of the keys those figures report are made again.
Anything else — a document removed, a failed one that had a table, a cache that cannot be read,
outputs not as stamped, other review decisions — and the run works out everything, as a first run does.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .manifest import read_cache
from .stamp import as_stamped, decisions_digest, read_stamp


@dataclass(frozen=True)
class Reach:
    changed: frozenset          # paths of the run's documents extracted (again): checked in full
    before: tuple               # the figures (Observation) the re-extracted ones gave before
    series: bool                # the series may be updated by key (else made again in full)


def run_reach(results: list, out_dir: str | Path, plan, decisions: Path | None = None) -> Reach | None:
    """Whether this run may work out findings and series for what it changed only (see the module);
    None: everything."""
    out_dir = Path(out_dir)
    if plan is None or plan.removed:
        return None
    stamp = read_stamp(out_dir)
    if stamp is None:
        return None
    if not as_stamped(out_dir, "findings.csv", stamp):
        return None
    planned = {d.path: d for d in plan.documents}
    before = []
    for r in results:
        if r.reused:
            continue
        d = planned.get(r.path)
        if d is None:
            return None
        if d.table in plan.manifest:           # extracted again: what it said before counts too
            old = read_cache(out_dir, d.table, d.path)
            if old is None or not r.ok:
                return None
            before += old.observations
    series = stamp.get("decisions") == decisions_digest(decisions) and \
        all(as_stamped(out_dir, n, stamp) for n in ("series.csv", "series.parquet"))
    return Reach(frozenset(r.path for r in results if not r.reused), tuple(before), series)


def series_key(o) -> tuple:
    """An observation's series row: its key fields and unit (publish.series)."""
    return (o.metric, o.nationality, o.category, o.period_start, o.period_end, o.unit)
