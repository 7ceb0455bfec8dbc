"""The run's documents one by one: each processed on its own (a bad one never stops the others), many
at once in forked processes, the unchanged ones taken from their cache or the last run's stamp, and
all of them put back in the plan's order."""
from __future__ import annotations

import gc
import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

from ..extraction import coverage
from ..errors import IngestError, RuleFileError
from ..extraction.detect_language import preload
from ..language.nlp import nlp
from ..results import DocResult
from ..store import to_frame
from ..validate import check_document
from .api import extract_document
from .outputs.manifest import read_cache
from .outputs.stamp import stamped_results


def process_document(path: str | Path, edition: str | None = None) -> DocResult:
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
