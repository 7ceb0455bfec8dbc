"""The run's tables: extracted/<doc>.csv for every document read, observations.parquet of them all,
changes.csv (what each document's last run changed in its table) and coverage.csv (what of each
document was understood)."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..extraction.coverage import COVERAGE_COLUMNS
from ..ingest import display_path
from ..names import CHANGES_FILE, COVERAGE_FILE, is_extraction_table
from ..results import DocResult
from ..publish.diff import DIFF_COLUMNS, DiffInputError, counts, diff_frames, read_rows
from ..store import SORT_COLUMNS, read_table, remember, write_table
from ..values import value_text
from .inputs import output_name
from .outputs.manifest import file_sha256
from .outputs.session import remove_gone
from .outputs.stamp import as_stamped


def write_outputs(results: list[DocResult], out_dir: str | Path, plan=None) -> dict:
    """extracted/<doc>.csv for every document read, then extracted/observations.parquet rebuilt from
    all the per-document tables in the folder (so a rerun of one document keeps the others). With a
    `plan` (outputs.plan.RunPlan), the tables of the documents it found gone are removed first, and a
    reused document's table, unchanged, is not written again."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    if plan is not None:
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
    rows = [r.coverage.as_row(display_path(Path(r.path)), r.doc_id) for r in results if r.ok and r.coverage]
    df = pd.DataFrame(rows, columns=list(COVERAGE_COLUMNS)).astype(str)
    if path.exists():
        old = pd.read_csv(path, dtype=str, keep_default_na=False)
        if "document" in old.columns:
            old = old[~old["document"].isin(set(df["document"]) | set(gone))]
            df = pd.concat([old.reindex(columns=list(COVERAGE_COLUMNS), fill_value=""), df], ignore_index=True)
    df = df.sort_values("document", kind="stable").reset_index(drop=True)
    return write_table(df, path)
