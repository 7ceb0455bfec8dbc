"""The run's report (pipeline.report), as the Prefect artifacts show it, on real documents."""
from conftest import ROOT
from pipeline.batch import process_document, validate_and_write, write_outputs
from pipeline.report import changes_table, review_table, run_markdown


def _run(tmp_path, *paths):
    results = [process_document(ROOT / p) for p in paths]
    summary = write_outputs(results, tmp_path)
    summary.update(validate_and_write(results, tmp_path))
    return results, summary


def test_markdown_names_documents_findings_errors_and_changes(tmp_path):
    results, summary = _run(tmp_path, "raw/kerncijfers-2017-01.md", "tests/fixtures/bad/junk.pdf")
    # the diff of the run, in the shape batch.write_outputs gives it (pipeline.review.diff.diff_table rows)
    summary["change_counts"] = {"kerncijfers-2017-01.md": {"added": 2, "removed": 1, "changed": 3}}
    summary["changes"] = [{"document": "kerncijfers-2017-01.md", "status": "changed", "metric": "asylum_first_applications",
                           "old_value": 2230.0, "new_value": 2231.0, "changed_fields": ("value",)}]
    md = run_markdown(results, summary, "extracted")
    assert md.startswith("# migstat run: 1/2 documents, 22 rows\n")
    assert f"| kerncijfers-2017-01.md | {results[0].doc_id} | 2017-01 | 1 | 22 | 22 |" in md
    assert f"## Could not be read (1)\n\n- {ROOT / 'tests/fixtures/bad/junk.pdf'}: not a PDF" in md
    assert "| error | warning | info |\n|---:|---:|---:|\n| 4 | 3 |" in md
    assert ("- **error** `period_order` raw/kerncijfers-2017-01.md: asylum_first_applications_share SY (category -) "
            "2016-02..2016-01: the period starts after it ends") in md
    assert "| kerncijfers-2017-01.md | 2 | 1 | 3 |" in md
    assert changes_table(summary) == [{"document": "kerncijfers-2017-01.md", "status": "changed",
                                       "metric": "asylum_first_applications", "old_value": 2230.0,
                                       "new_value": 2231.0, "changed_fields": "value"}]
    assert len(review_table(summary)) == 7


def test_nothing_to_report_is_said_not_left_out(tmp_path):
    results, summary = _run(tmp_path, "raw/kerncijfers-2021-05.md")
    assert review_table(summary) == [{"severity": "", "check": "", "source": "", "doc_id": "", "key": "",
                                      "message": "no errors or warnings"}]
    assert changes_table(summary) == [{"document": "", "status": "no changes"}]
    md = run_markdown(results, summary)
    assert "### Errors and warnings\n\nno errors or warnings." in md
    assert "## What changed" not in md            # the summary has no diff: no section
    summary["change_counts"] = {"kerncijfers-2021-05.md": {"added": 0, "removed": 0, "changed": 0}}
    assert "## What changed\n\nno changes in the documents of this run." in run_markdown(results, summary)
