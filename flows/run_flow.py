"""Prefect flow for `migstat run`: under the output folder's lock, the documents that changed since
their table was made are extracted (one task each, or one task running them in `workers` processes),
the unchanged ones taken from their cache (no Prefect caching of the tasks: their inputs are whole
documents, and hashing them would cost more than the unchanged run itself); then the tables, the findings, the publishing of all
outputs together and the run's artifacts.

Thin on purpose: every step is a function of the run layer (pipeline.run), every artifact's
content one of pipeline.run.report; this file only orchestrates. Each artifact has a fixed key and is
published on every run, so the latest of each key is always this run's, also when it has nothing to
report.
"""
from __future__ import annotations

import sys
import time
from contextlib import contextmanager

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.utilities.annotations import quote

from pipeline.results import DocResult
from pipeline.run.documents import extract_many, in_plan_order, process_document, reusable
from pipeline.run.inputs import expand_paths
from pipeline.run.outputs.session import finish, run_session
from pipeline.run.outputs.stamp import unchanged_run
from pipeline.run.report import changes_table, review_table, run_markdown
from pipeline.run.tables import write_outputs
from pipeline.run.validation import validate_and_write


@task(name="extract-document", task_run_name="extract {path}", cache_policy=NO_CACHE)
def extract_task(path: str, edition: str | None = None) -> DocResult:
    return process_document(path, edition)


@task(name="extract-documents", task_run_name="extract {workers} at a time", cache_policy=NO_CACHE)
def extract_many_task(paths: list[str], edition: str | None, workers: int) -> list[DocResult]:
    return extract_many(paths, edition, workers)


@task(name="reuse-unchanged", cache_policy=NO_CACHE)
def reuse_task(plan, out_dir: str) -> dict:
    return reusable(plan, out_dir)


@task(name="write-tables", cache_policy=NO_CACHE)
def write_task(results: list[DocResult], out_dir: str, plan=None) -> dict:
    return write_outputs(results, out_dir, plan)


@task(name="validate", cache_policy=NO_CACHE)
def validate_task(results: list[DocResult], out_dir: str, plan=None, fetch_failures=None) -> dict:
    return validate_and_write(results, out_dir, plan, fetch_failures)


@task(name="publish", cache_policy=NO_CACHE)
def publish_task(results: list[DocResult], plan, staging, summary: dict | None = None) -> dict:
    return finish(results, plan, staging, summary)


@task(name="unchanged-run", cache_policy=NO_CACHE)
def unchanged_task(plan, out_dir: str, fetch_failures=None):
    return unchanged_run(plan, out_dir, fetch_failures=fetch_failures)


def _extract(paths: list[str], edition: str | None, workers: int) -> list[DocResult]:
    if workers > 1:
        return extract_many_task(paths, edition, workers) if paths else []
    from tqdm import tqdm
    futures = [extract_task.submit(p, edition) for p in paths]
    out = []
    with tqdm(total=len(futures), desc="documents", unit="doc", file=sys.stderr, disable=None) as bar:
        for f in futures:
            out.append(f.result())
            bar.update(1)
    return out


@flow(name="migstat-run", log_prints=False)
def run_flow(paths: list[str], out_dir: str = "extracted", edition: str | None = None, force: bool = False,
             workers: int = 1, wait: bool = True, fetch_failures: list[dict] | None = None):
    """`fetch_failures`: the poll before the run (the scheduled flow), as finding rows; they are part of
    the run's findings and of its artifacts."""
    from pipeline.validate import Finding
    started = time.perf_counter()
    fetched = None if fetch_failures is None else [Finding(**f) for f in fetch_failures]
    files = expand_paths(paths)
    with run_session(paths, files, out_dir, edition, force, wait) as (plan, staging):
        # nothing changed since the last run (nor in the poll's failures): nothing to write
        quick = unchanged_task(quote(plan), out_dir, quote(fetched))
        if quick is not None:
            results, summary = quick
        else:
            # quote(): Prefect would otherwise walk every observation of every document looking for futures
            reused = reuse_task(quote(plan), out_dir)
            results = in_plan_order(plan, reused, _extract([d.path for d in plan.documents if d.path not in reused],
                                                           edition, workers))
            summary = write_task(quote(results), str(staging.dir), quote(plan))
            summary.update(validate_task(quote(results), str(staging.dir), quote(plan), quote(fetched)))
            summary.update(publish_task(quote(results), quote(plan), staging, quote(summary)))
    create_table_artifact(key="migstat-run-documents", table=[r.summary() for r in results],
                          description="Documents of the last migstat run")
    create_table_artifact(key="migstat-run-findings", table=review_table(summary),
                          description="Errors and warnings of the last migstat run (all findings: findings.csv)")
    create_table_artifact(key="migstat-run-changes", table=changes_table(summary),
                          description="What the last migstat run changed in the tables (extracted/changes.csv)")
    create_markdown_artifact(key="migstat-run-summary", markdown=run_markdown(results, summary, out_dir),
                             description="The last migstat run: documents, findings, changes")
    summary["flow_seconds"] = time.perf_counter() - started     # from the flow's start (make bench prints it)
    return RunOutcome(results, summary)


class RunOutcome:
    """What run_flow returns: its DocResults and summary, unpacked as a pair (`results, summary =
    run_flow(...)`). Not a tuple: Prefect looks through a flow's return value for futures, and a run's
    results and summary hold every document's coverage and every finding to review — 1.5 s for 400
    documents, which this object, opaque to it, saves."""
    __slots__ = ("results", "summary")

    def __init__(self, results: list, summary: dict):
        self.results, self.summary = results, summary

    def __iter__(self):
        return iter((self.results, self.summary))


def flow_with_runner(dask_address: str | None = None):
    """The run flow as it is (its tasks in this process), or with its tasks on the Dask cluster whose
    scheduler is at `dask_address` (prefect-dask's DaskTaskRunner: one Dask task per document; the
    tables, findings and artifacts are written here as always)."""
    if not dask_address:
        return run_flow
    from prefect_dask import DaskTaskRunner
    return run_flow.with_options(task_runner=DaskTaskRunner(address=dask_address))


@contextmanager
def api_for_workers():
    """The Prefect API the Dask workers report their task runs to: the configured PREFECT_API_URL, a
    server that outlives the run (the CLI refuses --dask without one: usage.api_reachable_from)."""
    from prefect.settings import get_current_settings
    url = get_current_settings().api.url
    if not url:
        raise RuntimeError("--dask needs PREFECT_API_URL (a Prefect server that outlives the run)")
    yield url
