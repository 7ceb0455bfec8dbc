"""The scheduled job: fetch what the sources published, then the run flow over raw/ (extract what is
new or changed, validate, write, artifacts). `migstat serve` registers it as a Prefect deployment on a
cron schedule and serves it; orchestration only — every step is a pipeline function.
"""
from __future__ import annotations

from pathlib import Path

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact

from flows.run_flow import run_flow
from pipeline.batch import expand_paths

FLOW_NAME = "migstat-scheduled"
DEPLOYMENT_NAME = "scheduled"
DEFAULT_CRON = "0 7 * * 1-5"             # weekdays 07:00
DEFAULT_TIMEZONE = "Europe/Amsterdam"


@task(name="fetch-sources")
def fetch_task(sources: str, raw_dir: str) -> dict:
    """Poll the configured publication sources into raw/; a failing source is a finding, not a crash."""
    from pipeline.fetch import fetch_all
    report = fetch_all(sources, raw_dir)
    return report.as_summary()


@flow(name=FLOW_NAME, log_prints=False)
def scheduled_run(raw_dir: str, out_dir: str, sources: str = "", fetch: bool = True):
    """fetch (when `fetch` and a sources file is given) -> the run flow over every document in raw_dir."""
    fetched = None
    if fetch and sources:
        fetched = fetch_task(sources, raw_dir)
        create_markdown_artifact(key="migstat-fetch", markdown=fetch_markdown(fetched),
                                 description="What the last scheduled run fetched")
    paths = [str(p) for p in expand_paths([raw_dir])]
    results, summary = run_flow(paths=paths, out_dir=out_dir)
    summary["fetch"] = fetched
    return {"documents": len(results), "failed": sum(not r.ok for r in results), "rows": summary["rows"],
            "findings": summary.get("findings_summary", ""), "fetch": fetched}


def fetch_markdown(fetched: dict) -> str:
    lines = ["# migstat fetch", ""]
    for key, title in (("new", "New documents"), ("unchanged", "Unchanged sources"), ("failures", "Failures")):
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
