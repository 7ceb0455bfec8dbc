"""What several commands share: the findings printed on standard error, the progress bar over
documents, Prefect's settings for this checkout and the variable that names a Dask cluster."""
from __future__ import annotations

import os
import sys

from ..paths import project_dir

DASK_ENV = "MIGSTAT_DASK_ADDRESS"


def print_findings(findings) -> None:
    """Errors and warnings on standard error, one line each naming the document and the figure's key in
    full (info only in the CSV)."""
    for f in findings:
        if f.severity in ("error", "warning"):
            print(f.line(), file=sys.stderr)


def progress(items):
    from tqdm import tqdm       # start-up: only commands over many documents show a progress bar
    return tqdm(items, desc="documents", unit="doc", file=sys.stderr, disable=None)


def prefect_environment() -> None:
    """Quiet, offline, per-checkout Prefect settings (see prefect.toml); the user's own win."""
    home = project_dir() / ".prefect"
    defaults = {
        "PREFECT_HOME": str(home),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
        "PREFECT_LOGGING_LEVEL": "WARNING",
        "PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW": "ignore",
        "PREFECT_RESULTS_LOCAL_STORAGE_PATH": str(home / "results"),
    }
    for k, v in defaults.items():
        os.environ.setdefault(k, v)
