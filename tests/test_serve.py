"""`migstat serve`: the scheduled deployment, registered on a Prefect server started on loopback and
run once end to end (fetching left to tests/test_fetch.py)."""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time

import httpx
import pandas as pd
import pytest

from conftest import ROOT, gold_rows
from fetch_server import publication_site, sources_yaml

pytestmark = pytest.mark.prefect

PREFECT = ROOT / ".venv/bin/prefect" if (ROOT / ".venv/bin/prefect").exists() else shutil.which("prefect")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(pred, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        got = pred()
        if got:
            return got
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


def test_usage_errors_are_refused_before_any_work():
    for args, msg in ((["--cron", "0 7 * *"], "not a cron expression"), (["--timezone", "Mars/Base"], "not a time zone")):
        r = subprocess.run([sys.executable, "-m", "pipeline", "serve", *args], capture_output=True, text=True, cwd=ROOT)
        assert r.returncode == 2 and r.stderr.count("\n") == 1 and msg in r.stderr


@pytest.mark.skipif(PREFECT is None, reason="prefect command not installed")
def test_deployment_is_scheduled_and_runs_end_to_end(tmp_path):
    """fetch (from the loopback publication site of the fetch tests) -> extract -> validate -> write ->
    artifacts, run once through the deployment that `migstat serve` registered."""
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    shutil.copy(ROOT / "raw/ind-asielinstroom-2020-04.txt", raw)
    site = publication_site().__enter__()
    sources = tmp_path / "sources.yaml"
    sources.write_text(sources_yaml(site.base))
    port = _free_port()
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "home"), "PREFECT_RUNNER_POLL_FREQUENCY": "2"}
    env.pop("PREFECT_API_URL", None)
    serve = subprocess.Popen([sys.executable, "-m", "pipeline", "serve", "--raw", str(raw), "--out-dir", str(out),
                              "--sources", str(sources), "--port", str(port), "--cron", "30 6 * * 1-5"],
                             cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    api = f"http://127.0.0.1:{port}/api"
    try:
        def deployment():
            try:
                r = httpx.get(f"{api}/deployments/name/migstat-scheduled/scheduled", timeout=2)
            except httpx.HTTPError:
                return None
            return r.json() if r.status_code == 200 else None
        dep = _wait(deployment, 120, "the deployment to be registered")
        (sched,) = dep["schedules"]
        assert (sched["schedule"]["cron"], sched["schedule"]["timezone"]) == ("30 6 * * 1-5", "Europe/Amsterdam")
        assert dep["parameters"]["raw_dir"] == str(raw) and dep["parameters"]["fetch"] is True
        run = subprocess.run([str(PREFECT), "deployment", "run", "migstat-scheduled/scheduled", "--watch",
                              "--watch-timeout", "120"], cwd=ROOT, env={**env, "PREFECT_API_URL": api},
                             capture_output=True, text=True, timeout=180)
        assert run.returncode == 0 and "Completed" in run.stdout, run.stdout + run.stderr
        got = pd.read_csv(out / "ind-asielinstroom-2020-04.csv", dtype=str, keep_default_na=False)
        want = pd.read_csv(ROOT / "extracted/ind-asielinstroom-2020-04.csv", dtype=str, keep_default_na=False)
        assert len(got) == gold_rows("ind-asielinstroom-2020-04") and got.drop(columns="source").equals(want.drop(columns="source"))
        assert {"findings.csv", "series.csv", "observations.parquet"} <= {p.name for p in out.iterdir()}
        fetched = sorted(p.name for p in raw.iterdir() if not p.name.startswith("."))
        assert "ind-asylum-trends-2024-03.pdf" in fetched and "nieuws-2023-01.pdf" in fetched
        assert {p.stem for p in out.glob("*.csv")} >= {"ind-asylum-trends-2024-03", "nieuws-2023-01"}
        kern = pd.read_csv(out / "nieuws-2023-01.csv", dtype=str, keep_default_na=False)
        assert ((kern["metric"] == "asylum_first_applications") & (kern["value"] == "2490")).any()
        findings = pd.read_csv(out / "findings.csv", dtype=str, keep_default_na=False)
        failed = findings[findings["check"] == "fetch"]
        assert {m.split(":")[0] for m in failed["message"]} == {"stuk", "geen-pdf", "lege-lijst", "traag"}
        def latest(key):
            return httpx.post(f"{api}/artifacts/latest/filter", json={"artifacts": {"key": {"any_": [key]}}},
                              timeout=5).json()
        n_docs = len(fetched)
        summary_md = latest("migstat-run-summary")[0]["data"]
        assert f"{n_docs}/{n_docs} documents" in summary_md
        assert "nieuws-2023-01.pdf" in latest("migstat-fetch")[0]["data"]
        # issue 15: the run's artifacts describe the whole run, the fetch included
        n_errors = int((findings["severity"] == "error").sum())
        assert f"| {n_errors} | {int((findings['severity'] == 'warning').sum())} | " in summary_md
        review = json.loads(latest("migstat-run-findings")[0]["data"])
        assert {r["message"] for r in review if r["check"] == "fetch"} == set(failed["message"])
        assert len(review) == int(findings["severity"].isin(["error", "warning"]).sum())
        changes = json.loads(latest("migstat-run-changes")[0]["data"])
        assert {r["document"] for r in changes if r["status"] == "new table"} >= {
            str(raw / "ind-asylum-trends-2024-03.pdf"), str(raw / "nieuws-2023-01.pdf")}
        # and the flow run ends in a state that says sources failed
        runs = httpx.post(f"{api}/flow_runs/filter", json={"flow_runs": {"deployment_id": {"any_": [dep["id"]]}}},
                          timeout=5).json()
        ran = [r for r in runs if r["state"]["type"] != "SCHEDULED"]      # the cron's next runs wait
        assert [(r["state"]["type"], r["state"]["name"]) for r in ran] == [("COMPLETED", "Completed with fetch failures")]
        assert ran[0]["state"]["message"].startswith("4 sources could not be fetched: fetch: ")
    finally:
        serve.send_signal(signal.SIGTERM)      # what systemd or a container stop sends, to `serve` alone
        try:
            serve.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(serve.pid, signal.SIGKILL)
        site.__exit__(None, None, None)
    assert serve.returncode == 0
    # the local server it started is stopped with it
    with pytest.raises(httpx.HTTPError):
        httpx.get(f"{api}/health", timeout=2)
