"""Many documents: expand paths, process each on its own (a bad one never stops the others), write
per-document tables and the combined Parquet. Pure functions; flows/ wraps them in Prefect tasks."""
from __future__ import annotations

import re
import time
from pathlib import Path

from .errors import IngestError, RuleFileError
from .names import CHANGES_FILE, COVERAGE_FILE, is_extraction_table
from .paths import RULES_DIR
from .results import DocResult
from .review.diff import counts


def expand_paths(paths: list[str | Path]) -> list[Path]:
    """Files as given; folders expanded to their entries (hidden files and temp files left out).
    An entry that is no document (a file of an unknown format, a sub-folder, a symlink loop or a link
    to nothing) stays in the list, so the run reports it on one line, as when it is named, instead of
    passing over it in silence."""
    out: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            out.extend(sorted(f for f in p.iterdir() if not f.name.startswith(".")
                              and not f.name.endswith((".tmp", "~"))))
        else:
            out.append(p)
    return out


def output_name(path: str | Path) -> str:
    """extracted/<this>.csv for a source file: its name without the extension."""
    return Path(path).stem


def process_document(path: str | Path, edition: str | None = None) -> DocResult:
    from .api import extract_document
    from .store import to_frame
    t0 = time.perf_counter()
    try:
        doc, result = extract_document(path, edition)
    except IngestError as e:
        return DocResult(str(path), False, error=str(e), seconds=time.perf_counter() - t0)
    except RuleFileError:   # not this document's fault: no document can be read with it
        raise
    except Exception as e:  # a bug must not stop the other documents either; say so plainly
        return DocResult(str(path), False, error=f"{path}: internal error {type(e).__name__}: {e}",
                         seconds=time.perf_counter() - t0)
    from . import coverage
    from .validate import check_document
    df = to_frame(result.observations)
    findings = check_document(doc, result)
    return DocResult(str(path), True, doc_id=doc.doc_id, edition=doc.edition, pages=len(doc.page_starts),
                     rows=len(df), core_rows=int((df["metric"] != "").sum()), seconds=time.perf_counter() - t0,
                     frame=df, skipped=result.skipped, repairs=doc.repairs, observations=result.observations,
                     findings=findings, doc_text=doc.text, coverage=coverage.of(result))


def extract_many(paths: list[str], edition: str | None = None, workers: int = 1) -> list[DocResult]:
    """process_document on every path, in order; with `workers` > 1 in that many processes at once
    (the same results: each document is extracted on its own). The processes are forked from this one
    after the spaCy pipeline, its rules and the language detector are loaded, so they start with them instead of loading them
    again. Fork, not spawn or forkserver: those start by importing the main module again (a script
    without a main guard, `python -m pipeline`) and pay Python's and spaCy's start-up per process; a
    fork under Prefect's threads is safe here because a worker only extracts (no Prefect, no logging
    locks: logging re-creates its locks after a fork)."""
    workers = max(1, min(workers, len(paths)))
    if workers == 1:
        return [process_document(p, edition) for p in paths]
    import gc
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from .extraction.detect_language import preload
    from .language.nlp import nlp
    nlp()
    preload()
    gc.collect()
    gc.freeze()     # what the workers inherit is never collected by them: no copying of the whole heap
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
            return list(pool.map(process_document, paths, [edition] * len(paths), chunksize=1))
    finally:
        gc.unfreeze()


def reusable(plan, out_dir: str | Path) -> dict[str, DocResult]:
    """{path: DocResult} for the plan's unchanged documents: as the last run's stamp keeps it (light)
    when it describes the document, else from its cache (one whose cache cannot be read is left out,
    and so extracted)."""
    from .outputs.manifest import read_cache
    from .outputs.stamp import stamped_results
    out = stamped_results(plan, out_dir)
    for d in plan.documents:
        r = read_cache(out_dir, d.table, d.path) if d.reuse and d.path not in out else None
        if r is not None:
            out[d.path] = r
    return out


def loaded(r: DocResult, out_dir: str | Path, edition: str | None = None) -> DocResult:
    """A reused document's DocResult in full (a light one's rows, text and own findings from its cache;
    extracted again, in memory, when the cache cannot be read: its table is the same)."""
    if not r.light:
        return r
    from dataclasses import replace

    from .outputs.manifest import read_cache
    full = read_cache(out_dir, r.table, r.path)
    if full is None or full.doc_id != r.doc_id:
        full = replace(process_document(r.path, edition), reused=True, table=r.table, frame=None)
    return full


def in_plan_order(plan, reused: dict[str, DocResult], extracted: list[DocResult]) -> list[DocResult]:
    """The run's DocResults in the plan's order, each with its table name: `reused` by path, then
    `extracted` for the others in order."""
    fresh = iter(extracted)
    out = []
    for d in plan.documents:
        r = reused.get(d.path) or next(fresh)
        r.table = d.table
        out.append(r)
    return out


def run_documents(inputs: list[str | Path], out_dir: str | Path, edition: str | None = None, force: bool = False,
                  workers: int = 1, wait: bool = True, progress=lambda items: items) -> tuple[list[DocResult], dict]:
    """`migstat run --direct`: the whole run without Prefect (the flow does the same steps as tasks).
    Under the output folder's lock: documents unchanged since their table was made are taken from
    their cache, the others extracted (in `workers` processes); tables, Parquet, changes, findings,
    series and the manifest are written to the staging folder and published together."""
    from .outputs.session import finish, run_session
    from .outputs.stamp import unchanged_run
    files = expand_paths(inputs)
    with run_session(inputs, files, out_dir, edition, force, wait) as (plan, staging):
        quick = unchanged_run(plan, out_dir)
        if quick is not None:          # nothing changed since the last run: nothing to write
            return quick
        reused = reusable(plan, out_dir)
        todo = [d.path for d in plan.documents if d.path not in reused]
        extracted = (extract_many(todo, edition, workers) if workers > 1
                     else [process_document(p, edition) for p in progress(todo)])
        results = in_plan_order(plan, reused, extracted)
        summary = write_outputs(results, staging.dir, plan)
        summary.update(validate_and_write(results, staging.dir, plan))
        summary.update(finish(results, plan, staging, summary))
    return results, summary


KNOWN_VALUES = RULES_DIR / "known_values.csv"


def load_known_values(path: str | Path = KNOWN_VALUES) -> list:
    """rules/known_values.csv: curated reference values with their source (a user adds rows), each row
    checked (pipeline/rule_schemas/known_values.py: RuleFileError naming the file, line and column)."""
    from .rule_schemas.known_values import read_rows
    from .validate import KNOWN_VALUE_PREFIX, Known
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
    from .outputs.manifest import read_manifest
    from .store import read_table
    from .validate import known_from_observations
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
    from .model import OBSERVATION_COLUMNS, Observation
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
    from .validate import History, acknowledged_spans, check_history, known_from_observations
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
    from .ingest import display_path
    known = load_history(out_dir, {display_path(Path(r.path)) for r in ok}, {r.doc_id for r in ok}) if out_dir else []
    return known + (load_known_values(known_values) if known_values else [])


def _near(frame, changed: list):
    """The rows of an observation table that a check of these figures (Known), or of a figure they
    alter (History.altered_by), can look up: a core figure with one of their keys, or of one of their
    series (metric, nationality, category, unit) in a month within two years of one of theirs (a
    month they alter lies within a year, and its check looks a year further) or from the start of one
    of their year-to-date series; a table cell with one of their table keys."""
    import pandas as pd

    from .validate import OUTLIER_MONTHS, history_key, table_key
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
    from .outputs.reach import series_key
    from .store import read_table
    from .validate import (History, acknowledged_spans, check_history, figure_lookups, history_key, history_key_of,
                           known_from_observations, known_from_table)
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


def write_findings(findings: list, path: str | Path, keep_others: bool = True, doc_ids: set[str] = frozenset(),
                   drop_sources: set[str] = frozenset(), previous: list[dict] | None = None) -> Path:
    """findings.csv: one row per finding (atomic write), by document, severity, position, check and
    message. With `keep_others`, the earlier findings of documents not in this run (`doc_ids`) are
    kept, but for those of the files in `drop_sources` (gone); `previous`: the file's rows as just read
    (review.findings.read_findings), not read again."""
    return write_finding_rows(finding_rows(findings, path, keep_others, doc_ids, drop_sources, previous), path)


def finding_rows(findings: list, path: str | Path, keep_others: bool = True, doc_ids: set[str] = frozenset(),
                 drop_sources: set[str] = frozenset(), previous: list[dict] | None = None,
                 replaced: set[tuple[str, str]] = frozenset()) -> list[list[str]]:
    """The cells of findings.csv as write_findings writes it (FINDING_COLUMNS), in its order.
    `replaced`: (doc_id, source) of documents extracted again whose content changed: their earlier
    findings go too."""
    from .review.findings import read_findings
    from .values import value_text
    from .validate import FINDING_COLUMNS
    path = Path(path)
    numeric = {"value", "expected", "other_value"}
    rows = [[value_text(v) if c in numeric else "" if v is None else str(v) for c, v in f.as_row().items()]
            for f in findings]
    if keep_others and (previous is not None or path.exists()):
        drop = set(doc_ids) | {f.doc_id for f in findings}
        rows = [[r.get(c) or "" for c in FINDING_COLUMNS]       # an older table: fewer columns
                for r in (read_findings(path) if previous is None else previous)
                if r.get("doc_id", "") not in drop and r.get("source", "") not in drop_sources
                and (r.get("doc_id", ""), r.get("source", "")) not in replaced] + rows
    rows.sort(key=_finding_order)
    return rows


def write_finding_rows(rows: list[list[str]], path: str | Path) -> Path:
    import csv

    from .store import atomic_write
    from .validate import FINDING_COLUMNS

    def write(tmp):
        with open(tmp, "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(FINDING_COLUMNS)
            w.writerows(rows)
    return atomic_write(Path(path), write)


_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def _finding_order(cells: list[str]) -> tuple:
    """findings.csv's order of a row (FINDING_COLUMNS): doc_id, severity, char_start (a cell that is no
    number after those that are), check, message."""
    doc_id, check, severity, message = cells[0], cells[2], cells[3], cells[4]
    s = _SEVERITY_ORDER.get(severity)
    try:
        c = (0, float(cells[15]))
    except ValueError:
        c = (1, 0.0)
    return doc_id, (0, s) if s is not None else (1, 0), c, check, message


def write_outputs(results: list[DocResult], out_dir: str | Path, plan=None) -> dict:
    """extracted/<doc>.csv for every document read, then extracted/observations.parquet rebuilt from
    all the per-document tables in the folder (so a rerun of one document keeps the others). With a
    `plan` (outputs.plan.RunPlan), the tables of the documents it found gone are removed first, and a
    reused document's table, unchanged, is not written again."""
    import pandas as pd

    from .store import SORT_COLUMNS, read_table, remember, write_table
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    from .ingest import display_path
    if plan is not None:
        from .outputs.session import remove_gone
        remove_gone(plan, out_dir)
    written, rewritten = [], []
    changes, change_counts, diffs, new_tables = [], {}, {}, []
    for r in results:
        if r.ok:
            target = out_dir / (r.table or f"{output_name(r.path)}.csv")
            doc = display_path(Path(r.path))
            if r.reused:
                change_counts[doc] = counts([])
                written.append(str(target))
                continue
            rewritten.append(target)
            rows = changes_against(target, r.frame)
            if rows is not None:
                change_counts[doc] = counts(rows)
                diffs[doc] = rows
                changes.extend({"document": doc, "doc_id": r.doc_id, **d.flat()} for d in rows)
            else:
                new_tables.append({"document": doc, "doc_id": r.doc_id, "rows": r.rows})
            written.append(str(write_table(r.frame, target)))
    # this run's new tables from memory; the rows of the others from the last run's Parquet when it
    # still holds them exactly (else from their tables)
    frames = [r.frame for r in results if r.ok and not r.reused]
    kept = _previous_rows(out_dir, plan, rewritten)
    if kept is not None:
        frames.insert(0, kept)
    else:
        for p in sorted(out_dir.glob("*.csv")):
            if p not in rewritten and is_extraction_table(p.name):
                f = read_table(p)
                if "doc_id" in f.columns:
                    frames.append(f)
    combined = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    if not combined.empty:
        combined = combined.sort_values(list(SORT_COLUMNS), kind="stable")
        combined = combined.reset_index(drop=True)
        remember(write_table(combined, out_dir / "observations.parquet"), combined)
    gone = {g.source for g in plan.removed} if plan is not None else set()
    write_changes(out_dir / CHANGES_FILE, changes, {display_path(Path(r.path)) for r in results if r.ok} | gone)
    write_coverage(out_dir / COVERAGE_FILE, results, gone)
    return {"written": written, "documents": len(results), "failed": sum(not r.ok for r in results),
            "rows": int(sum(r.rows for r in results)), "combined_rows": int(len(combined)),
            "changes": changes, "change_counts": change_counts, "diffs": diffs, "new_tables": new_tables,
            "reused": sum(r.reused for r in results)}


def _previous_rows(out_dir: Path, plan, rewritten: list[Path]):
    """The rows of the last run's observations.parquet that this run keeps (all but those of the tables
    it rewrites, whatever document they held, and of the documents it removed), when that Parquet is
    the one the last run stamped and every table this run does not rewrite is the one the manifest
    knows: then they are the rows a rebuild from the tables would read. None: rebuild."""
    from .outputs.manifest import file_sha256
    from .outputs.stamp import as_stamped
    from .store import read_table
    pq = out_dir / "observations.parquet"
    if plan is None or not as_stamped(out_dir, pq.name):
        return None
    names = {p.name for p in rewritten}
    checked = {d.table for d in plan.documents if d.reuse}     # the plan compared them with the manifest
    for p in out_dir.glob("*.csv"):
        if p.name not in names and p.name not in checked and is_extraction_table(p.name):
            e = plan.manifest.get(p.name)
            if e is None or file_sha256(p) != e.table_sha256:
                return None
    drop = {plan.manifest[n].source for n in names if n in plan.manifest}
    drop |= {d.source for d in plan.documents if d.table in names} | {g.source for g in plan.removed}
    prev = read_table(pq)
    return prev[~prev["source"].isin(drop)]


def changes_against(table: Path, frame) -> list | None:
    """What `frame` changes in the extraction table it is about to replace (None: there was none,
    or it cannot be read)."""
    from .review.diff import DiffInputError, diff_frames, read_rows
    if not table.exists():
        return None
    try:
        old = read_rows(table)
    except DiffInputError:
        return None
    return diff_frames(old, frame)


def write_changes(path: Path, changes: list[dict], documents: set[str]) -> None:
    """extracted/changes.csv: for every document, what its last run changed in its table; the rows
    of the documents in this run replace theirs, the others' stay."""
    import pandas as pd

    from .review.diff import DIFF_COLUMNS
    from .store import write_table
    from .values import value_text
    cols = ["document", "doc_id", *DIFF_COLUMNS]
    df = pd.DataFrame(changes, columns=cols).astype(object)
    if path.exists():
        old = pd.read_csv(path, dtype=str, keep_default_na=False)
        old = old[~old["document"].isin(documents)] if "document" in old.columns else old.iloc[0:0]
        if not old.empty:
            df = pd.concat([old.reindex(columns=cols).astype(object), df], ignore_index=True)
    for c in ("old_value", "new_value"):
        df[c] = df[c].map(value_text)
    write_table(df, path)


def write_coverage(path: Path, results: list[DocResult], gone: set[str] = frozenset()) -> Path:
    """extracted/coverage.csv: one row per document, what of it was understood (coverage.Coverage); the
    rows of this run's documents replace theirs, those of documents gone are dropped, the others stay.
    Sorted by document, so a full and an incremental run write the same bytes."""
    import pandas as pd

    from .coverage import COVERAGE_COLUMNS
    from .ingest import display_path
    from .store import write_table
    rows = [r.coverage.as_row(display_path(Path(r.path)), r.doc_id) for r in results if r.ok and r.coverage]
    df = pd.DataFrame(rows, columns=list(COVERAGE_COLUMNS)).astype(str)
    if path.exists():
        old = pd.read_csv(path, dtype=str, keep_default_na=False)
        if "document" in old.columns:
            old = old[~old["document"].isin(set(df["document"]) | set(gone))]
            df = pd.concat([old.reindex(columns=list(COVERAGE_COLUMNS), fill_value=""), df], ignore_index=True)
    df = df.sort_values("document", kind="stable").reset_index(drop=True)
    return write_table(df, path)


def validate_and_write(results: list[DocResult], out_dir: str | Path, plan=None, fetch_failures=None) -> dict:
    """After write_outputs: validate this run's documents against each other, the rest of `out_dir`
    and the known values; write out_dir/findings.csv (without the findings of the documents `plan`
    found gone) and the series. When the last run's findings and series are as it stamped them, only
    what the run's changes reach is worked out again (outputs.reach, revalidate); the other findings
    are those findings.csv holds. `fetch_failures` (findings of the poll before the run, check
    `fetch`, no document): part of the run's findings, replacing the previous poll's; None keeps the
    previous poll's."""
    from .outputs.reach import run_reach
    from .outputs.run_summary import findings_summary
    from .review.series import series_summary, write_series
    from .validate import FINDING_COLUMNS
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
    return {**findings_summary(findings, others), "series_summary": series_summary(series)}


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
    from .outputs.reach import series_key
    from .review.findings import read_findings
    from .validate import HISTORY_CHECKS, Finding
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
