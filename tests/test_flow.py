"""The Prefect flow behind `migstat run`, against a temporary Prefect database (no server to start)."""
import pandas as pd
import pytest

from conftest import ROOT, gold_rows

pytestmark = pytest.mark.prefect      # prefect is imported by the tests: leaving them out does not pay for it


@pytest.fixture(scope="module")
def harness(tmp_path_factory):
    import os
    from prefect.testing.utilities import prefect_test_harness
    os.environ["PREFECT_RESULTS_LOCAL_STORAGE_PATH"] = str(tmp_path_factory.mktemp("results"))
    with prefect_test_harness(server_startup_timeout=90):
        yield


def test_flow_runs_documents_writes_tables_and_artifacts(harness, tmp_path):
    from prefect.artifacts import Artifact

    from flows.run_flow import run_flow
    paths = [str(ROOT / "raw" / "ind-asielinstroom-2022-12.txt"), str(ROOT / "tests/fixtures/bad/junk.pdf")]
    results, summary = run_flow(paths=paths, out_dir=str(tmp_path))
    assert [r.ok for r in results] == [True, False]
    assert "junk.pdf" in results[1].error
    assert (tmp_path / "ind-asielinstroom-2022-12.csv").exists()
    assert summary["combined_rows"] == gold_rows("ind-asielinstroom-2022-12")
    art = Artifact.get("migstat-run-documents")
    assert art is not None and "ind-asielinstroom-2022-12.txt" in str(art.data)
    # the run validates its documents too: findings.csv, and the counts in the summary artifact
    findings = pd.read_csv(tmp_path / "findings.csv", keep_default_na=False)
    assert set(findings.check) >= {"known_value"}      # confirmed against rules/known_values.csv
    assert summary["findings"] == len(findings)
    assert summary["findings_summary"] in str(Artifact.get("migstat-run-summary").data)


def test_the_documents_artifact_and_extracted_keep_each_documents_coverage(harness, tmp_path):
    from prefect.artifacts import Artifact

    from flows.run_flow import run_flow
    english = ROOT / "tests/fixtures/language/english-sources.md"
    run_flow(paths=[str(ROOT / "raw" / "ind-asielinstroom-2022-12.txt"), str(english)], out_dir=str(tmp_path))
    rows = {r["document"]: r for r in _table(Artifact.get("migstat-run-documents"))}
    ind, eng = rows["ind-asielinstroom-2022-12.txt"], rows["english-sources.md"]
    assert (ind["numbers"], ind["core_rows"], ind["passed_over"], ind["not_understood"]) == (30, 27, 3, 0)
    assert ind["coverage"] == ("coverage: 30 numbers, 27 rows with a core metric, 0 without one, 3 passed over; "
                               "0 not understood (0%)")
    assert (eng["language"], eng["rows"], eng["passed_over"]) == ("en", 0, 6)
    table = pd.read_csv(tmp_path / "coverage.csv", dtype=str, keep_default_na=False)
    assert table.set_index("document").loc["raw/ind-asielinstroom-2022-12.txt", "numbers"] == "30"
    assert "| 30 numbers, 27 rows with a core metric" in str(Artifact.get("migstat-run-summary").data)


def test_flow_puts_errors_and_warnings_in_an_artifact(harness, tmp_path):
    from prefect.artifacts import Artifact

    from flows.run_flow import run_flow
    _, summary = run_flow(paths=[str(ROOT / "raw" / "kerncijfers-2017-01.md")], out_dir=str(tmp_path))
    assert summary["findings_by_severity"]["error"] == 4
    art = Artifact.get("migstat-run-findings")
    assert art is not None and "period_order" in str(art.data) and "period_contradicts_heading" in str(art.data)


def _table(artifact) -> list[dict]:
    import json
    return json.loads(artifact.data) if isinstance(artifact.data, str) else artifact.data


def test_a_run_with_nothing_to_report_replaces_the_previous_artifacts(harness, tmp_path):
    """Every run publishes its findings, changes and summary artifacts under fixed keys, so after a run
    with errors and then one without, the latest findings artifact is the second run's ('no errors or
    warnings'), not the first run's errors."""
    from prefect.artifacts import Artifact

    from flows.run_flow import run_flow
    run_flow(paths=[str(ROOT / "raw" / "kerncijfers-2017-01.md")], out_dir=str(tmp_path / "first"))
    first = Artifact.get("migstat-run-findings")
    rows = _table(first)
    assert len(rows) == 7 and {r["source"] for r in rows} == {"raw/kerncijfers-2017-01.md"}
    assert {(r["check"], r["key"]) for r in rows} >= {
        ("period_order", "asylum_first_applications_share SY (category -) 2016-02..2016-01")}

    _, summary = run_flow(paths=[str(ROOT / "raw" / "kerncijfers-2021-05.md")], out_dir=str(tmp_path / "second"))
    assert summary["findings_to_review"] == []
    second = Artifact.get("migstat-run-findings")
    assert second.flow_run_id != first.flow_run_id
    assert _table(second) == [{"severity": "", "check": "", "source": "", "doc_id": "", "key": "",
                               "message": "no errors or warnings"}]
    changes = Artifact.get("migstat-run-changes")
    assert changes.flow_run_id == second.flow_run_id
    markdown = Artifact.get("migstat-run-summary")
    assert markdown.flow_run_id == second.flow_run_id
    assert "| kerncijfers-2021-05.md |" in markdown.data and "kerncijfers-2017-01" not in markdown.data
    assert "no errors or warnings." in markdown.data and summary["findings_summary"] in markdown.data


def test_tasks_are_thin_wrappers():
    from flows.run_flow import extract_task
    r = extract_task.fn(str(ROOT / "raw" / "kerncijfers-2021-05.md"))
    assert r.ok and r.rows == gold_rows("kerncijfers-2021-05")


def test_flow_with_two_workers_writes_what_a_direct_run_writes_and_then_reuses_it(harness, tmp_path):
    """The flow extracts in 2 processes (one task, ProcessPoolExecutor inside it): the same bytes as
    `run --direct --workers 1`; run again, every document is taken from its cache."""
    import shutil

    from flows.run_flow import run_flow
    from pipeline.run.batch import run_documents
    docs = tmp_path / "docs"
    docs.mkdir()
    for n in ("ind-asielinstroom-2020-01.txt", "ind-asielinstroom-2020-02.txt", "kerncijfers-2017-01.md"):
        shutil.copyfile(ROOT / "raw" / n, docs / n)

    def snapshot(out):
        return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
                if p.is_file() and p.name != ".lock"}
    run_documents([docs], tmp_path / "direct", workers=1)
    results, summary = run_flow(paths=[str(docs)], out_dir=str(tmp_path / "flow"), workers=2)
    assert [r.rows for r in results] == [34, 31, 22] and summary["reused"] == 0
    assert snapshot(tmp_path / "flow") == snapshot(tmp_path / "direct")
    results, summary = run_flow(paths=[str(docs)], out_dir=str(tmp_path / "flow"), workers=2)
    assert summary["reused"] == 3 and all(r.reused for r in results)
    assert snapshot(tmp_path / "flow") == snapshot(tmp_path / "direct")
