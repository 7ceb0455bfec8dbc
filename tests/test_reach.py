"""A run that adds, edits or copies a document checks again only what its changes reach (issue 15:
outputs.reach, validation.revalidate), and still writes the findings, series and Parquet a full run over
the same folder writes, byte for byte — on real editions: January, February (which revises January)
and April 2020 of the IND monthly item, December 2022 (other years), a Kerncijfers and the EMN trends."""
import shutil

import pytest

from conftest import ROOT
from pipeline.run import validation
from pipeline.run.batch import run_documents
from pipeline.publish.decisions import record_decision

DERIVED = ("findings.csv", "series.csv", "series.parquet", "observations.parquet", "coverage.csv")
SUMMARY = ("findings", "findings_summary", "findings_by_severity", "findings_to_review", "series_summary")
BASE = ("ind-asielinstroom-2020-01.txt", "ind-asielinstroom-2020-04.txt", "ind-asielinstroom-2022-12.txt",
        "kerncijfers-2017-01.md", "emn-asieltrends-2016-12.txt")
FEB = "ind-asielinstroom-2020-02.txt"


@pytest.fixture(autouse=True)
def own_decisions(tmp_path, monkeypatch):
    monkeypatch.setenv("MIGSTAT_DECISIONS", str(tmp_path / "decisions.jsonl"))


@pytest.fixture
def rechecked(monkeypatch):
    """What revalidate did in each run: (the changed documents, {document: figures checked again})."""
    seen = []
    real = validation.revalidate

    def spy(results, out_dir, reach, *a, **k):
        findings, partial = real(results, out_dir, reach, *a, **k)
        seen.append(({_name(p) for p in reach.changed}, {_name(p): len(v[0]) for p, v in partial.items()}))
        return findings, partial
    monkeypatch.setattr(validation, "revalidate", spy)
    return seen


def _name(path) -> str:
    return str(path).rsplit("/", 1)[-1]


def _folder(tmp_path, names):
    folder = tmp_path / "docs"
    folder.mkdir(exist_ok=True)
    for n in names:
        shutil.copyfile(ROOT / "raw" / n, folder / n)
    return folder


def _as_full_run(tmp_path, folder, out, summary):
    """The derived outputs and the summary's findings are those of one run over the folder from scratch."""
    fresh = tmp_path / "fresh"
    shutil.rmtree(fresh, ignore_errors=True)
    _, full = run_documents([folder], fresh)
    for name in DERIVED:
        assert (out / name).read_bytes() == (fresh / name).read_bytes(), name
    for key in SUMMARY:
        assert summary[key] == full[key], key


def test_adding_an_edition_checks_its_neighbours_again_and_nothing_else(tmp_path, rechecked):
    folder, out = _folder(tmp_path, BASE), tmp_path / "out"
    run_documents([folder], out)
    assert rechecked == []                              # a first run checks everything
    shutil.copyfile(ROOT / "raw" / FEB, folder / FEB)
    _, summary = run_documents([folder], out)
    changed, partial = rechecked[-1]
    assert changed == {FEB}
    # January (which February revises) and April (its months within a year) are looked at again;
    # the December 2022 item, the Kerncijfers 2017 and the EMN trends 2016 share no key, month or year
    assert "ind-asielinstroom-2020-01.txt" in partial and "ind-asielinstroom-2020-04.txt" in partial
    assert not {"ind-asielinstroom-2022-12.txt", "kerncijfers-2017-01.md", "emn-asieltrends-2016-12.txt"} & set(partial)
    assert any(f["check"] == "revision" and f["source"].endswith(FEB) for f in summary["findings_to_review"])
    _as_full_run(tmp_path, folder, out, summary)


def test_an_edited_edition_is_checked_against_what_it_said_before_too(tmp_path, rechecked):
    folder, out = _folder(tmp_path, BASE + (FEB,)), tmp_path / "out"
    run_documents([folder], out)
    text = (folder / FEB).read_text(encoding="utf-8")
    assert text.count("2.601") >= 1
    (folder / FEB).write_text(text.replace("2.601", "2.611", 1), encoding="utf-8")
    _, summary = run_documents([folder], out)
    assert rechecked[-1][0] == {FEB}
    _as_full_run(tmp_path, folder, out, summary)


def test_a_copy_under_another_name_is_checked_with_its_twin(tmp_path, rechecked):
    folder, out = _folder(tmp_path, BASE + (FEB,)), tmp_path / "out"
    run_documents([folder], out)
    shutil.copyfile(folder / FEB, folder / "februari-2020-kopie.txt")
    _, summary = run_documents([folder], out)
    assert rechecked[-1][0] == {"februari-2020-kopie.txt"}
    _as_full_run(tmp_path, folder, out, summary)


def test_a_removed_document_or_a_new_decision_makes_everything_again(tmp_path, rechecked):
    folder, out = _folder(tmp_path, BASE + (FEB,)), tmp_path / "out"
    run_documents([folder], out)
    (folder / "kerncijfers-2017-01.md").unlink()
    _, summary = run_documents([folder], out)
    assert rechecked == []                              # removed: validated in full
    _as_full_run(tmp_path, folder, out, summary)

    import pandas as pd
    table = pd.read_csv(out / "ind-asielinstroom-2022-12.csv", keep_default_na=False, dtype=str)
    row = table[(table.metric == "asylum_inflow_total") & (table.period_start == "2022-12-01")].iloc[0]
    record_decision(row.to_dict(), "reject", note="test")
    shutil.copyfile(ROOT / "raw" / "kerncijfers-2017-01.md", folder / "kerncijfers-2017-01.md")
    _, summary = run_documents([folder], out)
    assert rechecked[-1][0] == {"kerncijfers-2017-01.md"}   # findings by reach, the series in full
    _as_full_run(tmp_path, folder, out, summary)
    series = pd.read_csv(out / "series.csv", keep_default_na=False, dtype=str)
    mine = series[(series.metric == "asylum_inflow_total") & (series.period_start == "2022-12-01")]
    assert list(mine.review_status) == ["rejected"] and list(mine.value_published) == [""]
