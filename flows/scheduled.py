"""The scheduled job: fetch what the sources published, then the run flow over raw/ (extract what is
new or changed, validate, write, artifacts). `migstat serve` registers it as a Prefect deployment on a
cron schedule and serves it; orchestration only — every step is a pipeline function.
"""
from __future__ import annotations

from pathlib import Path

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact

from flows.run_flow import run_flow

FLOW_NAME = "migstat-scheduled"
DEPLOYMENT_NAME = "scheduled"
DEFAULT_CRON = "0 7 * * 1-5"             # weekdays 07:00
DEFAULT_TIMEZONE = "Europe/Amsterdam"


@task(name="fetch-sources")
def fetch_task(sources: str, raw_dir: str):
    """Poll the configured publication sources into raw/; a failing source is in the report, not a crash."""
    from pipeline.fetch import fetch_all
    return fetch_all(sources, raw_dir)


@flow(name=FLOW_NAME, log_prints=False)
def scheduled_run(raw_dir: str, out_dir: str, sources: str = "", fetch: bool = True):
    """fetch (when `fetch` and a sources file is given) -> the run flow over every document in raw_dir,
    whose findings and artifacts include the fetch failures. A poll with failed sources ends in the
    state "Completed with fetch failures" (its message names them), which the Prefect UI lists."""
    from prefect.states import Completed
    fetched, failures = None, None
    if fetch and sources:
        report = fetch_task(sources, raw_dir)
        fetched = {"new": [p.name for p in report.new_files], "unchanged": list(report.unchanged),
                   "failures": [f.line() for f in report.failures], "sources": [s.line() for s in report.sources],
                   "requests": report.requests}
        failures = [f.as_finding().as_row() for f in report.failures]
        create_markdown_artifact(key="migstat-fetch", markdown=fetch_markdown(fetched),
                                 description="What the last scheduled run fetched")
    # the folder itself, so documents gone from it have their outputs removed; the run's steps are this
    # flow run's tasks (a sub-flow run would cost its own start and end: up to a second for nothing)
    results, summary = run_flow.fn(paths=[raw_dir], out_dir=out_dir, fetch_failures=failures)
    outcome = {"documents": len(results), "failed": sum(not r.ok for r in results), "rows": summary["rows"],
               "findings": summary.get("findings_summary", ""), "fetch": fetched}
    if fetched and fetched["failures"]:
        n = len(fetched["failures"])
        return Completed(name=FETCH_FAILED_STATE, data=outcome,
                         message=f"{n} source{'s' if n != 1 else ''} could not be fetched: " + "; ".join(fetched["failures"]))
    return outcome


FETCH_FAILED_STATE = "Completed with fetch failures"


def fetch_markdown(fetched: dict) -> str:
    lines = ["# migstat fetch", "", f"{fetched['requests']} requests.", ""] + [f"- {x}" for x in fetched["sources"]] + [""]
    for key, title in (("new", "New documents"), ("unchanged", "Unchanged documents"), ("failures", "Failures")):
        items = fetched.get(key) or []
        lines += [f"## {title} ({len(items)})", ""] + [f"- {x}" for x in items] + [""]
    return "\n".join(lines)


def deployment(raw_dir: str | Path, out_dir: str | Path, sources: str | Path | None, cron: str = DEFAULT_CRON,
               timezone: str = DEFAULT_TIMEZONE, fetch: bool = True):
    """The deployment of the scheduled flow, with its cron schedule in `timezone`."""
    from prefect.schedules import Cron
    return scheduled_run.to_deployment(
        name=DEPLOYMENT_NAME, schedules=[Cron(cron, timezone=timezone)],
        parameters={"raw_dir": str(raw_dir), "out_dir": str(out_dir), "sources": str(sources or ""),
                    "fetch": bool(fetch and sources)},
        description="Fetch the configured publications, extract what is new or changed, validate, write, "
                    "publish artifacts", tags=["migstat"])
