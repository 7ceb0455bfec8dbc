"""One run's hold on the output folder, from the lock to the published outputs (see the package)."""
from __future__ import annotations

import sys
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from ...ingest import forget_display_paths
from ...locks import output_lock
from ...store import tables_kept
from .manifest import ManifestEntry, cache_path, file_sha256, write_cache, write_manifest
from .plan import RunPlan, plan_run
from .staging import JOURNAL, Staging, recover
from .stamp import write_stamp


def _say(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


@contextmanager
def run_session(inputs: list[str | Path], files: list[Path], out_dir: str | Path, edition: str | None = None,
                force: bool = False, wait: bool = True, say=_say):
    """Lock `out_dir`, clean up after an interrupted run, plan this one and open its staging folder:
    yields (plan, staging). The caller writes into staging.dir and calls finish(); leaving the block
    without it (an error, Ctrl-C) discards the staging folder and the published outputs stay as they
    were, or, when publishing had begun, completes it."""
    forget_display_paths()
    with output_lock(out_dir, wait, say), tables_kept():
        for line in recover(out_dir):
            say(line)
        plan = plan_run(inputs, files, out_dir, edition, force)
        staging = Staging.begin(out_dir)
        try:
            yield plan, staging
        finally:
            if (staging.dir / JOURNAL).exists():
                recover(out_dir)
            elif staging.dir.exists():
                staging.discard()


def remove_gone(plan: RunPlan, folder: str | Path) -> None:
    """Delete from `folder` (the staging folder) the tables and caches of the documents that are gone
    from the run's folders; findings and rows follow (write_findings, write_changes, the Parquet)."""
    folder = Path(folder)
    for g in plan.removed:
        (folder / g.table).unlink(missing_ok=True)
        cache_path(folder, g.table).unlink(missing_ok=True)


def record(results: list, plan: RunPlan, folder: str | Path) -> dict[str, ManifestEntry]:
    """The manifest and caches in `folder` (the staging folder) for the documents extracted in this
    run; the entries of reused and other documents stay, those of removed ones go."""
    folder = Path(folder)
    entries = {t: e for t, e in plan.manifest.items() if t not in {g.table for g in plan.removed}}
    by_path = {d.path: d for d in plan.documents}
    for r in results:
        d = by_path.get(r.path)
        if d is None or not r.ok:
            continue
        if r.reused and d.table in plan.manifest:     # the plan found its table as the manifest says
            entries[d.table] = plan.manifest[d.table]
            continue
        if not r.reused:
            write_cache(folder, d.table, r)
        entries[d.table] = ManifestEntry(d.table, d.source, r.doc_id, plan.version, plan.edition_given,
                                         file_sha256(folder / d.table))
    write_manifest(folder, entries)
    return entries


def finish(results: list, plan: RunPlan, staging: Staging, summary: dict | None = None) -> dict:
    """Record the manifest (and, with the run's `summary`, its stamp: outputs.stamp) and publish every
    output together; says what it removed."""
    entries = record(results, plan, staging.dir)
    if summary is not None:     # stamped against the manifest the next run will find
        write_stamp(staging.dir, replace(plan, manifest=entries), results, summary)
    done = staging.publish()
    return {"published": done, "removed_documents": [
        f"removed {staging.out_dir / g.table}: {g.source} is gone (its rows and findings too)" for g in plan.removed],
        "stale_documents": [
        f"stale: {staging.out_dir / g.table}: {g.source} no longer exists (run its folder to remove the table)"
        for g in plan.gone if not g.remove]}
