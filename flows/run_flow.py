"""Prefect flow for `migstat run`: one task per document, then the tables, the findings and the run's
artifacts.

Thin on purpose: every step is a function of pipeline.batch, every artifact's content one of
pipeline.report; this file only orchestrates. Each artifact has a fixed key and is published on every
run, so the latest of each key is always this run's, also when it has nothing to report.
"""
from __future__ import annotations

import sys
from contextlib import contextmanager

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact

from pipeline.batch import DocResult, process_document, validate_and_write, write_outputs
from pipeline.report import changes_table, review_table, run_markdown


@task(name="extract-document", task_run_name="extract {path}")
def extract_task(path: str, edition: str | None = None) -> DocResult:
    return process_document(path, edition)


@task(name="write-tables")
def write_task(results: list[DocResult], out_dir: str) -> dict:
    return write_outputs(results, out_dir)


@task(name="validate")
def validate_task(results: list[DocResult], out_dir: str) -> dict:
    return validate_and_write(results, out_dir)


@flow(name="migstat-run", log_prints=False)
def run_flow(paths: list[str], out_dir: str = "extracted", edition: str | None = None):
    from tqdm import tqdm
    futures = [extract_task.submit(p, edition) for p in paths]
    results = []
    with tqdm(total=len(futures), desc="documents", unit="doc", file=sys.stderr, disable=None) as bar:
        for f in futures:
            results.append(f.result())
            bar.update(1)
    summary = write_task(results, out_dir)
    summary.update(validate_task(results, out_dir))
    create_table_artifact(key="migstat-run-documents", table=[r.summary() for r in results],
                          description="Documents of the last migstat run")
    create_table_artifact(key="migstat-run-findings", table=review_table(summary),
                          description="Errors and warnings of the last migstat run (all findings: findings.csv)")
    create_table_artifact(key="migstat-run-changes", table=changes_table(summary),
                          description="What the last migstat run changed in the tables (extracted/changes.csv)")
    create_markdown_artifact(key="migstat-run-summary", markdown=run_markdown(results, summary, out_dir),
                             description="The last migstat run: documents, findings, changes")
    return results, summary


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
    """The Prefect API the Dask workers report their task runs to: the configured PREFECT_API_URL, else
    this process's temporary local server, started here and named in the settings the tasks carry to
    the workers (without it each worker process would start a server of its own)."""
    from prefect.settings import PREFECT_API_URL, get_current_settings, temporary_settings
    if get_current_settings().api.url:
        yield get_current_settings().api.url
        return
    from prefect.server.api.server import SubprocessASGIServer
    server = SubprocessASGIServer()
    server.start(timeout=int(get_current_settings().server.ephemeral.startup_timeout_seconds))
    with temporary_settings(updates={PREFECT_API_URL: server.api_url}):
        yield server.api_url
