"""`migstat run --direct`: the whole run over many documents without Prefect, the steps of the run
layer in order (flows/run_flow.py makes the same steps Prefect tasks)."""
from __future__ import annotations

from pathlib import Path

from ..results import DocResult
from .documents import extract_many, in_plan_order, process_document, reusable
from .inputs import expand_paths
from .outputs.session import finish, run_session
from .outputs.stamp import unchanged_run
from .tables import write_outputs
from .validation import validate_and_write


def run_documents(inputs: list[str | Path], out_dir: str | Path, edition: str | None = None, force: bool = False,
                  workers: int = 1, wait: bool = True, progress=lambda items: items) -> tuple[list[DocResult], dict]:
    """`migstat run --direct`: the whole run without Prefect (the flow does the same steps as tasks).
    Under the output folder's lock: documents unchanged since their table was made are taken from
    their cache, the others extracted (in `workers` processes); tables, Parquet, changes, findings,
    series and the manifest are written to the staging folder and published together."""
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
