"""The run's report (pipeline.run.report), as the Prefect artifacts show it, on real documents and a real
change between two runs."""
import shutil

from conftest import ROOT
from pipeline.run.documents import process_document
from pipeline.run.tables import write_outputs
from pipeline.run.validation import validate_and_write
from pipeline.run.report import changes_table, review_table, run_markdown


def _run(out_dir, *paths):
    results = [process_document(p) for p in paths]
    summary = write_outputs(results, out_dir)
    summary.update(validate_and_write(results, out_dir))
    return results, summary


def test_markdown_names_documents_findings_errors_and_changes(tmp_path):
    doc = tmp_path / "kerncijfers-2017-01.md"
    shutil.copy(ROOT / "raw" / "kerncijfers-2017-01.md", doc)
    bad = ROOT / "tests/fixtures/bad/junk.pdf"
    results, summary = _run(tmp_path / "out", doc, bad)
    md = run_markdown(results, summary, "extracted")
    assert md.startswith("# migstat run: 1/2 documents, 22 rows\n")
    assert f"| kerncijfers-2017-01.md | {results[0].doc_id} | 2017-01 | 1 | 22 | 22 |" in md
    assert f"## Could not be read (1)\n\n- {bad}: not a PDF" in md
    assert "| error | warning | info |\n|---:|---:|---:|\n| 4 | 3 |" in md
    assert (f"- **error** `period_order` {doc}: asylum_first_applications_share SY (category -) "
            "2016-02..2016-01: the period starts after it ends") in md
    assert f"| {doc} | new table |  |  |  |" in md
    assert len(review_table(summary)) == 7
    # issue 15: a first run's changes artifact said "no changes"; its new table is listed
    assert [(r["document"], r["doc_id"], r["status"], r["new_value"]) for r in changes_table(summary)] == [
        (str(doc), results[0].doc_id, "new table", "22 rows")]

    # the same document again with one number changed: the second run says what changed
    text = doc.read_text(encoding="utf-8")
    assert text.count("2.230") == 1
    doc.write_text(text.replace("2.230", "2.231"), encoding="utf-8")
    results, summary = _run(tmp_path / "out", doc)
    md = run_markdown(results, summary, "extracted")
    assert f"| {doc} | changed | 0 | 0 | 1 |" in md and "table artifact `migstat-run-changes`" in md
    rows = changes_table(summary)
    assert [(r["document"], r["status"], r["old_value"], r["new_value"]) for r in rows] == [(str(doc), "changed", 2230.0, 2231.0)]
    assert all(v is None or isinstance(v, (str, int, float, bool)) for r in rows for v in r.values())


def test_nothing_to_report_is_said_not_left_out(tmp_path):
    src = ROOT / "raw" / "kerncijfers-2021-05.md"
    _run(tmp_path, src)
    results, summary = _run(tmp_path, src)             # the second run: nothing new
    assert review_table(summary) == [{"severity": "", "check": "", "source": "", "doc_id": "", "key": "",
                                      "message": "no errors or warnings"}]
    [nothing] = changes_table(summary)
    assert nothing["status"] == "no changes" and not any(v for k, v in nothing.items() if k != "status")
    md = run_markdown(results, summary)
    assert "### Errors and warnings\n\nno errors or warnings." in md
    assert "| raw/kerncijfers-2021-05.md | unchanged | 0 | 0 | 0 |" in md
    del summary["change_counts"]                        # a summary without a diff: no section
    assert "## What changed" not in run_markdown(results, summary)
