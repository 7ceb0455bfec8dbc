"""The command line and the notebook function, on real documents."""
import subprocess
import sys

import pandas as pd
import pytest

from conftest import ROOT, SVM_MD_GROUP, gold_rows, migstat, shared_extractions
from pipeline import extract
from pipeline.model import OBSERVATION_COLUMNS
from pipeline.validate import FINDING_COLUMNS
from pipeline.store import read_table


def _cli(*args):
    return migstat(*args)


def test_extract_writes_csv_with_the_spec_columns(tmp_path):
    out = tmp_path / "obs.csv"
    p = _cli("extract", "raw/kerncijfers-2023-01.rendered.pdf", "--out", str(out), "--skipped", str(tmp_path / "sk.csv"))
    assert p.returncode == 0, p.stderr
    assert "edition 2023-01" in p.stderr
    df = read_table(out)
    assert list(df.columns) == list(OBSERVATION_COLUMNS)
    row = df[(df.metric == "asylum_first_applications") & (df.value == 2490)].iloc[0]
    assert (row.period_start, row.period_end, row.qualifier, row.page) == ("2023-01-01", "2023-01-31", "circa", 1)
    assert row.source == "raw/kerncijfers-2023-01.rendered.pdf"
    skipped = pd.read_csv(tmp_path / "sk.csv")
    assert "year" in set(skipped.reason)


def test_extract_parquet_and_edition_override(tmp_path):
    out = tmp_path / "obs.parquet"
    p = _cli("extract", "raw/ind-asielinstroom-2020-04.txt", "--edition", "2020-04", "--out", str(out))
    assert p.returncode == 0, p.stderr
    df = pd.read_parquet(out)
    assert len(df) == gold_rows("ind-asielinstroom-2020-04") and set(df.edition) == {"2020-04"}


def test_extract_bad_file_one_line_error():
    p = _cli("extract", "tests/fixtures/bad/encrypted.pdf")
    assert p.returncode == 2
    assert p.stderr.strip().count("\n") == 0
    assert "encrypted.pdf" in p.stderr and "encrypted" in p.stderr


def test_notebook_function_returns_dataframe_with_exact_columns():
    df = extract(ROOT / "raw" / "kerncijfers-2017-01.md")
    assert list(df.columns) == list(OBSERVATION_COLUMNS)
    assert len(df) == gold_rows("kerncijfers-2017-01")
    assert df.char_start.is_monotonic_increasing


def test_run_direct_writes_stable_tables(tmp_path):
    args = ("run", "--direct", "raw/kerncijfers-2017-01.md", "raw/emn-asieltrends-2016-12.txt", "--out-dir", str(tmp_path))
    assert _cli(*args).returncode == 0
    first = (tmp_path / "kerncijfers-2017-01.csv").read_bytes()
    assert _cli(*args).returncode == 0
    assert (tmp_path / "kerncijfers-2017-01.csv").read_bytes() == first      # same bytes on a rerun
    assert len(pd.read_parquet(tmp_path / "observations.parquet")) == gold_rows("kerncijfers-2017-01") + gold_rows("emn-asieltrends-2016-12")


def test_tables_lists_every_cell_and_what_became_of_it(tmp_path):
    out = tmp_path / "cells.csv"
    p = _cli("tables", "raw/staat-van-migratie-2024.md", "--out", str(out))
    assert p.returncode == 0, p.stderr
    assert "Figuur 51 p.1: 4 rows x 7 columns, 17 observations (8 core), 2 skipped" in p.stdout
    cells = pd.read_csv(out, keep_default_na=False)
    fig51 = cells[cells.table == "Figuur 51"]
    assert len(fig51) == 28 and set(fig51.source_org) == {"IND"}
    nvt = fig51[fig51.text == "n.v.t."].iloc[0]
    assert nvt.outcome == "not applicable"
    first = fig51[fig51.text == "35.540"].iloc[0]
    assert (first.outcome, first.metric, first.label) == ("observation", "asylum_first_applications", "2022 | Eerste aanvragen")
    year = fig51[(fig51.text == "2022")].iloc[0]
    assert (year.outcome, year.reason) == ("skipped", "period or label in a header")
    toc = cells[cells.table == ""]
    assert (toc[toc.outcome == "skipped"].reason == "page number (table of contents)").all()
    assert p.stderr.strip().endswith(f"{len(cells)} cells -> {out}")


@SVM_MD_GROUP
def test_validate_writes_findings_and_a_summary_line(tmp_path):
    out = tmp_path / "findings.csv"
    with shared_extractions():          # the documents' extraction is the session's: this is about validate
        p = _cli("validate", "raw/kerncijfers-2017-01.md", "raw/ind-asielinstroom-2022-12.txt", "raw/staat-van-migratie-2024.md",
                 "--findings", str(out), "--extracted", str(tmp_path / "none"))
    assert p.returncode == 0, p.stderr
    f = pd.read_csv(out, keep_default_na=False)
    assert list(f.columns) == list(FINDING_COLUMNS)
    assert list(f.columns)[:5] == ["doc_id", "source", "check", "severity", "message"]
    assert set(f.source) == {"raw/kerncijfers-2017-01.md", "raw/ind-asielinstroom-2022-12.txt", "raw/staat-van-migratie-2024.md"}
    counts = f.severity.value_counts()
    assert p.stderr.strip().splitlines()[-1] == (
        f"{len(f)} findings: {counts.get('error', 0)} error, {counts.get('warning', 0)} warning, "
        f"{counts.get('info', 0)} info -> {out}")
    assert {"period_order", "period_contradicts_heading", "table_total", "table_change", "known_value"} <= set(f.check)
    # the 2022 pair of the corpus: confirmed, within rounding
    pair = f[(f.check == "known_value") & (f.metric == "asylum_first_applications") & (f.period_start == "2022-01-01")]
    assert not pair.empty
    # errors and warnings are also printed, one line each, naming the document and the key in full
    lines = p.stderr.strip().splitlines()[:-1]
    assert len(lines) == counts.get("error", 0) + counts.get("warning", 0)
    assert ("error: period_order: raw/kerncijfers-2017-01.md: asylum_first_applications_share SY (category -) "
            "2016-02..2016-01: the period starts after it ends (2016-02-01 .. 2016-01-31); likely meant "
            "2016-02-01 .. 2017-01-31") in lines
    assert ("error: table_total: raw/staat-van-migratie-2024.md: (no metric) - (category -) 2023-12..2023-12: "
            "Figuur 76: 2023 | Totaal is 110.420") in p.stderr


def test_extract_with_findings(tmp_path):
    p = _cli("extract", "raw/kerncijfers-2017-01.md", "--out", str(tmp_path / "o.csv"), "--findings", str(tmp_path / "f.csv"))
    assert p.returncode == 0, p.stderr
    f = pd.read_csv(tmp_path / "f.csv", keep_default_na=False)
    assert (f.check == "period_order").sum() == 4
    assert set(f.source) == {"raw/kerncijfers-2017-01.md"}
    assert "findings:" in p.stderr
    # its errors and warnings are printed too, like validate's
    order = [l for l in p.stderr.splitlines() if l.startswith("error: period_order: ")]
    assert sorted(l.split(": ")[3].split()[1] for l in order) == ["AL", "ER", "MA", "SY"]
    assert all(l.startswith("error: period_order: raw/kerncijfers-2017-01.md: asylum_first_applications_share ")
               and " (category -) 2016-02..2016-01: the period starts after it ends" in l for l in order)


def test_validate_exits_1_when_a_document_cannot_be_read(tmp_path):
    """Like `run`: the unreadable file is named on one line and the exit status is 1, while the
    readable documents are still validated and their findings written."""
    out = tmp_path / "findings.csv"
    p = _cli("validate", "raw/kerncijfers-2017-01.md", "tests/fixtures/bad/truncated.pdf", "raw/kerncijfers-2021-05.md",
             "--findings", str(out), "--extracted", str(tmp_path / "none"))
    assert p.returncode == 1, p.stderr
    assert "Traceback" not in p.stderr
    errors = [l for l in p.stderr.splitlines() if l.startswith("error: ") and "truncated.pdf" in l]
    assert len(errors) == 1 and "damaged or truncated" in errors[0]
    f = pd.read_csv(out, keep_default_na=False)
    assert set(f.source) == {"raw/kerncijfers-2017-01.md", "raw/kerncijfers-2021-05.md"}
    assert (f.check == "period_order").sum() == 4
    ok = _cli("validate", "raw/kerncijfers-2021-05.md", "--findings", str(out), "--extracted", str(tmp_path / "none"))
    assert ok.returncode == 0, ok.stderr


def test_run_direct_writes_findings(tmp_path):
    p = _cli("run", "--direct", "raw/kerncijfers-2017-01.md", "--out-dir", str(tmp_path))
    assert p.returncode == 0, p.stderr
    assert "findings:" in p.stderr.splitlines()[-2]
    assert p.stderr.splitlines()[-1].startswith("22 figures (0 revised); reviewed: 0 accepted")
    assert p.stderr.splitlines()[0] == "raw/kerncijfers-2017-01.md: 22 rows, new table"
    assert (tmp_path / "series.csv").exists() and (tmp_path / "changes.csv").exists()
    f = pd.read_csv(tmp_path / "findings.csv", keep_default_na=False)
    assert set(f.check) >= {"period_order", "period_contradicts_heading"}


@pytest.mark.parametrize("path", ["raw/kerncijfers-2017-01.md", "raw/ind-asielinstroom-2020-01.txt",
                                  "tests/dev3/docs/cbs_asielverzoeken_2022_jaar_mirror.txt"])
def test_extract_csv_without_pandas_is_the_tables_bytes(path, tmp_path):
    """`extract` writes its CSV without pandas; the bytes are those of the table every other command writes."""
    import io
    from conftest import extracted as extract_document
    from pipeline.store import observations_csv, to_frame, write_csv, write_observations
    _, result = extract_document(ROOT / path, None)
    assert len(result.observations) > 5
    shuffled = list(reversed(result.observations))     # the order is the writer's, not the extractor's
    plain, framed = io.StringIO(), io.StringIO()
    observations_csv(shuffled, plain)
    write_csv(to_frame(result.observations), framed)
    assert plain.getvalue() == framed.getvalue()
    write_observations(shuffled, tmp_path / "o.csv")
    assert (tmp_path / "o.csv").read_text(encoding="utf-8") == framed.getvalue()


def test_extract_does_not_import_pandas_or_spacys_command_line():
    code = ("import sys, runpy; sys.argv = ['pipeline', 'extract', 'raw/ind-asielinstroom-2020-01.txt'];"
            "import pipeline.cli as c; rc = c.main(sys.argv[1:]);"
            "print('pandas' in sys.modules, 'spacy.cli' in sys.modules, 'spacy' in sys.modules, file=sys.stderr)")
    p = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert p.stderr.strip().splitlines()[-1] == "False False True"
    import spacy.cli      # the real command line is still there for whoever imports it
    assert hasattr(spacy.cli, "download")
