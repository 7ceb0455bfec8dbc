"""Issue 17, the decisions' side: what the app says is published is what series.csv publishes, a
malformed decisions line is one line naming file:line (the app and `run` carry on), a renamed
document keeps its decisions, withdraw, a stale tab, the reviewer, bulk decisions and the decision
log — on real documents (tests/review_workspace.py; runs on copies of raw/ files)."""
import json
import os
import shutil

import pandas as pd
import pytest

from conftest import ROOT, SVM_MD_GROUP, migstat
from review_workspace import copy_of_extracted, review_client

from pipeline.publish.decisions import load_decisions
from pipeline.review.app import create_app

pytestmark = SVM_MD_GROUP      # one xdist worker builds the review workspace (conftest.SVM_MD_GROUP)

JAN_TOTAL = "4453f1931fb6:141:146::"       # 2.585 in ind-asielinstroom-2020-01 (January 2020's total)
FEB_JAN_TOTAL = "ebe9da2fcb28:221:226::"   # 2.601 in ind-asielinstroom-2020-02: January's total revised
JAN_UAM = "4453f1931fb6:1211:1214::"       # 139 in January's item: January's unaccompanied minors
FEB_JAN_UAM = "ebe9da2fcb28:1292:1295::"   # 125 in February's item: the same figure revised
APRIL_TOTAL = "1be84d2eb362:169:172::"     # 445 in ind-asielinstroom-2020-04


@pytest.fixture()
def client(tmp_path):
    extracted = copy_of_extracted(tmp_path / "extracted")
    decisions = tmp_path / "decisions.jsonl"
    return review_client(create_app(extracted, decisions, reviewer="Rev Iewer")), extracted, decisions


def _published(extracted, metric, start, end, nationality=""):
    s = pd.read_csv(extracted / "series.csv", dtype=str, keep_default_na=False)
    got = s[(s["metric"] == metric) & (s["period_start"] == start) & (s["period_end"] == end)
            & (s["nationality"] == nationality)]
    assert len(got) == 1
    return got.iloc[0].to_dict()


# ---- defect 2: one rule for the published value --------------------------------------------------

def test_a_correction_of_an_older_edition_shows_the_value_series_csv_publishes(client):
    """Correct January 2020's 2.585 to 2590 in January's item: February's item revises it to 2.601,
    which series.csv publishes; the app says so and names both editions."""
    c, extracted, _ = client
    r = c.post("/decisions", json={"row": JAN_TOTAL, "action": "correct", "value": "2590"})
    assert r.status_code == 200, r.text
    pub = r.json()["row"]["published"]
    assert pub == {"value": 2601, "shown": "2 601", "source": "raw/ind-asielinstroom-2020-02.txt", "edition": "2020-02",
                   "decision_id": "",
                   "text": "published 2 601 from the February 2020 edition; your correction applies to the January "
                           "2020 edition"}
    assert r.json()["row"]["value_published"] == 2601 and r.json()["row"]["review"]["status"] == "corrected"
    s = _published(extracted, "asylum_inflow_total", "2020-01-01", "2020-01-31")
    assert (s["value_published"], s["published_from"]) == ("2601", "2020-02 raw/ind-asielinstroom-2020-02.txt")
    # February's row of the same figure: its previous edition is January's 2.585
    feb = c.get(f"/api/rows/{FEB_JAN_TOTAL}").json()
    assert feb["previous"] == {"value": 2585, "shown": "2 585", "edition": "2020-01",
                               "source": "raw/ind-asielinstroom-2020-01.txt"}
    assert feb["published"]["text"] == "published 2 601 from this, the February 2020 edition"
    assert c.get(f"/api/rows/{JAN_TOTAL}").json()["previous"] is None


def test_a_rejected_value_shows_the_edition_series_csv_falls_back_to(client):
    """Reject 125 (February's revision of January's unaccompanied minors): series.csv publishes
    January's 139; the app said "(none: rejected)"."""
    c, extracted, _ = client
    r = c.post("/decisions", json={"row": FEB_JAN_UAM, "action": "reject", "note": "not January's"})
    assert r.status_code == 200, r.text
    pub = r.json()["row"]["published"]
    assert (pub["value"], pub["edition"], pub["text"]) == (
        139, "2020-01", "published 139 from the January 2020 edition; your rejection applies to the February 2020 edition")
    s = _published(extracted, "uam_applications", "2020-01-01", "2020-01-31")
    assert (s["value_published"], s["review_status"], s["published_from"]) == (
        str(pub["value"]), "rejected", "2020-01 raw/ind-asielinstroom-2020-01.txt")
    # rejecting January's too leaves nothing to publish, in the app and in the series
    assert c.post("/decisions", json={"row": JAN_UAM, "action": "reject"}).status_code == 200
    d = c.get(f"/api/rows/{FEB_JAN_UAM}").json()
    assert (d["published"]["value"], d["published"]["text"]) == (
        None, "published: nothing (every edition of this figure is rejected)")
    assert _published(extracted, "uam_applications", "2020-01-01", "2020-01-31")["value_published"] == ""


def test_the_other_rows_of_one_number_are_listed_with_their_status(client):
    """"... en Syrië (elk 6)": one number, several rows; each row's detail lists the others."""
    c, extracted, _ = client
    table = pd.read_csv(extracted / "ind-asielinstroom-2020-04.csv", dtype=str, keep_default_na=False)
    shared = table.groupby(["char_start", "char_end"]).filter(lambda g: len(g) > 1)
    first = shared.iloc[0]
    uids = [f"{r.doc_id}:{r.char_start}:{r.char_end}:{r.nationality}:{r.category}"
            for r in shared[(shared["char_start"] == first["char_start"])].itertuples()]
    d = c.get(f"/api/rows/{uids[0]}").json()
    assert sorted(o["uid"] for o in d["others"]) == sorted(uids[1:]) and len(uids) > 1
    assert c.post("/decisions", json={"row": uids[1], "action": "accept"}).status_code == 200
    d = c.get(f"/api/rows/{uids[0]}").json()
    assert {o["uid"]: o["status"] for o in d["others"]}[uids[1]] == "reviewed"


# ---- withdraw, a stale tab, the reviewer ----------------------------------------------------------

def test_withdraw_undoes_a_decision_by_appending_and_a_stale_tab_gets_409(client):
    c, extracted, decisions = client
    r = c.post("/decisions", json={"row": APRIL_TOTAL, "action": "accept", "note": "checked", "expected": ""})
    assert r.status_code == 200, r.text
    first = r.json()["decision"]
    assert (first["who"], first["note"], r.json()["row"]["review"]["decision_id"]) == ("Rev Iewer", "checked", first["id"])
    # a second tab that loaded the row before the accept, saving over it
    stale = c.post("/decisions", json={"row": APRIL_TOTAL, "action": "correct", "value": "455", "expected": ""})
    assert stale.status_code == 409
    body = stale.json()
    assert body["current"]["id"] == first["id"] and body["row"]["review"]["status"] == "accepted"
    assert body["error"].startswith("the row's decision changed since the page was loaded: now accepted by Rev Iewer")
    assert len(decisions.read_text().splitlines()) == 1
    # withdraw: appended, the row is undecided again and publishes its value
    w = c.post("/decisions", json={"row": APRIL_TOTAL, "action": "withdraw", "note": "too quick",
                                   "expected": first["id"], "who": "Ann"})
    assert w.status_code == 200, w.text
    assert (w.json()["decision"]["withdraws"], w.json()["row"]["review"]["status"], w.json()["row"]["status"]) == (
        first["id"], "", "finding")
    assert [d["action"] for d in w.json()["row"]["decisions"]] == ["withdraw", "accept"]     # newest first
    lines = [json.loads(x) for x in decisions.read_text().splitlines()]
    assert [(x["action"], x["who"], x["note"]) for x in lines] == [("accept", "Rev Iewer", "checked"),
                                                                  ("withdraw", "Ann", "too quick")]
    assert _published(extracted, "asylum_inflow_total", "2020-04-01", "2020-04-30")["review_status"] == ""
    again = c.post("/decisions", json={"row": APRIL_TOTAL, "action": "withdraw"})
    assert (again.status_code, again.json()) == (422, {"error": "the row has no decision to withdraw"})
    # the first tab still expects the withdrawn accept: refused; with the current state ("") it saves
    assert c.post("/decisions", json={"row": APRIL_TOTAL, "action": "reject", "expected": first["id"]}).status_code == 409
    assert c.post("/decisions", json={"row": APRIL_TOTAL, "action": "reject", "expected": ""}).status_code == 200


def test_the_reviewer_comes_from_the_option_then_the_environment(tmp_path, monkeypatch):
    extracted = copy_of_extracted(tmp_path / "extracted")
    monkeypatch.setenv("MIGSTAT_REVIEWER", "Env Name")
    app = create_app(extracted, tmp_path / "d.jsonl")
    assert app.state.reviewer == "Env Name"
    assert review_client(app).post("/decisions", json={"row": APRIL_TOTAL, "action": "accept"}).json()["decision"]["who"] == "Env Name"
    assert create_app(extracted, tmp_path / "d.jsonl", reviewer="  Opt  Name ").state.reviewer == "Opt Name"


# ---- defect 4: a malformed line -------------------------------------------------------------------

BAD_LINE = '{"decision_id": "x", "action": "correct", "source": "raw/a.txt", "char_start": 1, "char_end": 2, ' \
           '"old_value": 1, "new_value": Infinity}'


def test_a_malformed_line_is_reported_and_the_app_still_answers(client):
    c, _, decisions = client
    assert c.post("/decisions", json={"row": APRIL_TOTAL, "action": "correct", "value": "455"}).status_code == 200
    decisions.write_text(decisions.read_text() + "{oops\n" + BAD_LINE + "\n", encoding="utf-8")
    ws = c.app.state.workspace
    assert ws.decision_problems() == [
        f"{decisions}:2: not a decision (Expecting property name enclosed in double quotes: line 1 column 2 (char 1)); "
        "it is skipped, the other decisions apply",
        f"{decisions}:3: not a decision (a value that is not a finite number); it is skipped, the other decisions apply"]
    for path in ("/", f"/doc/ind-asielinstroom-2020-04", f"/api/rows/{APRIL_TOTAL}", "/series", "/decisions.csv"):
        assert c.get(path).status_code == 200, path
    assert c.get(f"/api/rows/{APRIL_TOTAL}").json()["published"]["value"] == 455       # the good line applies
    before = decisions.read_bytes()
    assert c.post("/decisions", json={"row": APRIL_TOTAL, "action": "accept"}).status_code == 200
    assert decisions.read_bytes().startswith(before)     # the bad lines stay as they were


def _project(tmp_path, docs):
    """A project folder of its own: raw/ copies of `docs` and a review/ folder."""
    project = tmp_path / "project"
    (project / "raw").mkdir(parents=True)
    (project / "review").mkdir()
    for name in docs:
        shutil.copy(ROOT / "raw" / name, project / "raw" / name)
    return project


def _run(project, *args):
    """`migstat ARGS` in the project folder, with it as MIGSTAT_PROJECT (in this process: conftest.migstat)."""
    env = {**os.environ, "MIGSTAT_PROJECT": str(project)}
    env.pop("MIGSTAT_DECISIONS", None)
    return migstat(*args, env=env, cwd=project)


def _decide(project, uid, action, value=None):
    """A decision as the app records it, on the project's own tables."""
    from pipeline.review.workspace import Workspace
    ws = Workspace(project / "extracted", project / "review/decisions.jsonl", root=project)
    return ws.decide(uid, action, value, who="tester")


def test_run_and_publish_print_a_malformed_line_and_complete(tmp_path):
    project = _project(tmp_path, ["ind-asielinstroom-2020-04.txt"])
    first = _run(project, "run", "--direct", "raw")
    assert first.returncode == 0, first.stderr
    _decide(project, APRIL_TOTAL, "correct", "455")
    path = project / "review/decisions.jsonl"
    path.write_text(path.read_text() + "<<<<<<< HEAD\n", encoding="utf-8")
    p = _run(project, "run", "--direct", "raw")
    assert p.returncode == 0 and "Traceback" not in p.stderr, p.stderr
    line = ("warning: review/decisions.jsonl:2: not a decision (Expecting value: line 1 column 1 (char 0)); "
            "it is skipped, the other decisions apply")
    assert line in p.stderr.splitlines()
    assert "1 corrected" in p.stderr
    assert _published(project / "extracted", "asylum_inflow_total", "2020-04-01", "2020-04-30")["value_published"] == "455"
    p = _run(project, "publish")
    assert p.returncode == 0 and line in p.stderr.splitlines() and "1 corrected" in p.stderr, p.stderr


# ---- defect 3: a renamed document keeps its decisions --------------------------------------------

def test_a_renamed_document_keeps_its_decisions_and_unmatched_ones_are_reported(tmp_path):
    """`git mv raw/ind-asielinstroom-2020-02.txt raw/ind-asielinstroom-februari-2020.txt; make run`
    gave "0 corrected" and the extracted value, without a word. The decision follows the content."""
    project = _project(tmp_path, ["ind-asielinstroom-2020-01.txt", "ind-asielinstroom-2020-02.txt"])
    assert _run(project, "run", "--direct", "raw").returncode == 0
    _decide(project, FEB_JAN_TOTAL, "correct", "2.600")
    assert _published(project / "extracted", "asylum_inflow_total", "2020-01-01", "2020-01-31")["value_published"] == "2601"
    assert _run(project, "publish").returncode == 0
    assert _published(project / "extracted", "asylum_inflow_total", "2020-01-01", "2020-01-31")["value_published"] == "2600"
    (project / "raw/ind-asielinstroom-2020-02.txt").rename(project / "raw/ind-asielinstroom-februari-2020.txt")
    p = _run(project, "run", "--direct", "raw")
    assert p.returncode == 0, p.stderr
    assert "1 corrected" in p.stderr and "match no document" not in p.stderr, p.stderr
    s = _published(project / "extracted", "asylum_inflow_total", "2020-01-01", "2020-01-31")
    assert (s["value_published"], s["review_status"], s["source"]) == (
        "2600", "corrected", "raw/ind-asielinstroom-februari-2020.txt")
    from pipeline.review.workspace import Workspace
    ws = Workspace(project / "extracted", project / "review/decisions.jsonl", root=project)
    d = ws.row_detail(FEB_JAN_TOTAL)              # the same content, the same row id: the app shows it decided
    assert (d["row"]["source"], d["review"]["status"], d["published"]["value"]) == (
        "raw/ind-asielinstroom-februari-2020.txt", "corrected", 2600)
    assert ws.decision_problems() == [] and ws.decision_log()[0]["status"] == "current"
    # the document gone altogether: its decision applies to nothing, and the run says so
    (project / "raw/ind-asielinstroom-februari-2020.txt").unlink()
    p = _run(project, "run", "--direct", "raw")
    assert p.returncode == 0, p.stderr
    assert ("warning: review/decisions.jsonl: 1 decision matches no document of this run "
            "(raw/ind-asielinstroom-2020-02.txt: 1); they apply to nothing until their document is back") in p.stderr.splitlines()
    assert len(load_decisions(project / "review/decisions.jsonl")) == 1


# ---- bulk decisions and the decision log ----------------------------------------------------------

def test_bulk_accept_of_the_rows_without_finding_or_decision(client):
    c, extracted, decisions = client
    svm = "staat-van-migratie-2024"
    f = c.app.state.workspace.frame(c.app.state.workspace.doc(svm))
    unclassified = f[(f["metric"] == "") & f["status"].isin(["other"])]
    got = c.get("/api/bulk", params={"doc": svm, "metric": "-"}).json()
    assert got["count"] == len(unclassified) == len(got["rows"]) > 1000
    assert set(got["rows"]) == set(unclassified["uid"])
    core = c.get("/api/bulk", params={"doc": "ind-asielinstroom-2020-04", "metric": "asylum_inflow_total"}).json()
    assert APRIL_TOTAL not in core["rows"]           # it has a warning (outlier): not for a bulk accept
    r = c.post("/decisions/bulk", json={"rows": got["rows"][:300], "action": "accept", "note": "bulk", "who": "B"})
    assert r.json() == {"decided": 300}
    lines = decisions.read_text().splitlines()
    assert len(lines) == 300 and {json.loads(x)["note"] for x in lines} == {"bulk"}
    assert c.get("/api/bulk", params={"doc": svm, "metric": "-"}).json()["count"] == len(unclassified) - 300
    bad = c.post("/decisions/bulk", json={"rows": [got["rows"][400], "nope:1:2::"], "action": "accept"})
    assert (bad.status_code, bad.json()) == (404, {"error": "unknown row 'nope:1:2::'; nothing was decided"})
    bad = c.post("/decisions/bulk", json={"rows": [got["rows"][400]], "action": "correct"})
    assert bad.status_code == 422 and len(decisions.read_text().splitlines()) == 300
    assert c.get("/api/bulk", params={"doc": "nope"}).status_code == 404


def test_the_decision_log_lists_every_decision_with_its_row_and_status_and_exports_csv(client):
    c, _, decisions = client
    a = c.post("/decisions", json={"row": APRIL_TOTAL, "action": "accept", "who": "A"}).json()["decision"]
    b = c.post("/decisions", json={"row": APRIL_TOTAL, "action": "correct", "value": "455", "note": "typo"}).json()["decision"]
    j = c.post("/decisions", json={"row": JAN_TOTAL, "action": "reject"}).json()["decision"]
    w = c.post("/decisions", json={"row": JAN_TOTAL, "action": "withdraw"}).json()["decision"]
    with open(decisions, "a", encoding="utf-8") as fh:      # a decision on a document that is not here
        line = json.loads(decisions.read_text().splitlines()[0])
        fh.write(json.dumps({**line, "decision_id": "gone", "source": "raw/gone.txt", "doc_id": "000000000000"}) + "\n")
    log = c.app.state.workspace.decision_log()
    assert [(e["decision_id"], e["action"], e["status"], e["doc"], e["uid"]) for e in log] == [
        ("gone", "accept", "unmatched", "", ""),
        (w["id"], "withdraw", "current", "ind-asielinstroom-2020-01", JAN_TOTAL),
        (j["id"], "reject", "withdrawn", "ind-asielinstroom-2020-01", JAN_TOTAL),
        (b["id"], "correct", "current", "ind-asielinstroom-2020-04", APRIL_TOTAL),
        (a["id"], "accept", "superseded", "ind-asielinstroom-2020-04", APRIL_TOTAL)]
    assert (log[3]["value"], log[3]["old_value"], log[3]["note"], log[3]["who"], log[3]["metric"]) == (
        455.0, 445.0, "typo", "Rev Iewer", "asylum_inflow_total")
    text = c.get("/decisions.csv", params={"doc": "ind-asielinstroom-2020-04"}).text
    rows = pd.read_csv(pd.io.common.StringIO(text), dtype=str, keep_default_na=False)
    assert list(rows.columns) == ["decision_id", "who", "when", "action", "value", "old_value", "note", "source",
                                  "doc", "uid", "metric", "status"]
    assert rows[["action", "value", "status"]].values.tolist() == [["correct", "455", "current"],
                                                                  ["accept", "445", "superseded"]]
    only = pd.read_csv(pd.io.common.StringIO(c.get("/decisions.csv?action=reject&status=withdrawn").text), dtype=str)
    assert only["decision_id"].tolist() == [j["id"]]
