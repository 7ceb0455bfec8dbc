"""A run's findings: its documents' own, each document against its neighbouring editions (the other
documents of the run and those already in the output folder) and the known values; findings.csv and
the series written from them. When the last run's findings are as it stamped them, only what the run's
changes reach is checked again (outputs.reach, revalidate)."""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ..ingest import display_path
from ..model import OBSERVATION_COLUMNS, Observation
from ..names import is_extraction_table
from ..paths import RULES_DIR
from ..results import DocResult
from ..rule_schemas.known_values import read_rows
from ..publish.findings import read_findings
from ..publish.series import decision_warnings, series_summary, write_series
from ..store import read_table
from ..validate import (FINDING_COLUMNS, HISTORY_CHECKS, KNOWN_VALUE_PREFIX, OUTLIER_MONTHS, Finding, History, Known,
                        acknowledged_spans, check_history, figure_lookups, history_key, history_key_of,
                        known_from_observations, known_from_table, table_key)
from .documents import loaded
from .findings_file import finding_rows, write_finding_rows
from .outputs.manifest import read_manifest
from .outputs.reach import run_reach, series_key
from .outputs.run_summary import findings_summary

KNOWN_VALUES = RULES_DIR / "known_values.csv"


def load_known_values(path: str | Path = KNOWN_VALUES) -> list:
    """rules/known_values.csv: curated reference values with their source (a user adds rows), each row
    checked (pipeline/rule_schemas/known_values.py: RuleFileError naming the file, line and column)."""
    path = Path(path)
    if not path.exists():
        return []
    return [Known(f"{KNOWN_VALUE_PREFIX}{r['source']}", r["edition"], r["metric"], r.get("nationality", ""),
                  r.get("category", ""), r["period_start"], r["period_end"], r.get("period_kind", ""),
                  float(r["value"]), r["unit"], "", f"{r['source']} (known value)") for r in read_rows(path)]


def load_history(out_dir: str | Path, skip_sources: set[str] = frozenset(), skip_doc_ids: set[str] = frozenset()) -> list:
    """Core figures of the documents already in extracted/, without the rows of this run's documents:
    their files (`skip_sources`, whatever they held before) and their contents (`skip_doc_ids`, under
    any name: a renamed copy is the same document)."""
    # a table the manifest gives to one of this run's documents holds only its rows: not read at all
    mine = {t for t, e in read_manifest(out_dir).items() if e.source in skip_sources or e.doc_id in skip_doc_ids}
    out = []
    for p in sorted(Path(out_dir).glob("*.csv")):
        if not is_extraction_table(p.name) or p.name in mine:
            continue
        f = read_table(p)
        if "doc_id" not in f.columns or f.empty:
            continue
        f = f[~f["source"].isin(skip_sources) & ~f["doc_id"].isin(skip_doc_ids)].copy()
        out.extend(known_from_observations(_rows(f)))
    return out


def _rows(frame):
    """DataFrame rows as Observation-like records (older tables may lack the newer columns)."""
    for c in OBSERVATION_COLUMNS:
        if c not in frame.columns:
            frame[c] = ""
    return [Observation(**{c: getattr(r, c) for c in OBSERVATION_COLUMNS})
            for r in frame[list(OBSERVATION_COLUMNS)].itertuples(index=False)]


def validate_results(results: list[DocResult], out_dir: str | Path | None,
                     known_values: str | Path | None = KNOWN_VALUES) -> list:
    """The documents' own findings, plus each document against its neighbouring editions (the other
    documents of this run and those already in `out_dir`) and the known values. A document is never
    compared with itself: not with its earlier rows in `out_dir`, nor with a copy of it under another name."""
    ok = [r for r in results if r.ok]
    history = History(_elsewhere(ok, out_dir, known_values) +
                      [k for r in ok for k in known_from_observations(r.observations)])
    findings = []
    for r in ok:
        findings.extend(r.findings)
        findings.extend(check_history(r.doc_text, r.observations, history, acknowledged_spans(r.findings)))
    return findings


def _elsewhere(ok: list[DocResult], out_dir: str | Path | None, known_values: str | Path | None) -> list:
    """The figures of the documents in `out_dir` that are not in this run, and the known values."""
    known = load_history(out_dir, {display_path(Path(r.path)) for r in ok}, {r.doc_id for r in ok}) if out_dir else []
    return known + (load_known_values(known_values) if known_values else [])


def _near(frame, changed: list):
    """The rows of an observation table that a check of these figures (Known), or of a figure they
    alter (History.altered_by), can look up: a core figure with one of their keys, or of one of their
    series (metric, nationality, category, unit) in a month within two years of one of theirs (a
    month they alter lies within a year, and its check looks a year further) or from the start of one
    of their year-to-date series; a table cell with one of their table keys."""
    series = ["metric", "nationality", "category", "unit"]
    keys = {history_key(k) for k in changed}
    months, ytd = set(), set()
    for k in changed:
        s = (k.metric, k.nationality, k.category, k.unit)
        if k.metric and k.period_kind == "month" and re.fullmatch(r"\d{4}-\d\d.*", k.period_start):
            m = int(k.period_start[:4]) * 12 + int(k.period_start[5:7]) - 1
            months.update(s + (m + d,) for d in range(-2 * OUTLIER_MONTHS, 2 * OUTLIER_MONTHS + 1))
        elif k.metric and k.period_kind in ("ytd", "year") and k.period_start.endswith("-01-01"):
            ytd.add(s + (k.period_start,))
    core = frame["metric"] != ""
    keep = core & pd.MultiIndex.from_frame(frame[series[:3] + ["period_start", "period_end", "unit"]]).isin(
        [k for k in keys if k[0]])
    if months:
        start = frame["period_start"]
        ok = core & (frame["period_kind"] == "month") & start.str.match(r"\d{4}-\d\d")
        number = pd.Series(-1, index=frame.index)
        number[ok] = start[ok].str[:4].astype(int) * 12 + start[ok].str[5:7].astype(int) - 1
        keep |= ok & pd.MultiIndex.from_arrays([frame[c] for c in series] + [number]).isin(list(months))
    if ytd:
        keep |= core & frame["period_kind"].isin(("ytd", "year")) & \
            pd.MultiIndex.from_frame(frame[series + ["period_start"]]).isin(list(ytd))
    cells = {history_key(c) for c in changed if not c.metric}
    if cells:
        maybe = ~core & (frame["table_caption"] != "")
        keep |= maybe & pd.Series([(table_key(c, lab, rule), nat, cat, ps, pe, u) in cells if m else False
                                   for m, c, lab, rule, nat, cat, ps, pe, u in zip(
                                       maybe, frame["table_caption"], frame["label"], frame["rule_id"],
                                       frame["nationality"], frame["category"], frame["period_start"],
                                       frame["period_end"], frame["unit"])], index=frame.index, dtype=bool)
    return frame[keep]


def revalidate(results: list[DocResult], out_dir: str | Path, reach, edition: str | None = None,
               known_values: str | Path | None = KNOWN_VALUES) -> tuple[list, dict]:
    """validate_results for a run whose changes reach only so far (outputs.reach.Reach): the changed
    documents (and copies of them under another name) are checked in full; of the others only the
    figures whose history lookups the changed figures (new, and as they were before) alter. The other
    documents' figures come from the run's observations.parquet (write_outputs has just written it), so
    an unchanged document is read from its cache only when a figure of it is checked again.
    Returns (the changed documents' findings, {path: (spans of the figures checked again, their
    findings, their series keys)} for the others that have any)."""
    ok = [r for r in results if r.ok]
    ids = {r.doc_id for r in ok if r.path in reach.changed}
    full = [loaded(r, out_dir, edition) for r in ok if r.doc_id in ids]
    mine = [k for r in full for k in known_from_observations(r.observations)]
    changed = mine + known_from_observations(reach.before)
    every = read_table(Path(out_dir) / "observations.parquet")
    others = known_from_table(_near(every[~every["doc_id"].isin(ids)], changed)) if not every.empty else []
    history = History(others + (load_known_values(known_values) if known_values else []))
    altered = history.altered_by(changed)
    history.add(mine)
    findings, partial = [], {}
    for r in full:
        findings.extend(r.findings)
        findings.extend(check_history(r.doc_text, r.observations, history, acknowledged_spans(r.findings)))
    touched = {k.doc_id for k in others if figure_lookups(history_key(k), k) & altered}
    for r in ok:
        if r.doc_id in ids or r.doc_id not in touched:
            continue
        r = loaded(r, out_dir, edition)
        at = [o for o in r.observations if (key := history_key_of(o)) and figure_lookups(key, o) & altered]
        partial[r.path] = ({(o.char_start, o.char_end) for o in at},
                           check_history(r.doc_text, r.observations, history, acknowledged_spans(r.findings),
                                         only=altered),
                           {series_key(o) for o in at if o.metric})
    return findings, partial


def validate_and_write(results: list[DocResult], out_dir: str | Path, plan=None, fetch_failures=None) -> dict:
    """After write_outputs: validate this run's documents against each other, the rest of `out_dir`
    and the known values; write out_dir/findings.csv (without the findings of the documents `plan`
    found gone) and the series (with `decision_warnings`: the lines of the decisions file that are not
    decisions, the decisions of no document here). When the last run's findings and series are as it stamped them, only
    what the run's changes reach is worked out again (outputs.reach, revalidate); the other findings
    are those findings.csv holds. `fetch_failures` (findings of the poll before the run, check
    `fetch`, no document): part of the run's findings, replacing the previous poll's; None keeps the
    previous poll's."""
    reach = run_reach(results, out_dir, plan)
    path = Path(out_dir) / "findings.csv"
    ok = [r for r in results if r.ok]
    edition = (plan.edition_given or None) if plan is not None else None
    if reach is None:
        results = [loaded(r, out_dir, edition) for r in results]
        findings, rewritten = validate_results(results, out_dir), {r.doc_id for r in ok}
        others, keys, previous = [], None, None
    else:
        findings, rewritten, others, keys, previous = _revalidated(results, out_dir, reach, path, edition)
    findings += list(fetch_failures or [])
    gone = {g.source for g in plan.removed} if plan is not None else set()
    doc_ids = rewritten | ({""} if fetch_failures is not None else set())
    rows = finding_rows(findings, path, doc_ids=doc_ids, drop_sources=gone, previous=previous,
                        replaced=_replaced(plan, results))
    write_finding_rows(rows, path)
    # write_outputs has just made the Parquet from the tables
    _, series = write_series(out_dir, combined=True, keys=keys,
                             findings=[dict(zip(FINDING_COLUMNS, r)) for r in rows])
    return {**findings_summary(findings, others), "series_summary": series_summary(series),
            "decision_warnings": decision_warnings(out_dir)}


def _replaced(plan, results: list[DocResult]) -> set[tuple[str, str]]:
    """(doc_id, source) of what the run's re-extracted documents were before, when their content
    changed: the findings of that version are replaced with the new version's."""
    if plan is None:
        return set()
    now = {r.doc_id for r in results if r.ok}
    return {(plan.manifest[d.table].doc_id, d.source) for d in plan.documents
            if not d.reuse and d.table in plan.manifest and plan.manifest[d.table].doc_id not in now}


def _revalidated(results: list[DocResult], out_dir: str | Path, reach, path: Path, edition: str | None):
    """revalidate, merged with findings.csv: (the findings of the documents whose rows findings.csv
    gets anew, their doc_ids, the other documents' findings as it holds them (rows), the series keys to
    make again or None for all, findings.csv's rows as read)."""
    ok = [r for r in results if r.ok]
    findings, partial = revalidate(results, out_dir, reach, edition)
    full = {r.doc_id for r in ok if r.path in reach.changed}
    spans: dict[str, set] = {}        # by document (copies under other names share their findings' doc_id)
    for r in ok:
        if r.path in partial:
            spans.setdefault(r.doc_id, set()).update(partial[r.path][0])
            findings += partial[r.path][1]
    previous = read_findings(path)
    before: dict[str, list] = {}
    for row in previous:
        before.setdefault(row.get("doc_id", ""), []).append(row)
    others = []
    for doc_id in dict.fromkeys(r.doc_id for r in ok):
        if doc_id in spans:
            findings += [f for f in map(Finding.from_row, before.get(doc_id, []))
                         if not (f.check in HISTORY_CHECKS and (f.char_start, f.char_end) in spans[doc_id])]
        elif doc_id not in full:
            others += before.get(doc_id, [])
    rewritten = full | set(spans)
    keys = None
    if reach.series:
        keys = {series_key(o) for o in reach.before if o.metric}
        for r in ok:
            if r.path in reach.changed:
                keys |= {series_key(o) for o in r.observations if o.metric}
            elif r.path in partial:
                keys |= partial[r.path][2]
        keys = frozenset(keys)
    return findings, rewritten, others, keys, previous
