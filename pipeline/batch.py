"""Many documents: expand paths, process each on its own (a bad one never stops the others), write
per-document tables and the combined Parquet. Pure functions; flows/ wraps them in Prefect tasks."""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from .errors import IngestError
from .coverage import COVERAGE_FILE
from .review.diff import CHANGES_FILE, counts, is_extraction_table


@dataclass
class DocResult:
    path: str
    ok: bool
    error: str = ""
    doc_id: str = ""
    edition: str = ""
    pages: int = 0
    rows: int = 0
    core_rows: int = 0
    seconds: float = 0.0
    frame: object = field(default=None, repr=False)      # pandas DataFrame of the observations
    skipped: list = field(default_factory=list, repr=False)
    repairs: tuple = ()
    observations: list = field(default_factory=list, repr=False)
    findings: list = field(default_factory=list, repr=False)   # the document's own checks (validate.py)
    doc_text: str = field(default="", repr=False)
    table: str = ""          # its table's file name in the output folder ("": output_name(path) + ".csv")
    reused: bool = False     # unchanged since its table was made: taken from the cache, not extracted
    coverage: object = None  # coverage.Coverage: what of the document was understood (kept in the cache)

    def summary(self) -> dict:
        c = self.coverage
        return {"document": Path(self.path).name, "ok": self.ok, "error": self.error, "doc_id": self.doc_id,
                "edition": self.edition, "pages": self.pages, "rows": self.rows, "core_rows": self.core_rows,
                "numbers": c.numbers if c else 0, "other_rows": c.other_rows if c else 0,
                "passed_over": c.passed_over if c else 0, "not_understood": c.not_understood if c else 0,
                "language": c.language if c else "", "coverage": c.line() if c else "",
                "seconds": round(self.seconds, 3), "reused": self.reused}


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

    from .extraction.language import preload
    from .extraction.nlp import nlp
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
    """{path: DocResult from its cache} for the plan's unchanged documents (one whose cache cannot be
    read is left out, and so extracted)."""
    from .outputs.manifest import read_cache
    out = {}
    for d in plan.documents:
        r = read_cache(out_dir, d.table, d.path) if d.reuse else None
        if r is not None:
            out[d.path] = r
    return out


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


KNOWN_VALUES = Path(__file__).resolve().parents[1] / "rules" / "known_values.csv"


def load_known_values(path: str | Path = KNOWN_VALUES) -> list:
    """rules/known_values.csv: curated reference values with their source (a user adds rows)."""
    import csv

    from .validate import KNOWN_VALUE_PREFIX, Known
    path = Path(path)
    if not path.exists():
        return []
    out = []
    with open(path, encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(row for row in fh if not row.startswith("#")):
            out.append(Known(f"{KNOWN_VALUE_PREFIX}{r['source']}", r["edition"], r["metric"], r.get("nationality", ""),
                             r.get("category", ""), r["period_start"], r["period_end"], r.get("period_kind", ""),
                             float(r["value"]), r["unit"], "", f"{r['source']} (known value)"))
    return out


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
    from .ingest import display_path
    from .validate import History, acknowledged_spans, check_history, known_from_observations
    ok = [r for r in results if r.ok]
    sources = {display_path(Path(r.path)) for r in ok}
    doc_ids = {r.doc_id for r in ok}
    known = load_history(out_dir, sources, doc_ids) if out_dir else []
    known += load_known_values(known_values) if known_values else []
    for r in ok:
        known += known_from_observations(r.observations)
    history = History(known)
    findings = []
    for r in ok:
        findings.extend(r.findings)
        findings.extend(check_history(r.doc_text, r.observations, history, acknowledged_spans(r.findings)))
    return findings


def write_findings(findings: list, path: str | Path, keep_others: bool = True, doc_ids: set[str] = frozenset(),
                   drop_sources: set[str] = frozenset()) -> Path:
    """findings.csv: one row per finding (atomic write). With `keep_others`, the earlier findings of
    documents not in this run (`doc_ids`) are kept, but for those of the files in `drop_sources` (gone)."""
    import pandas as pd

    from .store import write_table
    from .validate import FINDING_COLUMNS
    path = Path(path)
    df = pd.DataFrame([f.as_row() for f in findings], columns=list(FINDING_COLUMNS))
    if keep_others and path.exists():
        old = pd.read_csv(path, dtype=str, keep_default_na=False)
        old = old[~old["doc_id"].isin(doc_ids | set(df["doc_id"]))]
        if drop_sources and "source" in old.columns:
            old = old[~old["source"].isin(drop_sources)]
        old = old.reindex(columns=list(FINDING_COLUMNS), fill_value="")   # an older table: fewer columns
        if not old.empty:
            df = pd.concat([old.astype(object), df.astype(object)], ignore_index=True)
    order = {"error": 0, "warning": 1, "info": 2}
    if not df.empty:
        df["_s"] = df["severity"].map(order)
        df["_c"] = pd.to_numeric(df["char_start"], errors="coerce")
        df = df.sort_values(["doc_id", "_s", "_c", "check", "message"], kind="stable").drop(columns=["_s", "_c"])
    return write_table(df.reset_index(drop=True), path)


def write_outputs(results: list[DocResult], out_dir: str | Path, plan=None) -> dict:
    """extracted/<doc>.csv for every document read, then extracted/observations.parquet rebuilt from
    all the per-document tables in the folder (so a rerun of one document keeps the others). With a
    `plan` (outputs.plan.RunPlan), the tables of the documents it found gone are removed first, and a
    reused document's table, unchanged, is not written again."""
    import pandas as pd

    from .store import SORT_COLUMNS, read_table, write_table
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
        write_table(combined.reset_index(drop=True), out_dir / "observations.parquet")
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
    from .store import value_text, write_table
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
    found gone). `fetch_failures` (findings of the poll before the run, check `fetch`, no document):
    part of the run's findings, replacing the previous poll's; None keeps the previous poll's."""
    from .validate import summary_line
    from .review.series import series_summary, write_series
    findings = validate_results(results, out_dir) + list(fetch_failures or [])
    gone = {g.source for g in plan.removed} if plan is not None else set()
    doc_ids = {r.doc_id for r in results if r.ok} | ({""} if fetch_failures is not None else set())
    write_findings(findings, Path(out_dir) / "findings.csv", doc_ids=doc_ids, drop_sources=gone)
    _, series = write_series(out_dir, combined=True)     # write_outputs has just made the Parquet from the tables
    return {"findings": len(findings), "findings_summary": summary_line(findings),
            "series_summary": series_summary(series),
            "findings_by_severity": {s: sum(1 for f in findings if f.severity == s) for s in ("error", "warning", "info")},
            "findings_to_review": [review_row(f) for f in findings if f.severity in ("error", "warning")]}


def review_row(f) -> dict:
    """An error or warning as a flat row for a report: the document by file and content hash, the key in full."""
    return {"severity": f.severity, "check": f.check, "source": f.source, "doc_id": f.doc_id,
            "key": f.key_text() if f.about_figure else "", "message": f.message}
