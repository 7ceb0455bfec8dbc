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
    from conftest import processed
    from pipeline.run.tables import write_outputs
    from pipeline.run.validation import validate_and_write
    from pipeline.publish.diff import git_show
    out = Path(tempfile.mkdtemp(prefix="migstat-review-"))
    atexit.register(shutil.rmtree, out, True)
    (out / SVM_TABLE).write_bytes(git_show(PREVIOUS_RUN, f"extracted/{SVM_TABLE}"))
    results = [processed(ROOT / p) for p in DOCS]
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
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")     # starlette's note about httpx2
        from fastapi.testclient import TestClient     # start-up: the app's test client, for the tests that need it
    return TestClient(app, base_url="http://127.0.0.1:8377", headers={"X-Migstat-Token": app.state.token})


def many_decisions(extracted: Path, path: Path, n: int) -> Path:
    """`n` decisions on the core rows of the tables in `extracted` (accept, correct, reject in turn,
    row after row, again from the first row when they run out), written at once to `path` as the app
    writes them (one JSON line each): the decisions page's and publish's benchmark."""
    import json
    from dataclasses import asdict

    from pipeline.keys import KEY_FIELDS
    from pipeline.publish.decisions import Decision
    from pipeline.publish.series import extraction_tables
    from pipeline.store import read_table
    rows = [r for t in extraction_tables(extracted) for r in read_table(t).to_dict(orient="records") if r["metric"]]
    actions = ("accept", "correct", "reject")
    lines = []
    for i in range(n):
        r, action = rows[i % len(rows)], actions[i % 3]
        d = Decision(decision_id=f"{i:012x}", who=f"reviewer {i % 7}", when=f"2026-01-{1 + i % 28:02d}T{i % 24:02d}:00:00+00:00",
                     action=action, source=str(r["source"]), doc_id=str(r["doc_id"]),
                     **{f: str(r[f]) for f in KEY_FIELDS}, unit=str(r["unit"]), label=str(r["label"]),
                     char_start=int(r["char_start"]), char_end=int(r["char_end"]), old_value=float(r["value"]),
                     new_value=float(r["value"]) + 1 if action == "correct" else None, note=f"note {i}")
        lines.append(json.dumps(asdict(d), ensure_ascii=False, sort_keys=True))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
