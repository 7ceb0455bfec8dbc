"""What was not understood (issue 14): every document's coverage line, extracted/coverage.csv, the
`low_coverage` warning and the `language` warning, on real documents."""

import pandas as pd
import pytest

from conftest import ROOT, SVM_MD_GROUP, gold_rows, migstat
from pipeline.extraction import coverage
from conftest import extracted as extract_document
from pipeline.run.batch import run_documents
from pipeline.run.documents import process_document
from pipeline.run.report import run_markdown
from pipeline.validate import check_document

ENGLISH = ROOT / "tests/fixtures/language/english-sources.md"      # real English passages (README there)
BADLY_READ = ROOT / "tests/fixtures/coverage/dtenv_instroom_vertrekcijfers_2018-2023-10.txt"   # glued table rows
DUTCH = sorted(p for p in (ROOT / "raw").iterdir() if not p.name.startswith(".")) + \
    sorted((ROOT / "tests/dev2/docs").glob("*.txt"))


def _cli(*args):
    return migstat(*args)


def _checks(path, edition=None):
    doc, result = extract_document(path, edition)
    return doc, result, check_document(doc, result)


def test_extract_prints_the_coverage_line_on_stderr_and_the_same_csv_on_stdout(tmp_path):
    out = tmp_path / "obs.csv"
    p = _cli("extract", "raw/kamervragen-ah-tk-20232024-1984-lunchmaaltijden.pdf", "--out", str(out))
    assert p.returncode == 0, p.stderr
    assert ("raw/kamervragen-ah-tk-20232024-1984-lunchmaaltijden.pdf: coverage: 45 numbers, 0 rows with a core "
            "metric, 6 without one, 39 passed over; 7 not understood (16%; most: no metric, and no population "
            "named (6))") in p.stderr
    printed = _cli("extract", "raw/kamervragen-ah-tk-20232024-1984-lunchmaaltijden.pdf")
    assert printed.stdout.encode() == out.read_bytes()              # the line goes to stderr, never into the CSV
    assert "coverage:" in printed.stderr and "coverage" not in printed.stdout


def test_a_badly_read_document_gets_low_coverage_with_its_share_and_reason(tmp_path):
    _, result, findings = _checks(BADLY_READ, "2023-10")
    low = [f for f in findings if f.check == "low_coverage"]
    assert len(low) == 1 and low[0].severity == "warning"
    cov = coverage.of(result)
    assert (cov.numbers, cov.core_rows, cov.not_understood) == (14, 0, 14)
    assert low[0].message.startswith("14 of its 14 numbers (100%) were not understood")
    assert "most common: passed over: a code or identifier (six or more digits without thousands separators) (12)" \
        in low[0].message
    p = _cli("extract", str(BADLY_READ), "--edition", "2023-10", "--out", str(tmp_path / "o.csv"))
    assert "warning: low_coverage: " in p.stderr


@pytest.mark.parametrize("path", [pytest.param(p, marks=SVM_MD_GROUP) if p.name == "staat-van-migratie-2024.md" else p
                                  for p in DUTCH], ids=lambda p: p.name)
def test_dutch_documents_get_neither_warning(path):
    """raw/ (the lunch-meals Kamervragen with no migration statistics and the Kamervragen about
    undocumented migrants among them) and the Kamerbrieven and answers of tests/dev2/docs."""
    _, result, findings = _checks(path)
    assert result.language == "nl"
    assert not [f for f in findings if f.check in ("low_coverage", "language")]


def test_an_english_text_is_not_read_and_says_so_once():
    _, result, findings = _checks(ENGLISH)
    assert result.language == "en" and result.observations == []
    lang = [f for f in findings if f.check == "language"]
    assert [(f.severity, f.message) for f in lang] == [
        ("warning", "language en: this text is not read; 6 numbers not extracted")]
    assert not [f for f in findings if f.check == "low_coverage"]
    assert {s.reason for s in result.skipped} == {"language en: text not read"}


def test_a_short_english_item_is_recognised_too():
    """A made-up English month item of 166 letters (fewer than a sample needs to tell a language by) whose
    function words are plainly English is asked of the detector: not read, not taken as Dutch ("2,105"
    is no 2.105)."""
    _, result, findings = _checks(ROOT / "tests/fixtures/language/ind-asylum-trends-en.txt")
    assert result.language == "en" and result.observations == []
    assert [f.message for f in findings if f.check == "language"] == ["language en: this text is not read; 7 numbers not extracted"]


def test_a_dutch_report_with_an_english_summary_stays_dutch(tmp_path):
    doc = tmp_path / "kerncijfers-2017-01-with-summary.md"
    doc.write_text(ENGLISH.read_text(encoding="utf-8") + "\n" + (ROOT / "raw/kerncijfers-2017-01.md").read_text(
        encoding="utf-8"), encoding="utf-8")
    _, result, findings = _checks(doc)
    assert result.language == "nl" and not [f for f in findings if f.check == "language"]
    assert sum(1 for o in result.observations if o.metric) == gold_rows("kerncijfers-2017-01", core=True)   # as without the summary


def test_run_keeps_coverage_in_extracted_and_an_unchanged_run_writes_the_same(tmp_path, capsys):
    out = tmp_path / "out"
    inputs = [str(ROOT / "raw/kerncijfers-2017-01.md"), str(ENGLISH)]
    results, _ = run_documents(inputs, out)
    first = (out / "coverage.csv").read_bytes()
    table = pd.read_csv(out / "coverage.csv", dtype=str, keep_default_na=False)
    assert list(table.document) == sorted(table.document) and len(table) == 2
    eng = table[table.document.str.endswith("english-sources.md")].iloc[0]
    assert (eng.language, eng.numbers, eng.core_rows, eng.passed_over) == ("en", "6", "0", "6")
    ker = table[table.document.str.endswith("kerncijfers-2017-01.md")].iloc[0]
    assert (ker.language, ker.numbers, ker.core_rows, ker.not_understood) == ("nl", "22", "22", "0")
    findings = pd.read_csv(out / "findings.csv", keep_default_na=False)
    assert findings[findings.check == "language"].message.tolist() == [
        "language en: this text is not read; 6 numbers not extracted"]
    again, _ = run_documents(inputs, out)                    # unchanged: from the cache
    assert all(r.reused for r in again)
    assert [r.coverage for r in again] == [r.coverage for r in results]
    assert (out / "coverage.csv").read_bytes() == first
    # a run of one document keeps the other's row
    run_documents([inputs[0]], out)
    assert (out / "coverage.csv").read_bytes() == first


def test_run_prints_the_coverage_line_after_each_document(tmp_path):
    p = _cli("run", "--direct", "raw/kerncijfers-2017-01.md", str(ENGLISH), "--out-dir", str(tmp_path))
    err = p.stderr
    assert p.returncode == 0, err
    assert ("raw/kerncijfers-2017-01.md: 22 rows, new table\nraw/kerncijfers-2017-01.md: coverage: 22 numbers, "
            "22 rows with a core metric, 0 without one, 0 passed over; 0 not understood (0%)\n") in err
    assert "english-sources.md: coverage: 6 numbers, 0 rows with a core metric, 0 without one, 6 passed over " \
           "(language en: text not read)" in err
    assert "warning: language: " in err


def test_the_documents_artifact_and_the_summary_carry_the_coverage(tmp_path):
    r = process_document(BADLY_READ, "2023-10")
    row = r.summary()
    assert (row["numbers"], row["core_rows"], row["not_understood"], row["language"]) == (14, 0, 14, "nl")
    assert row["coverage"].startswith("coverage: 14 numbers, 0 rows with a core metric, 2 without one, 12 passed over")
    md = run_markdown([r], {"rows": r.rows})
    assert "| 14 numbers, 0 rows with a core metric, 2 without one, 12 passed over; 14 not understood (100%" in md