"""`migstat serve`: the scheduled deployment served against a Prefect server (the user's, from
PREFECT_API_URL, or a local one this process starts on 127.0.0.1 and stops again)."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from pipeline.errors import UsageError


def check_schedule(cron: str, timezone: str) -> None:
    """A cron expression and a time zone Prefect accepts, else UsageError naming what is wrong."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from cronsim import CronSim, CronSimError
    from datetime import datetime
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise UsageError(f"--timezone {timezone!r}: not a time zone (e.g. Europe/Amsterdam)") from None
    try:
        CronSim(cron, datetime(2026, 1, 1))
    except CronSimError as e:
        raise UsageError(f"--cron {cron!r}: not a cron expression ({e})") from None


class LocalServer:
    """`prefect server start` on 127.0.0.1 in a child process, until stop()."""

    def __init__(self, port: int, home: Path):
        self.url = f"http://127.0.0.1:{port}"
        log = open(home / "server.log", "ab")
        prefect = Path(sys.executable).with_name("prefect")
        self.proc = subprocess.Popen([str(prefect), "server", "start", "--host", "127.0.0.1", "--port", str(port),
                                      "--analytics-off"], stdout=log, stderr=subprocess.STDOUT,
                                     env={**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false"})

    def wait_healthy(self, timeout: float = 90.0) -> None:
        import httpx
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise UsageError(f"the Prefect server on {self.url} exited (see .prefect/server.log; "
                                 f"is the port in use? try --port)")
            try:
                if httpx.get(f"{self.url}/api/health", timeout=2.0).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        self.stop()
        raise UsageError(f"the Prefect server on {self.url} did not become healthy in {timeout:.0f} s")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def local_server(port: int) -> LocalServer:
    home = Path(os.environ.get("PREFECT_HOME", ".prefect"))
    home.mkdir(parents=True, exist_ok=True)
    server = LocalServer(port, home)
    server.wait_healthy()
    os.environ["PREFECT_API_URL"] = f"{server.url}/api"
    print(f"Prefect server: {server.url} (the UI shows runs and artifacts; stopped with this process)", file=sys.stderr)
    return server


def serve_deployment(raw_dir, out_dir, sources, cron: str, timezone: str) -> None:
    """Register the deployment and serve it until interrupted."""
    from prefect import serve

    from flows.scheduled import DEPLOYMENT_NAME, FLOW_NAME, deployment
    dep = deployment(Path(raw_dir).resolve(), Path(out_dir).resolve(), Path(sources).resolve() if sources else None,
                     cron, timezone)
    print(f"serving {FLOW_NAME}/{DEPLOYMENT_NAME}: '{cron}' ({timezone}); raw {raw_dir} -> {out_dir}"
          f"{'; fetching ' + str(sources) if sources else '; not fetching'}. Run it now with: "
          f"prefect deployment run '{FLOW_NAME}/{DEPLOYMENT_NAME}'", file=sys.stderr)
    serve(dep, print_starting_message=False)
