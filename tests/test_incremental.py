"""Incremental runs (issue 10): unchanged documents are not extracted again and the outputs stay byte for
byte those of a full run; the output folder's lock; gone documents; unique table names; outputs published
together (a run killed half-way); file modes; --workers."""
import os
import shutil
import subprocess
import sys
import threading
import time

import pandas as pd
import pytest

from conftest import ROOT, extracted_rows, gold_rows, migstat
from pipeline.run import batch, documents
from pipeline.run.batch import run_documents
from pipeline.run.inputs import output_name
from pipeline.run.outputs import manifest as M
from pipeline.locks import output_lock

PY = sys.executable
# small real documents: an edition pair whose February item revises January (cross-document findings),
# a Kerncijfers with errors of its own and the EMN trends
DOCS = ("ind-asielinstroom-2020-01.txt", "ind-asielinstroom-2020-02.txt", "kerncijfers-2017-01.md",
        "emn-asieltrends-2016-12.txt")


def _rows_of(names) -> list[int]:
    """The rows extract() gives each document, in the order a run lists them (by path)."""
    return [extracted_rows(ROOT / "raw" / n) for n in sorted(names)]


def _folder(tmp_path, names=DOCS, name="docs"):
    folder = tmp_path / name
    folder.mkdir()
    for n in names:
        shutil.copyfile(ROOT / "raw" / n, folder / n)
    return folder


def _snapshot(out):
    """Every file of the output folder (one level of sub-folders) and its bytes, the lock left out."""
    files = {}
    for p in sorted(out.rglob("*")):
        if p.is_file() and p.name != ".lock":
            files[p.relative_to(out).as_posix()] = p.read_bytes()
    return files


def _no_extraction(*_a, **_k):
    raise AssertionError("a document was extracted")


def _forbid_extraction(monkeypatch):
    """Any extraction of the run (run_documents, and `loaded` for a cache it cannot read) fails the test."""
    monkeypatch.setattr(batch, "process_document", _no_extraction)
    monkeypatch.setattr(documents, "process_document", _no_extraction)


def test_an_unchanged_run_extracts_nothing_and_writes_what_a_forced_run_writes(tmp_path, monkeypatch):
    folder, out = _folder(tmp_path), tmp_path / "out"
    results, summary = run_documents([folder], out)
    assert [r.reused for r in results] == [False] * 4 and summary["reused"] == 0
    full = _snapshot(out)
    assert {"findings.csv", "observations.parquet", "series.csv", "series.parquet", "changes.csv", ".manifest.json",
            ".cache/ind-asielinstroom-2020-01.csv.json.gz"} <= set(full)
    findings = pd.read_csv(out / "findings.csv", keep_default_na=False)
    assert "revision" in set(findings.check)        # February's item against January's: a cross-document finding

    _forbid_extraction(monkeypatch)
    results, summary = run_documents([folder], out)
    assert [r.reused for r in results] == [True] * 4 and summary["reused"] == 4
    assert [r.rows for r in results] == _rows_of(DOCS)
    assert _snapshot(out) == full                    # findings, series, Parquet, manifest: the same bytes
    monkeypatch.undo()

    results, summary = run_documents([folder], out, force=True)
    assert summary["reused"] == 0 and all(summary["change_counts"][d] == {"added": 0, "removed": 0, "changed": 0}
                                          for d in summary["change_counts"])
    assert _snapshot(out) == full

    fresh = tmp_path / "fresh"
    run_documents([folder], fresh)
    assert _snapshot(fresh) == full                  # and a run into an empty folder gives the same bytes


def test_a_changed_document_the_rules_or_a_hand_edited_table_are_extracted_again(tmp_path, monkeypatch):
    folder, out = _folder(tmp_path), tmp_path / "out"
    run_documents([folder], out)
    # the January item now holds February's text: only it is extracted again
    shutil.copyfile(ROOT / "raw/ind-asielinstroom-2020-02.txt", folder / "ind-asielinstroom-2020-01.txt")
    results, _ = run_documents([folder], out)       # in name order: emn, ind 01, ind 02, kerncijfers
    assert [r.reused for r in results] == [True, False, True, True]
    entry = M.read_manifest(out)["ind-asielinstroom-2020-01.csv"]
    assert entry.doc_id == results[2].doc_id           # the content hash of February's text
    # a table changed by hand is made again
    table = out / "kerncijfers-2017-01.csv"
    text = table.read_text()
    assert ",13,percent," in text
    table.write_text(text.replace(",13,percent,", ",14,percent,", 1))
    results, _ = run_documents([folder], out)
    assert [r.reused for r in results] == [True, True, True, False]
    # a new code or rules version: everything again
    from pipeline.run.outputs import plan
    monkeypatch.setattr(plan, "code_version", lambda: "another-version")
    results, _ = run_documents([folder], out)
    assert not any(r.reused for r in results)
    assert {e.code_version for e in M.read_manifest(out).values()} == {"another-version"}


def test_the_code_version_covers_rules_and_extraction_code_but_not_known_values():
    files = {"pipeline/ingest/pdf/table_rows.py", "pipeline/extraction/tables.py", "rules/metrics.yaml"}
    M.code_version.cache_clear()
    v = M.code_version()
    assert len(v) == 16 and v == M.code_digest(M._NOT_EXTRACTION)[:16]
    # which files it reads: the same walk without the exclusions lists more
    chosen = [p.relative_to(ROOT).as_posix() for p in [*ROOT.glob("pipeline/**/*.py"), *ROOT.glob("rules/**/*")]
              if p.is_file() and not p.relative_to(ROOT).as_posix().startswith(M._NOT_EXTRACTION)]
    assert files <= set(chosen)
    assert "rules/known_values.csv" not in chosen and "pipeline/publish/diff.py" not in chosen


def test_force_prints_the_diff_against_the_table_it_replaces(tmp_path):
    folder, out = _folder(tmp_path, ("ind-asielinstroom-2020-01.txt",)), tmp_path / "out"
    run_documents([folder], out)
    table = out / "ind-asielinstroom-2020-01.csv"
    df = pd.read_csv(table, dtype=str, keep_default_na=False)
    total = df[(df.metric == "asylum_inflow_total") & (df.nationality == "") & (df.value == "2585")]
    assert len(total) == 1
    df.drop(index=total.index[:1]).to_csv(table, index=False, lineterminator="\n")
    p = migstat("run", "--direct", "--force", folder, "--out-dir", out)
    assert p.returncode == 0, p.stderr
    shown = " ".join(p.stdout.split())
    assert "ind-asielinstroom-2020-01.txt (extracted again, against the table it replaces): 1 added, 0 removed, " \
           "0 changed" in shown
    assert "│ added │ asylum_inflow_total │ - │ - │ 2020-01 │" in shown and "│ 2585 │" in shown
    assert "34 rows, 1 added, 0 removed, 0 changed since the last run" in p.stderr
    # without --force an unchanged document says so and prints no diff
    p = migstat("run", "--direct", folder, "--out-dir", out)
    assert p.returncode == 0 and p.stdout == ""
    assert "ind-asielinstroom-2020-01.txt: 34 rows, unchanged, not extracted again" in p.stderr


RACER = """
import pathlib, sys, time
sys.path.insert(0, '.')
from pipeline.run.batch import run_documents
doc, base, n = sys.argv[1], pathlib.Path(sys.argv[2]), int(sys.argv[3])
for i in range(n):
    while not (base / f"go{i}").exists():
        time.sleep(0.002)
    run_documents([doc], base / f"out{i}")
    (base / f"done{i}-{pathlib.Path(doc).stem}").touch()
"""


@pytest.mark.processes
def test_two_runs_at_once_into_one_folder_lose_nothing(tmp_path):
    """Two processes run different documents into the same folder at the same moment, 10 times over: the
    lock makes the second wait, so both documents' findings, tables and Parquet rows are always there
    (without the lock one document's findings were lost in 11 of 20 tries)."""
    a, b = "raw/kerncijfers-2017-01.md", "raw/emn-asieltrends-2016-12.txt"
    n = 10
    procs = [subprocess.Popen([PY, "-c", RACER, doc, str(tmp_path), str(n)], cwd=ROOT, stderr=subprocess.PIPE, text=True)
             for doc in (a, b)]
    try:
        for i in range(n):
            (tmp_path / f"go{i}").touch()          # both start this round at once
            deadline = time.monotonic() + 120
            while not all((tmp_path / f"done{i}-{stem}").exists() for stem in ("kerncijfers-2017-01",
                                                                               "emn-asieltrends-2016-12")):
                # a racer that has finished its last round may already have exited (with 0)
                assert all(p.poll() in (None, 0) for p in procs) and time.monotonic() < deadline
                time.sleep(0.01)
        assert [p.wait(60) for p in procs] == [0, 0]
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
    waited = sum(p.stderr.read().count("another run is writing it") for p in procs)
    assert waited >= 1                             # they did meet at the lock
    for i in range(n):
        out = tmp_path / f"out{i}"
        findings = pd.read_csv(out / "findings.csv", keep_default_na=False)
        findings = findings.groupby("source").check.value_counts().to_dict()
        assert findings == {("raw/emn-asieltrends-2016-12.txt", "no_metric"): 3,
                            ("raw/kerncijfers-2017-01.md", "period_order"): 4,
                            ("raw/kerncijfers-2017-01.md", "period_contradicts_heading"): 3}, i
        rows = pd.read_parquet(out / "observations.parquet")
        assert rows.source.value_counts().to_dict() == {"raw/emn-asieltrends-2016-12.txt": 27,
                                                        "raw/kerncijfers-2017-01.md": 22}
        assert set(M.read_manifest(out)) == {"kerncijfers-2017-01.csv", "emn-asieltrends-2016-12.csv"}


def test_a_second_run_waits_for_the_lock_or_with_no_wait_says_who_holds_it(tmp_path, capsys):
    from pipeline.cli import main
    out = tmp_path / "out"
    args = ["run", "--direct", str(ROOT / "raw/kerncijfers-2017-01.md"), "--out-dir", str(out)]
    with output_lock(out):
        assert main(args + ["--no-wait"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == f"error: {out}: another run is writing it (pid {os.getpid()}: {' '.join(sys.argv[:4])}); " \
                  f"try again when it has finished"
    assert not (out / "findings.csv").exists()
    with output_lock(out):                        # the Prefect run is refused before Prefect starts
        t0 = time.perf_counter()
        assert main(args[:1] + args[2:] + ["--no-wait"]) == 2
        assert time.perf_counter() - t0 < 2
    assert capsys.readouterr().err.strip() == err

    held = threading.Event()

    def hold():
        with output_lock(out):
            held.set()
            time.sleep(1.5)
    t = threading.Thread(target=hold)
    t.start()
    held.wait()
    t0 = time.perf_counter()
    assert main(args) == 0
    t.join()
    assert time.perf_counter() - t0 >= 1.0            # it waited for the holder
    err = capsys.readouterr().err
    assert f"waiting: {out}: another run is writing it (pid {os.getpid()}" in err
    assert (out / "kerncijfers-2017-01.csv").exists()


def test_a_document_gone_from_the_folder_takes_its_outputs_with_it(tmp_path, capsys):
    folder, out = _folder(tmp_path), tmp_path / "out"
    run_documents([folder], out)
    (folder / "kerncijfers-2017-01.md").unlink()
    # a run on one explicit file leaves the table and says it is stale
    _, summary = run_documents([folder / "emn-asieltrends-2016-12.txt"], out)
    assert summary["stale_documents"] == [f"stale: {out / 'kerncijfers-2017-01.csv'}: {folder / 'kerncijfers-2017-01.md'} "
                                          f"no longer exists (run its folder to remove the table)"]
    assert (out / "kerncijfers-2017-01.csv").exists()
    # a run on the folder removes it: table, cache, manifest entry, findings rows, Parquet and series rows
    _, summary = run_documents([folder], out)
    assert summary["removed_documents"] == [f"removed {out / 'kerncijfers-2017-01.csv'}: "
                                            f"{folder / 'kerncijfers-2017-01.md'} is gone (its rows and findings too)"]
    assert not (out / "kerncijfers-2017-01.csv").exists()
    assert not M.cache_path(out, "kerncijfers-2017-01.csv").exists()
    assert "kerncijfers-2017-01.csv" not in M.read_manifest(out)
    gone = str(folder / "kerncijfers-2017-01.md")
    findings = pd.read_csv(out / "findings.csv", keep_default_na=False)
    assert gone not in set(findings.source) and len(set(findings.source)) == 3
    assert gone not in set(pd.read_parquet(out / "observations.parquet").source)
    assert gone not in set(pd.read_parquet(out / "series.parquet").source)
    # the folder now holds what a fresh run over the remaining documents writes
    fresh = tmp_path / "fresh"
    run_documents([folder], fresh)
    assert _snapshot(out) == _snapshot(fresh)


def test_documents_with_one_stem_get_tables_of_their_own(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copyfile(ROOT / "raw/kerncijfers-2017-01.md", folder / "report.md")
    shutil.copyfile(ROOT / "raw/emn-asieltrends-2016-12.txt", folder / "report.txt")
    out = tmp_path / "out"
    results, _ = run_documents([folder], out)
    assert [r.table for r in results] == ["report.csv", "report.txt.csv"]
    assert set(pd.read_csv(out / "report.csv").source) == {str(folder / "report.md")}
    assert set(pd.read_csv(out / "report.txt.csv").source) == {str(folder / "report.txt")}
    assert len(pd.read_parquet(out / "observations.parquet")) == gold_rows("kerncijfers-2017-01") + gold_rows("emn-asieltrends-2016-12")
    # the names stay with their documents, also when the first of them is run alone
    results, _ = run_documents([folder / "report.txt"], out)
    assert [r.table for r in results] == ["report.txt.csv"]
    # a document named like one of the folder's own files does not take its name
    assert output_name("findings.txt") == "findings"
    from pipeline.run.outputs.plan import assign_tables
    assert assign_tables(["raw/findings.txt", "raw/x.txt"], {}) == {"raw/findings.txt": "doc-findings.csv",
                                                                    "raw/x.txt": "x.csv"}


def _kill_run(folder, out, point):
    code = ("import sys; sys.path.insert(0, '.'); from pipeline.run.batch import run_documents; "
            f"run_documents([{str(folder)!r}], {str(out)!r})")
    return subprocess.run([PY, "-c", code], cwd=ROOT, env={**os.environ, "MIGSTAT_KILL_AT": point},
                          capture_output=True, text=True, timeout=300)


@pytest.mark.processes
@pytest.mark.parametrize("point", ["publish", "mid-publish"])
def test_a_run_killed_half_way_leaves_a_folder_the_next_run_makes_whole(tmp_path, point, capsys):
    folder, out = _folder(tmp_path, DOCS[:2]), tmp_path / "out"
    run_documents([folder], out)
    before = _snapshot(out)
    shutil.copyfile(ROOT / "raw/kerncijfers-2017-01.md", folder / "kerncijfers-2017-01.md")
    (folder / "ind-asielinstroom-2020-02.txt").unlink()
    p = _kill_run(folder, out, point)
    assert p.returncode == -9, p.stderr
    assert (out / ".staging").is_dir()
    (out / ".observations.parquet.x1y2.tmp").write_bytes(b"half a file")   # a write cut off by the kill
    if point == "publish":
        assert _snapshot(out).keys() - before.keys() >= {".staging/kerncijfers-2017-01.csv"}
        assert {k: v for k, v in _snapshot(out).items() if not k.startswith(".staging") and not k.endswith(".tmp")} \
            == before                                      # nothing published: the last complete run's outputs
    capsys.readouterr()
    run_documents([folder], out)
    err = capsys.readouterr().err
    said = ("completed publishing the outputs of an interrupted run" if point == "mid-publish" else
            "discarded the unfinished outputs of an interrupted run")
    assert f"{out}: {said}" in err
    assert f"{out}: removed 1 temporary file left by an interrupted run" in err
    fresh = tmp_path / "fresh"
    run_documents([folder], fresh)
    assert _snapshot(out) == _snapshot(fresh)             # whole: as if the kill had never happened
    assert not list(out.glob(".*.tmp")) and not (out / ".staging").exists()


def test_written_files_get_the_usual_mode(tmp_path):
    from pipeline.store import file_mode, write_table
    out = tmp_path / "out"
    run_documents([ROOT / "raw/kerncijfers-2017-01.md"], out)
    modes = {p.relative_to(out).as_posix(): p.stat().st_mode & 0o777 for p in out.rglob("*") if p.is_file()}
    assert {k: v for k, v in modes.items() if k != ".lock"} == {k: 0o644 for k in modes if k != ".lock"}
    assert {"kerncijfers-2017-01.csv", "observations.parquet", "findings.csv", "series.csv", ".manifest.json",
            ".cache/kerncijfers-2017-01.csv.json.gz"} <= set(modes)
    old = os.umask(0o027)
    try:
        file_mode.cache_clear()
        write_table(pd.DataFrame({"a": [1]}), tmp_path / "t.csv")
        assert (tmp_path / "t.csv").stat().st_mode & 0o777 == 0o640
    finally:
        os.umask(old)
        file_mode.cache_clear()


def test_two_workers_write_the_same_bytes_as_one(tmp_path):
    folder = _folder(tmp_path)
    r1, _ = run_documents([folder], tmp_path / "w1", workers=1)
    r2, _ = run_documents([folder], tmp_path / "w2", workers=2)
    assert [r.rows for r in r1] == [r.rows for r in r2] == _rows_of(DOCS)
    assert _snapshot(tmp_path / "w1") == _snapshot(tmp_path / "w2")


def test_a_folder_named_two_ways_is_one_set_of_documents(tmp_path, monkeypatch):
    """Issue 15: `run docs` then `run $PWD/docs` extracted everything again, wrote x.txt.csv beside
    x.csv and doubled the Parquet. A document has one identity however its path is typed."""
    folder, out = _folder(tmp_path), tmp_path / "out"
    monkeypatch.chdir(tmp_path)
    run_documents(["docs"], out)
    first = _snapshot(out)
    rows = len(pd.read_parquet(out / "observations.parquet"))
    # the current folder is the project (pipeline.paths): its documents are named relative to it
    assert set(pd.read_csv(out / "ind-asielinstroom-2020-01.csv").source) == {"docs/ind-asielinstroom-2020-01.txt"}
    _forbid_extraction(monkeypatch)
    for typed in ([str(folder)], ["./docs/"], ["docs", str(folder)], [str(folder / DOCS[0]), "docs"]):
        results, summary = run_documents(typed, out)
        assert len(results) == 4 and summary["reused"] == 4, typed
        assert _snapshot(out) == first, typed         # no x.txt.csv, the Parquet not doubled: the same bytes
    assert len(pd.read_parquet(out / "observations.parquet")) == rows


def test_a_renamed_document_keeps_its_table(tmp_path, capsys):
    """The same content under another name (a rename, a move) takes its table over: no second table,
    nothing reported gone, the rows name the new file."""
    folder, out = _folder(tmp_path), tmp_path / "out"
    run_documents([folder], out)
    tables = sorted(p.name for p in out.glob("*.csv"))
    rows = len(pd.read_parquet(out / "observations.parquet"))
    (folder / "ind-asielinstroom-2020-02.txt").rename(folder / "ind-asielinstroom-februari-2020.txt")
    results, summary = run_documents([folder], out)
    assert sorted(p.name for p in out.glob("*.csv")) == tables
    assert len(pd.read_parquet(out / "observations.parquet")) == rows
    assert set(pd.read_csv(out / "ind-asielinstroom-2020-02.csv").source) == {str(folder / "ind-asielinstroom-februari-2020.txt")}
    assert summary["removed_documents"] == [] and summary["stale_documents"] == []
    assert [r.reused for r in results] == [True, True, False, True]      # extracted again: its rows name it


def test_a_table_read_again_after_it_was_rewritten_is_the_new_one(tmp_path):
    """Inside a run (store.tables_kept) read_table keeps a parsed table while its file is unchanged; a
    rewrite of the same size (one digit changed) is a new file version, and a hard link (the staging
    folder) the same one. After the run nothing is kept (a `serve` process holds no run's tables)."""
    from pipeline import store
    from pipeline.store import read_table, tables_kept, write_table
    src = ROOT / "extracted" / "ind-asielinstroom-2020-01.csv"
    p = tmp_path / "t.csv"
    with tables_kept():
        df = read_table(src)
        write_table(df, p)
        assert read_table(p)["value"].tolist() == df["value"].tolist()
        size = p.stat().st_size
        changed = df.copy()
        changed.loc[0, "value"] = changed.loc[0, "value"] + 1 if changed.loc[0, "value"] % 10 != 9 else changed.loc[0, "value"] - 1
        write_table(changed, p)
        assert p.stat().st_size == size                   # the same size: only the file's version tells them apart
        assert read_table(p)["value"].tolist() == changed["value"].tolist()
        os.link(p, tmp_path / "link.csv")
        assert read_table(tmp_path / "link.csv").equals(read_table(p))
        got = read_table(p)
        got.loc[0, "value"] = -1.0                         # a caller's copy: the kept table is not touched
        assert read_table(p)["value"].tolist() == changed["value"].tolist()
        assert len(store._READ) == 4     # src; t.csv before, after its rewrite, after the link (linking changes its ctime)
    assert store._READ is None


def test_a_run_that_would_change_nothing_writes_nothing_and_says_what_a_full_one_says(tmp_path, monkeypatch, capsys):
    """Issue 15: an unchanged run read every table, validated every document and rebuilt the series
    (7-12 s over 160 documents). Its outputs would be the same bytes, so it now writes nothing; the
    run stamp (outputs/stamp.py) says what a report needs. Any change of what the outputs are made of
    makes a full run."""
    from pipeline import cli
    from pipeline.run.outputs.stamp import STAMP
    monkeypatch.setenv("MIGSTAT_DECISIONS", str(tmp_path / "decisions.jsonl"))
    folder, out = _folder(tmp_path), tmp_path / "out"
    _, first = run_documents([folder], out)
    assert not first.get("unchanged_run") and (out / STAMP).exists()
    _, full_again = run_documents([folder], out, force=True)       # what a full run over them says
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file() and p.name != ".lock"}
    snapshot = _snapshot(out)
    _forbid_extraction(monkeypatch)
    capsys.readouterr()
    assert cli.main(["run", "--direct", str(folder), "--out-dir", str(out)]) == 0
    quick_lines = capsys.readouterr().err.splitlines()
    results, quick = run_documents([folder], out)
    assert quick["unchanged_run"] is True and [r.rows for r in results] == _rows_of(DOCS)
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file() and p.name != ".lock"} == before
    assert _snapshot(out) == snapshot
    for k in ("findings", "findings_summary", "series_summary", "combined_rows", "rows", "findings_by_severity"):
        assert quick[k] == full_again[k], k
    assert quick["findings_to_review"] == full_again["findings_to_review"]
    assert quick_lines[-3].endswith(f"{out}/ (observations.parquet: {full_again['combined_rows']} rows)")
    assert sum("unchanged, not extracted again" in line for line in quick_lines) == 4
    monkeypatch.undo()
    monkeypatch.setenv("MIGSTAT_DECISIONS", str(tmp_path / "decisions.jsonl"))
    # a hand-edited output, or new review decisions: a full run (which puts the output right)
    findings = out / "findings.csv"
    findings.write_text(findings.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    _, s = run_documents([folder], out)
    assert not s.get("unchanged_run") and _snapshot(out) == snapshot
    (tmp_path / "decisions.jsonl").write_text("", encoding="utf-8")     # the file now exists (empty)
    _, s = run_documents([folder], out)
    assert not s.get("unchanged_run")
    _, s = run_documents([folder], out)
    assert s["unchanged_run"] is True
