"""Prefect flow for `migstat run`: one task per document, then the tables and a run artifact.

Thin on purpose: every step is a function of pipeline.batch; this file only orchestrates.
"""
from __future__ import annotations

import sys

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact

from pipeline.batch import DocResult, process_document, validate_and_write, write_outputs


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
    if summary["findings_to_review"]:
        create_table_artifact(key="migstat-run-findings", table=summary["findings_to_review"],
                              description="Errors and warnings of the last migstat run (all findings: findings.csv)")
    failed = [r for r in results if not r.ok]
    create_markdown_artifact(
        key="migstat-run-summary",
        markdown=f"{len(results) - len(failed)}/{len(results)} documents, {summary['rows']} rows, "
                 f"{summary['combined_rows']} in observations.parquet; {summary['findings_summary']}"
                 + "".join(f"\n- error: {r.error}" for r in failed))
    return results, summary
