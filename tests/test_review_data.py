"""Diff, decisions and the published series, on real documents and real edition pairs."""
import json
import subprocess

import pandas as pd
import pytest

from conftest import ROOT, SVM_MD_GROUP, migstat, processed
from pipeline.run.documents import process_document
from pipeline.run.tables import write_outputs
from pipeline.publish import decisions as D
from pipeline.publish import matching as M
from pipeline.publish.diff import DiffInputError, diff_frames, git_show, parse_rows, previous_edition, report_family, read_rows, read_side
from pipeline.publish.series import build_series, value_of, write_series

pytestmark = SVM_MD_GROUP      # the Staat van Migratie processed: in the worker that has it (conftest.SVM_MD_GROUP)

DEV2 = ROOT / "tests/dev2/docs"
JAN, FEB = DEV2 / "ind_asielinstroom_2020-01.txt", DEV2 / "ind_asielinstroom_2020-02.txt"


def _rows(path, edition):
    """A document's rows for read_side (diff reads tables; its caller extracts)."""
    return processed(path, edition).frame.to_dict(orient="records")


@pytest.fixture(scope="module")
def jan_feb():
    return read_side(str(JAN), extract=_rows)[0], read_side(str(FEB), extract=_rows)[0]


def _changed(rows):
    return {(r.metric, r.nationality, r.period_start[:7], r.old_value, r.new_value) for r in rows if r.status == "changed"}


def test_february_item_revises_januarys_figures(jan_feb):
    """The IND item of February 2020 restates January: every figure that differs is a `changed` row
    with its old and new value; February's own figures are added, December's comparisons removed."""
    rows = diff_frames(*jan_feb)
    assert _changed(rows) == {
        ("asylum_inflow_total", "", "2020-01", 2585.0, 2601.0),
        ("asylum_first_applications", "", "2020-01", 1968.0, 1967.0),
        ("asylum_repeat_applications", "", "2020-01", 150.0, 167.0),
        ("uam_applications", "", "2020-01", 139.0, 125.0),
    }
    assert all(r.changed_fields == ("value",) for r in rows if r.status == "changed")
    added = {(r.metric, r.nationality, r.new_value) for r in rows if r.status == "added"}
    assert ("asylum_first_applications", "SY", 317.0) in added and ("asylum_inflow_total", "", 2136.0) in added
    removed = {(r.metric, r.period_start[:7], r.old_value) for r in rows if r.status == "removed"}
    assert ("asylum_inflow_total", "2019-12", 2584.0) in removed


def test_a_document_against_itself_has_no_diff(jan_feb):
    assert diff_frames(jan_feb[0], jan_feb[0]) == []


def test_rows_of_one_key_are_told_apart_by_label_and_span():
    """Rows without a core metric share an empty key: only the same label matches them, so a value
    edited in one of them, or one of them dropped, is one row of the diff, not a cascade."""
    old = read_rows(ROOT / "extracted/staat-van-migratie-2024.csv")
    other = [i for i, r in enumerate(old) if not r["metric"]]
    assert len(other) > 1000
    new = [dict(r) for r in old]
    new[other[500]]["value"] = "999"
    dropped = new.pop(other[20])
    rows = diff_frames(old, new)
    assert [(r.status, r.label, r.new_value) for r in rows] == [("changed", old[other[500]]["label"], 999.0),
                                                                ("removed", dropped["label"], None)]


def test_git_revision_of_a_table(tmp_path):
    """`HEAD:extracted/x.csv` is read from git: the committed table of a raw document is what the
    pipeline gives for it now (no change), and an edited value in a repository of its own is one
    changed row."""
    committed = parse_rows(git_show("HEAD", "extracted/ind-asielinstroom-2020-04.csv"), "x.csv", "HEAD")
    fresh = process_document(ROOT / "raw/ind-asielinstroom-2020-04.txt").frame
    assert diff_frames(committed, fresh) == []

    repo = tmp_path / "repo"
    (repo / "extracted").mkdir(parents=True)
    table = repo / "extracted/ind.csv"
    table.write_bytes((ROOT / "extracted/ind-asielinstroom-2020-04.csv").read_bytes())
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    subprocess.run(git + ["add", "."], cwd=repo, check=True)
    subprocess.run(git + ["commit", "-qm", "x"], cwd=repo, check=True)
    df = pd.read_csv(table, dtype=str, keep_default_na=False)
    i = df.index[df["metric"] == "asylum_first_applications"][0]
    was = df.loc[i, "value"]
    df.loc[i, "value"] = "1234"
    df.to_csv(table, index=False)
    rows = diff_frames(parse_rows(git_show("HEAD", "extracted/ind.csv", cwd=repo), "ind.csv", "HEAD"), read_rows(table))
    assert [(r.status, r.metric, r.old_value, r.new_value) for r in rows] == [
        ("changed", "asylum_first_applications", float(was), 1234.0)]
    with pytest.raises(DiffInputError, match="HEAD:extracted/nope.csv"):
        git_show("HEAD", "extracted/nope.csv", cwd=repo)


def _cli(*args):
    return migstat(*args)


def test_cli_diff_formats_and_errors(tmp_path):
    a, b = tmp_path / "jan.csv", tmp_path / "feb.csv"
    for doc, out in ((JAN, a), (FEB, b)):
        processed(doc).frame.to_csv(out, index=False)
    r = _cli("diff", str(a), str(b), "--format", "json", "--core")
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)
    assert {(x["metric"], x["old_value"], x["new_value"]) for x in rows if x["status"] == "changed"} >= {
        ("asylum_repeat_applications", 150.0, 167.0)}
    assert r.stderr.strip().endswith("26 added, 29 removed, 4 changed")
    r = _cli("diff", str(a), str(b), "--format", "csv", "--core")
    csv_rows = pd.read_csv(pd.io.common.StringIO(r.stdout), dtype=str, keep_default_na=False)
    assert ((csv_rows["status"] == "changed") & (csv_rows["old_value"] == "150") & (csv_rows["new_value"] == "167")).sum() == 1
    r = _cli("diff", str(a), str(b), "--format", "markdown", "--core")
    assert "| changed | asylum_repeat_applications - (category -) 2020-01-01..2020-01-31 |" in r.stdout
    r = _cli("diff", str(a), str(b))
    assert "changed" in r.stdout and "167" in r.stdout
    r = _cli("diff", str(tmp_path / "nope.csv"), str(b))
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "nope.csv: no such file" in r.stderr
    (tmp_path / "bad.csv").write_text("a,b\n1,2\n")
    r = _cli("diff", str(tmp_path / "bad.csv"), str(b))
    assert r.returncode == 2 and "not an extraction table" in r.stderr and "Traceback" not in r.stderr


def test_run_records_what_changed_per_document(tmp_path):
    res = [process_document(ROOT / "raw/ind-asielinstroom-2020-04.txt")]
    first = write_outputs(res, tmp_path)
    assert first["change_counts"] == {}
    table = tmp_path / "ind-asielinstroom-2020-04.csv"
    df = pd.read_csv(table, dtype=str, keep_default_na=False)
    i = df.index[df["metric"] == "asylum_first_applications"][0]
    df.loc[i, "value"] = "1"
    df.drop(index=df.index[-1]).to_csv(table, index=False)
    second = write_outputs(res, tmp_path)
    assert second["change_counts"] == {"raw/ind-asielinstroom-2020-04.txt": {"added": 1, "removed": 0, "changed": 1}}
    changes = pd.read_csv(tmp_path / "changes.csv", dtype=str, keep_default_na=False)
    assert sorted(changes["status"]) == ["added", "changed"]
    ch = changes[changes["status"] == "changed"].iloc[0]
    assert (ch["document"], ch["old_value"], ch["changed_fields"]) == ("raw/ind-asielinstroom-2020-04.txt", "1", "value")
    third = write_outputs(res, tmp_path)
    assert third["change_counts"] == {"raw/ind-asielinstroom-2020-04.txt": {"added": 0, "removed": 0, "changed": 0}}
    assert pd.read_csv(tmp_path / "changes.csv").empty


def test_previous_edition_is_the_latest_earlier_edition_of_the_same_report(jan_feb):
    def table(path):
        return pd.read_csv(ROOT / path, dtype=str, keep_default_na=False)
    frames = {"raw/ind-asielinstroom-2020-01.txt": pd.DataFrame(jan_feb[0]),
              "raw/ind-asielinstroom-2020-02.txt": pd.DataFrame(jan_feb[1]),
              "raw/ind-asielinstroom-2020-04.txt": table("extracted/ind-asielinstroom-2020-04.csv"),
              "raw/ind-asielinstroom-2022-12.txt": table("extracted/ind-asielinstroom-2022-12.csv"),
              "raw/kerncijfers-2017-01.md": table("extracted/kerncijfers-2017-01.csv"),
              "raw/staat-van-migratie-2024.md": table("extracted/staat-van-migratie-2024.csv")}
    for src in ("raw/ind-asielinstroom-2020-01.txt", "raw/ind-asielinstroom-2020-02.txt"):
        frames[src]["source"] = src
    prev = {src: previous_edition(f, frames) for src, f in frames.items()}
    assert prev == {"raw/ind-asielinstroom-2020-01.txt": None,
                    "raw/ind-asielinstroom-2020-02.txt": "raw/ind-asielinstroom-2020-01.txt",
                    "raw/ind-asielinstroom-2020-04.txt": "raw/ind-asielinstroom-2020-02.txt",
                    "raw/ind-asielinstroom-2022-12.txt": "raw/ind-asielinstroom-2020-04.txt",
                    "raw/kerncijfers-2017-01.md": None,
                    # the IND item of 2022-12 shares figures with it, but is not an edition of it
                    "raw/staat-van-migratie-2024.md": None}
    assert report_family("tests/dev2/docs/ind_asielinstroom_2020-01.txt") == "ind-asielinstroom"
    assert report_family("raw/kerncijfers-2023-01.rendered.pdf") == "kerncijfers"


# ---- decisions -------------------------------------------------------------------------------

@pytest.fixture()
def ind_rows():
    return processed(ROOT / "raw/ind-asielinstroom-2022-12.txt").frame.copy()


def test_decisions_append_one_line_each_and_never_lose_a_line(tmp_path, ind_rows):
    path = tmp_path / "decisions.jsonl"
    row = ind_rows[ind_rows["metric"] != ""].iloc[0].to_dict()
    a = D.record_decision(row, "accept", who="Anna", path=path)
    before = path.read_bytes()
    c = D.record_decision(row, "correct", new_value="35.540", note="rounded in the SvM", who="Bo", path=path)
    assert path.read_bytes().startswith(before) and path.read_bytes().count(b"\n") == 2
    assert c.new_value == 35540 and c.old_value == row["value"]       # as the reports write it: 35.540 is 35540 and c.note == "rounded in the SvM"
    assert [d.decision_id for d in D.load_decisions(path)] == [a.decision_id, c.decision_id]
    for bad in (dict(action="maybe"), dict(action="correct", new_value="veel")):
        with pytest.raises(D.DecisionError):
            D.record_decision(row, path=path, **bad)
    assert path.read_bytes().count(b"\n") == 2


def test_a_broken_line_is_reported_with_file_and_line_and_the_others_apply(tmp_path, ind_rows):
    """A line that is not a decision (defect 4: a bad merge, an edit by hand, a value that is not a
    finite number) is one problem naming file:line; the decisions around it still load, and a new
    decision is appended after it without changing it."""
    path = tmp_path / "decisions.jsonl"
    row = ind_rows[ind_rows["metric"] != ""].iloc[0].to_dict()
    a = D.record_decision(row, "accept", who="Anna", path=path)
    good = path.read_text()
    bad = ['{"not": "a decision"}', good.strip().replace('"old_value": ' + str(float(row["value"])), '"old_value": Infinity'),
           "<<<<<<< HEAD"]
    assert bad[1] != good.strip()
    path.write_text(good + "\n".join(bad) + "\n" + good)
    loaded = D.load_decisions(path)
    assert [d.decision_id for d in loaded] == [a.decision_id, a.decision_id]
    name = str(path)
    assert loaded.problems == [
        f"{name}:2: not a decision (no decision_id, action, source, char_start, char_end, old_value); it is skipped, "
        "the other decisions apply",
        f"{name}:3: not a decision (a value that is not a finite number); it is skipped, the other decisions apply",
        f"{name}:4: not a decision (Expecting value: line 1 column 1 (char 0)); it is skipped, the other decisions apply"]
    before = path.read_bytes()
    b = D.record_decision(row, "reject", who="Bo", path=path)
    assert path.read_bytes().startswith(before)
    assert [d.decision_id for d in D.load_decisions(path)] == [a.decision_id, a.decision_id, b.decision_id]
    assert len(D.load_decisions(path).problems) == 3


def test_decision_survives_a_rerun_and_asks_for_re_review_when_the_number_changed(tmp_path, ind_rows):
    path = tmp_path / "decisions.jsonl"
    core = ind_rows[ind_rows["metric"] != ""]
    D.record_decision(core.iloc[0].to_dict(), "accept", who="Anna", path=path)
    D.record_decision(core.iloc[1].to_dict(), "correct", new_value=7, who="Anna", path=path)
    rerun = process_document(ROOT / "raw/ind-asielinstroom-2022-12.txt").frame
    st = M.review_state(rerun, D.load_decisions(path))
    assert st.loc[core.index[0], "review_status"] == "accepted"
    assert (st.loc[core.index[1], "review_status"], st.loc[core.index[1], "review_value"]) == ("corrected", 7.0)
    assert (st["review_status"] != "").sum() == 2
    changed = rerun.copy()
    changed.loc[core.index[0], "value"] = changed.loc[core.index[0], "value"] + 10
    st = M.review_state(changed, D.load_decisions(path))
    assert st.loc[core.index[0], "review_status"] == "re-review"
    assert "decided on" in st.loc[core.index[0], "review_note"]


# ---- series ------------------------------------------------------------------------------------

@pytest.fixture()
def two_editions(tmp_path):
    out = tmp_path / "extracted"
    res = [processed(ROOT / p) for p in ("raw/ind-asielinstroom-2022-12.txt", "raw/staat-van-migratie-2024.md")]
    write_outputs(res, out)
    return out, tmp_path / "decisions.jsonl"


def test_series_has_one_row_per_key_with_its_editions(two_editions):
    out, dec = two_editions
    s = build_series(out, dec)
    assert not s.duplicated(["metric", "nationality", "category", "period_start", "period_end", "unit"]).any()
    r = value_of(s, metric="asylum_first_applications", period_start="2022-01-01", period_end="2022-12-31")
    assert (r["value_extracted"], r["value_published"], r["edition"], r["source"]) == (
        35540.0, 35540.0, "2023-12", "raw/staat-van-migratie-2024.md")
    assert r["editions"] == ("2022-12: 35535 (raw/ind-asielinstroom-2022-12.txt); "
                             "2023-12: 35540 (raw/staat-van-migratie-2024.md)")
    assert r["n_editions"] == 2 and not r["revised"]      # 35.535 and 35.540: the same figure rounded


def test_a_correction_wins_in_value_published_and_a_rejection_falls_back(two_editions):
    out, dec = two_editions
    svm = pd.read_csv(out / "staat-van-migratie-2024.csv", dtype=str, keep_default_na=False)
    row = svm[(svm["metric"] == "asylum_first_applications") & (svm["period_start"] == "2022-01-01")
              & (svm["period_end"] == "2022-12-31") & (svm["nationality"] == "")].iloc[0].to_dict()
    D.record_decision(row, "correct", new_value=35535, note="the IND figure", who="Anna", path=dec)
    csv_path, pq_path = write_series(out, dec)
    for s in (pd.read_parquet(pq_path), build_series(out, dec)):
        r = value_of(s, metric="asylum_first_applications", period_start="2022-01-01", period_end="2022-12-31")
        assert (r["value_published"], r["value_extracted"], r["review_status"], r["reviewed_by"]) == (
            35535.0, 35540.0, "corrected", "Anna")
    text = csv_path.read_text()
    assert "asylum_first_applications,,,2022-01-01,2022-12-31,year,count,35535,35540,2023-12" in text
    D.record_decision(row, "reject", note="wrong table", who="Bo", path=dec)
    r = value_of(build_series(out, dec), metric="asylum_first_applications", period_start="2022-01-01",
                 period_end="2022-12-31")
    assert (r["value_published"], r["review_status"], r["published_from"]) == (
        35535.0, "rejected", "2022-12 raw/ind-asielinstroom-2022-12.txt")
    assert len(D.load_decisions(dec)) == 2


def test_cli_publish_rebuilds_the_series_with_the_decisions(two_editions):
    out, dec = two_editions
    row = pd.read_csv(out / "ind-asielinstroom-2022-12.csv", dtype=str, keep_default_na=False)
    row = row[row["metric"] != ""].iloc[0].to_dict()
    D.record_decision(row, "accept", who="Anna", path=dec)
    r = _cli("publish", "--extracted", str(out), "--decisions", str(dec))
    assert r.returncode == 0, r.stderr
    assert "reviewed: 1 accepted, 0 corrected" in r.stderr
    s = pd.read_parquet(out / "series.parquet")
    assert (s["review_status"] == "accepted").sum() == 1
    r = _cli("publish", "--extracted", str(out / "nope"))
    assert r.returncode == 2 and r.stderr.startswith("error: ") and r.stderr.count("\n") == 1
