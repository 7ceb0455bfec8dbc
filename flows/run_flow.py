"""Prefect flow for `migstat run`: one task per document, then the tables, the findings and the run's
artifacts.

Thin on purpose: every step is a function of pipeline.batch, every artifact's content one of
pipeline.report; this file only orchestrates. Each artifact has a fixed key and is published on every
run, so the latest of each key is always this run's, also when it has nothing to report.
"""
from __future__ import annotations

import sys

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
