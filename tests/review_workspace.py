"""A real extracted/ folder for the review tests, built once per test session.

Documents of raw/ go through the pipeline as `make run` sends them (process_document, write_outputs,
validate_and_write) into a temporary folder: the IND items of January, February (which revises
January) and April 2020, the Kerncijfers January 2023 PDF and the Staat van Migratie 2024. Before
the run, the Staat van Migratie's table is the one committed at PREVIOUS_RUN, so the run records
real changes in changes.csv (what a rule change did to the table).
"""
from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from pathlib import Path

from conftest import ROOT

DOCS = ("raw/ind-asielinstroom-2020-01.txt", "raw/ind-asielinstroom-2020-02.txt", "raw/ind-asielinstroom-2020-04.txt",
        "raw/kerncijfers-2023-01.rendered.pdf", "raw/staat-van-migratie-2024.md")
PREVIOUS_RUN = "2656803"       # a commit whose extracted/staat-van-migratie-2024.csv an attachment rule changed since
SVM_TABLE = "staat-van-migratie-2024.csv"


@functools.lru_cache(maxsize=1)
def built() -> Path:
    from pipeline.run.documents import process_document
    from pipeline.run.tables import write_outputs
    from pipeline.run.validation import validate_and_write
    from pipeline.publish.diff import git_show
    out = Path(tempfile.mkdtemp(prefix="migstat-review-"))
    atexit.register(shutil.rmtree, out, True)
    (out / SVM_TABLE).write_bytes(git_show(PREVIOUS_RUN, f"extracted/{SVM_TABLE}"))
    results = [process_document(ROOT / p) for p in DOCS]
    assert all(r.ok for r in results), [r.error for r in results if not r.ok]
    write_outputs(results, out)
    validate_and_write(results, out)
    return out


def previous_svm_table() -> bytes:
    from pipeline.publish.diff import git_show
    return git_show(PREVIOUS_RUN, f"extracted/{SVM_TABLE}")


def copy_of_extracted(dest: Path) -> Path:
    """A fresh copy of the built folder (tests that change it have their own)."""
    return Path(shutil.copytree(built(), dest))


def review_client(app):
    """A TestClient of the review app as its own pages talk to it: on 127.0.0.1, with the session's
    token in the header X-Migstat-Token (pipeline.review.guard)."""
    from fastapi.testclient import TestClient     # start-up: the app's test client, for the tests that need it
    return TestClient(app, base_url="http://127.0.0.1:8377", headers={"X-Migstat-Token": app.state.token})
