"""The review app's routes, the static page, the charts and `migstat review`, on an extracted/ folder
made from real documents (tests/review_workspace.py); the browser tests are in test_review_browser.py."""
import json
import re
import warnings

import pandas as pd
import pytest

from conftest import ROOT, SVM_MD_GROUP, migstat
from review_workspace import SVM_TABLE, built, copy_of_extracted, previous_svm_table, review_client

with warnings.catch_warnings():
    warnings.simplefilter("ignore")     # starlette's note about httpx2
    from fastapi.testclient import TestClient

from pipeline.run.documents import process_document
from pipeline.run.tables import write_outputs
from pipeline.review.app import create_app
from pipeline.review.charts import series_list, svg_chart
from pipeline.publish.diff import diff_frames, parse_rows, read_rows
from pipeline.review.export import write_static
from pipeline.publish.series import build_series, value_of
from pipeline.review.workspace import Workspace

pytestmark = SVM_MD_GROUP      # one xdist worker builds the review workspace (conftest.SVM_MD_GROUP)

# known numbers of real documents: (document, row id, text as written)
APRIL_TOTAL = ("ind-asielinstroom-2020-04", "1be84d2eb362:169:172::", "445")
JANUARY_IN_FEBRUARY = ("ind-asielinstroom-2020-02", "ebe9da2fcb28:221:226::", "2.601")
KERNCIJFERS_FIRST = ("kerncijfers-2023-01.rendered", "9f933b83dd5f:1762:1767::", "2.490")
SVM_FIGUUR8_CHANGE = ("staat-van-migratie-2024", "4a3444bc483f:89572:89575::", "+3%")


@pytest.fixture()
def client(tmp_path):
    extracted = copy_of_extracted(tmp_path / "extracted")
    decisions = tmp_path / "decisions.jsonl"
    return review_client(create_app(extracted, decisions)), extracted, decisions


def _mark(html: str, uid: str) -> re.Match:
    """The <mark> of a row: groups status, start, end, row ids, text."""
    for m in re.finditer(r'<mark class="n s-(\w+)" id="m(\d+)-(\d+)" data-r="([^"]*)"[^>]*>([^<]*)</mark>', html):
        if uid in m.group(4).split(" "):
            return m
    raise AssertionError(f"{uid} is not marked")


def test_document_view_marks_every_number_with_its_status(client):
    c, extracted, _ = client
    html = c.get(f"/doc/{APRIL_TOTAL[0]}").text
    m = _mark(html, APRIL_TOTAL[1])
    assert (m.group(2), m.group(3), m.group(5)) == ("169", "172", "445")
    assert m.group(1) == "finding"          # the outlier warning against the other months
    table = read_rows(extracted / f"{APRIL_TOTAL[0]}.csv")
    spans = {(r["char_start"], r["char_end"]) for r in table}
    marked = set(re.findall(r'<mark class="n s-\w+" id="m(\d+)-(\d+)"', html))
    assert marked == spans and len(spans) == 23          # 39 rows, 23 numbers (top-5 lists share spans)
    svm = c.get(f"/doc/{SVM_FIGUUR8_CHANGE[0]}").text
    m = _mark(svm, SVM_FIGUUR8_CHANGE[1])
    assert (m.group(1), m.group(5)) == ("finding", "+3%")
    assert "<table class=\"doctable\">" in svm              # tab rows drawn as tables, the cell's number marked inside


def test_row_detail_has_the_row_its_explanation_and_findings(client):
    c, _, _ = client
    d = c.get(f"/api/rows/{APRIL_TOTAL[1]}").json()
    r = d["row"]
    assert (r["metric"], r["period_start"], r["period_end"], r["value"], r["page"]) == (
        "asylum_inflow_total", "2020-04-01", "2020-04-30", 445, 1)
    assert r["quote"].endswith("bedroeg 445.") and "population.before «asielinstroom»" in r["explanation"]
    assert [(f["severity"], f["check"]) for f in d["findings"]] == [("warning", "outlier")]
    assert d["series"] == "s-asylum_inflow_total.-.-.count.month" and d["value_published"] == 445
    svm = c.get(f"/api/rows/{SVM_FIGUUR8_CHANGE[1]}").json()
    assert svm["row"]["table"] == "Figuur 8" and [f["check"] for f in svm["findings"]] == ["table_change"]
    assert c.get("/api/rows/nope:1:2::").status_code == 404


def test_index_lists_documents_findings_and_filters_them(client):
    c, _, _ = client
    html = c.get("/").text
    for name in ("ind-asielinstroom-2020-01", "kerncijfers-2023-01.rendered", "staat-van-migratie-2024"):
        assert f'href="/doc/{name}"' in html
    ws = Workspace(built(), "/nonexistent/decisions.jsonl")
    errors = [x for x in ws.findings() if x["severity"] == "error"]
    assert len(errors) == 3
    only = c.get("/?severity=error").text
    rows = re.findall(r'<tr data-metric="[^"]*" data-severity="(\w*)" data-status="(\w*)" data-change="">', only)
    assert [s for s, _ in rows] == ["error"] * 3
    assert f'href="/doc/staat-van-migratie-2024#r={SVM_FIGUUR8_CHANGE[1].replace(":", "%3A")}"' in only
    assert re.findall(r'data-severity="(\w*)" data-status="\w*" data-change=""',
                      c.get("/?severity=warning&metric=asylum_inflow_total").text) == ["warning"] * 3


def test_changes_since_the_previous_run_and_edition_link_to_their_numbers(client):
    c, extracted, _ = client
    ws = Workspace(extracted, extracted / "none.jsonl")
    # the run replaced the table committed at PREVIOUS_RUN: changes.csv says what it changed
    expected = diff_frames(parse_rows(previous_svm_table(), SVM_TABLE, "old"), read_rows(extracted / SVM_TABLE))
    run = ws.run_changes()
    assert [(x["status"], x["label"]) for x in run] == [(r.status, r.label) for r in expected]
    html_svm = c.get("/doc/staat-van-migratie-2024").text
    for x in run:
        if x["status"] in ("added", "changed"):      # linked to the number as it is now
            m = _mark(html_svm, x["uid"])
            assert f'{m.group(2)}-{m.group(3)}' == x["new_span"]
        else:
            assert x["uid"] == ""
    # February's item revises January: the edition diff has the four revised figures, linked
    changed = {(x["metric"], x["old_value"], x["new_value"], x["uid"]) for x in ws.edition_changes()
               if x["status"] == "changed"}
    assert ("asylum_inflow_total", "2585", "2601", JANUARY_IN_FEBRUARY[1]) in changed and len(changed) == 4
    html = c.get("/?change=changed").text
    assert html.count('data-change="changed"') == 4 + sum(1 for x in run if x["status"] == "changed")   # + the run's
    assert _mark(c.get(f"/doc/{JANUARY_IN_FEBRUARY[0]}").text, JANUARY_IN_FEBRUARY[1]).group(5) == "2.601"


def test_decision_is_stored_and_changes_the_status_and_value_published(client):
    c, extracted, decisions = client
    r = c.post("/decisions", json={"row": APRIL_TOTAL[1], "action": "correct", "value": "455", "note": "typo",
                                   "who": "tester"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["mark_status"] == "reviewed" and body["row"]["review"]["status"] == "corrected"
    assert body["row"]["value_published"] == 455
    lines = decisions.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    d = json.loads(lines[0])
    assert (d["who"], d["action"], d["old_value"], d["new_value"], d["note"], d["char_start"]) == (
        "tester", "correct", 445.0, 455.0, "typo", 169)
    assert _mark(c.get(f"/doc/{APRIL_TOTAL[0]}").text, APRIL_TOTAL[1]).group(1) == "reviewed"
    row = value_of(build_series(extracted, decisions), metric="asylum_inflow_total", period_start="2020-04-01",
                   period_end="2020-04-30")
    assert (row["value_published"], row["value_extracted"], row["review_status"]) == (455.0, 445.0, "corrected")
    # the published table on disk is rewritten with it (after the response)
    published = pd.read_csv(extracted / "series.csv", dtype=str, keep_default_na=False)
    got = published[(published["metric"] == "asylum_inflow_total") & (published["period_start"] == "2020-04-01")
                    & (published["period_end"] == "2020-04-30") & (published["nationality"] == "")]
    assert got[["value_published", "value_extracted", "review_status", "reviewed_by"]].values.tolist() == [
        ["455", "445", "corrected", "tester"]]
    # a new app on the same files (a restart) shows the decision
    again = TestClient(create_app(extracted, decisions)).get(f"/api/rows/{APRIL_TOTAL[1]}").json()
    assert again["review"]["status"] == "corrected" and again["decisions"][0]["note"] == "typo"


def test_the_app_shows_as_published_what_the_series_publishes(client):
    """A row's published value in the app is the series' value_published (one function,
    pipeline.publish.series.value_published): an accepted row its value, a corrected one the correction,
    a rejected one the latest earlier edition that was not rejected (February 2020's item revises
    January's total to 2601; rejected, January's own 2585 is published, not nothing)."""
    c, extracted, decisions = client
    decided = {"accept": (APRIL_TOTAL[1], None), "correct": (KERNCIJFERS_FIRST[1], "2491"),
               "reject": (JANUARY_IN_FEBRUARY[1], None)}
    for action, (uid, value) in decided.items():
        assert c.post("/decisions", json={"row": uid, "action": action, "value": value}).status_code == 200
    series = build_series(extracted, decisions)
    got = {}
    for action, (uid, _) in decided.items():
        d = c.get(f"/api/rows/{uid}").json()
        s = value_of(series, metric=d["row"]["metric"], period_start=d["row"]["period_start"],
                     period_end=d["row"]["period_end"])
        got[action] = (d["value_published"], s["value_published"], s["review_status"], s["published_from"][:7])
    assert got == {"accept": (445, 445.0, "accepted", "2020-04"), "correct": (2491, 2491.0, "corrected", "2023-01"),
                   "reject": (2585, 2585.0, "rejected", "2020-01")}


@pytest.mark.parametrize("body, status, reason", [
    ({"row": "ffffffffffff:1:2::", "action": "accept"}, 404, "unknown row 'ffffffffffff:1:2::'"),
    ({"row": APRIL_TOTAL[1], "action": "correct", "value": "4x5"}, 422,
     "'4x5' is not a number as the reports write one (1.250 or 1 250; 12,5; 12,5 %)"),
    ({"row": APRIL_TOTAL[1], "action": "correct"}, 422, "a correction needs a value"),
    ({"row": APRIL_TOTAL[1], "action": "approve"}, 422, "unknown action 'approve' (accept, reject, correct or withdraw)"),
    ({"action": "accept"}, 400, 'a decision needs {"row": <row id>, "action": accept|reject|correct|withdraw}'),
    # what the issue found written wrong or accepted (defect 1): not a finite count of 445's row
    ({"row": APRIL_TOTAL[1], "action": "correct", "value": "1e999"}, 422,
     "'1e999' is not a number as the reports write one (1.250 or 1 250; 12,5; 12,5 %)"),
    ({"row": APRIL_TOTAL[1], "action": "correct", "value": -5}, 422, "'-5': a count is not negative"),
    ({"row": APRIL_TOTAL[1], "action": "correct", "value": "-5"}, 422, "'-5': a count is not negative"),
    ({"row": APRIL_TOTAL[1], "action": "correct", "value": "4,5"}, 422, "'4,5': a count is a whole number"),
    ({"row": APRIL_TOTAL[1], "action": "correct", "value": "45%"}, 422, "'45%' is a percentage; this row's unit is count"),
])
def test_a_bad_decision_is_refused_with_one_line_and_nothing_written(client, body, status, reason):
    c, _, decisions = client
    r = c.post("/decisions", json=body)
    assert (r.status_code, r.json()) == (status, {"error": reason})
    assert not decisions.exists()


@pytest.mark.parametrize("number", ["1e400", "-1e400", "Infinity", "NaN"])
def test_a_json_number_that_is_not_finite_is_refused_and_never_written(client, number):
    """1e400 sent to the API was written as Infinity, and that row answered HTTP 500 for ever."""
    c, _, decisions = client
    body = f'{{"row": "{APRIL_TOTAL[1]}", "action": "correct", "value": {number}}}'.encode()
    r = c.post("/decisions", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 422 and r.json()["error"] in ("'inf' is not a finite number", "'-inf' is not a finite number",
                                                          "'nan' is not a finite number")
    assert not decisions.exists() and c.get(f"/api/rows/{APRIL_TOTAL[1]}").status_code == 200


APRIL_1242 = "1be84d2eb362:224:229::"       # "1.242" in ind-asielinstroom-2020-04 (checked below)


@pytest.mark.parametrize("typed", ["1.250", "1 250", "1\u2009250", 1250])
def test_a_value_typed_as_the_reports_write_it_is_read_shown_and_published_so(client, typed):
    """Defect 1: "1.250" typed on the 1.242 row was saved as 1.25. It reads as 1250 (GET /api/value
    says so before saving), is written as 1250, and series.csv publishes 1250."""
    c, extracted, decisions = client
    d = c.get(f"/api/rows/{APRIL_1242}").json()
    assert (d["row"]["value"], d["row"]["unit"], d["row"]["quote"].count("1.242")) == (1242, "count", 1)
    assert c.get("/api/value", params={"row": APRIL_1242, "text": str(typed)}).json() == {
        "value": 1250.0, "shown": "1 250", "unit": "count"}
    r = c.post("/decisions", json={"row": APRIL_1242, "action": "correct", "value": typed})
    assert r.status_code == 200, r.text
    assert r.json()["row"]["published"]["value"] == 1250 and r.json()["decision"]["new_value"] == 1250
    assert json.loads(decisions.read_text())["new_value"] == 1250.0
    published = pd.read_csv(extracted / "series.csv", dtype=str, keep_default_na=False)
    row = d["row"]
    got = published[(published["metric"] == row["metric"]) & (published["period_start"] == row["period_start"])
                    & (published["period_end"] == row["period_end"]) & (published["nationality"] == row["nationality"])]
    assert got[["value_published", "review_status"]].values.tolist() == [["1250", "corrected"]]


@pytest.mark.parametrize("text, error", [
    ("1e999", "'1e999' is not a number as the reports write one (1.250 or 1 250; 12,5; 12,5 %)"),
    ("-5", "'-5': a count is not negative"),
    ("1,25", "'1,25': a count is a whole number"),
    ("1.25", "'1.25' reads as 1,25: a count is a whole number"),
    ("", "'' is not a number as the reports write one (1.250 or 1 250; 12,5; 12,5 %)"),
])
def test_api_value_refuses_what_is_not_a_count_with_one_line(client, text, error):
    c, _, _ = client
    r = c.get("/api/value", params={"row": APRIL_1242, "text": text})
    assert (r.status_code, r.json()) == (422, {"error": error})
    assert c.get("/api/value", params={"row": "nope:1:2::", "text": "1"}).status_code == 404


def test_a_request_that_is_not_json_is_refused(client):
    c, _, decisions = client
    r = c.post("/decisions", content=b"action=accept", headers={"content-type": "application/x-www-form-urlencoded"})
    assert (r.status_code, r.json()) == (400, {"error": "the request is not JSON"})
    assert not decisions.exists()


def test_a_decision_survives_a_rerun_of_the_unchanged_document(client):
    c, extracted, decisions = client
    assert c.post("/decisions", json={"row": APRIL_TOTAL[1], "action": "reject", "note": "not April's"}).status_code == 200
    before = (extracted / f"{APRIL_TOTAL[0]}.csv").read_bytes()
    write_outputs([process_document(ROOT / "raw/ind-asielinstroom-2020-04.txt")], extracted)
    assert (extracted / f"{APRIL_TOTAL[0]}.csv").read_bytes() == before
    d = c.get(f"/api/rows/{APRIL_TOTAL[1]}").json()
    assert (d["status"], d["review"]["status"], d["review"]["note"], d["value_published"]) == (
        "reviewed", "rejected", "not April's", None)


def test_a_decision_on_a_number_that_changed_asks_for_re_review(client):
    """The document now gives another value than the one decided on (a re-extraction read it
    differently): the row is flagged re-review, not silently kept."""
    c, extracted, decisions = client
    assert c.post("/decisions", json={"row": APRIL_TOTAL[1], "action": "accept"}).status_code == 200
    table = extracted / f"{APRIL_TOTAL[0]}.csv"
    text = table.read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if ",169,172," in x)
    table.write_text(text.replace(line, line.replace(",445,count,", ",446,count,")), encoding="utf-8")
    d = c.get(f"/api/rows/{APRIL_TOTAL[1]}").json()
    assert d["status"] == "rereview" and d["review"]["status"] == "re-review"
    assert _mark(c.get(f"/doc/{APRIL_TOTAL[0]}").text, APRIL_TOTAL[1]).group(1) == "rereview"


def test_pdf_page_image_and_the_boxes_of_its_numbers(client):
    c, _, _ = client
    r = c.get(f"/doc/{KERNCIJFERS_FIRST[0]}/page/1.png")
    assert r.status_code == 200 and r.headers["content-type"] == "image/png" and r.content[:8] == b"\x89PNG\r\n\x1a\n"
    boxes = c.get(f"/doc/{KERNCIJFERS_FIRST[0]}/page/1/boxes").json()
    (x0, y0, x1, y1), = boxes[KERNCIJFERS_FIRST[1]]
    assert 0 < x0 < x1 < 1 and 0 < y0 < y1 < 1 and y1 - y0 < 0.03      # one line on page 1
    assert c.get(f"/doc/{KERNCIJFERS_FIRST[0]}/page/9.png").json() == {
        "error": "kerncijfers-2023-01.rendered: no page 9 (the PDF has 4)"}
    assert c.get(f"/doc/{APRIL_TOTAL[0]}/page/1.png").status_code == 404     # a text document has no pages


def test_static_page_is_self_contained_and_holds_the_rows(tmp_path):
    out = write_static(tmp_path / "review.html", built(), tmp_path / "none.jsonl", ["raw/staat-van-migratie-2024.md"])
    html = out.read_text(encoding="utf-8")
    assert out.stat().st_size < 5_000_000
    assert [p.name for p in tmp_path.iterdir()] == ["review.html"]        # no temporary file left
    assert not re.search(r'(?:src|href|action)\s*=\s*["\']?(?:https?:)?//', html)
    assert "<link" not in html and "<script src" not in html and "@import" not in html and "url(" not in html
    m = _mark(html, SVM_FIGUUR8_CHANGE[1])
    assert m.group(5) == "+3%"
    rows = json.loads(re.search(r'<script type="application/json" class="rowdata">(.*?)</script>', html, re.S).group(1))
    assert rows[SVM_FIGUUR8_CHANGE[1]]["findings"][0]["check"] == "table_change"
    assert len(rows) == len(read_rows(built() / SVM_TABLE))
    assert 'data-mode="static"' in html and "/decisions" not in html.split("<script>")[0]


def test_series_chart_shows_januarys_revision():
    """January 2020's total inflow: 2.585 in January's item, 2.601 in February's. The chart publishes
    the later edition's value and shows the earlier one as another edition's dot."""
    s = next(x for x in series_list(build_series(built(), "/nonexistent/decisions.jsonl"))
             if x.sid == "s-asylum_inflow_total.-.-.count.month")
    jan = next(p for p in s.points if p.period_start == "2020-01-01")
    assert (jan.value, jan.editions) == (2601.0, (("2020-01", 2585.0), ("2020-02", 2601.0)))
    svg = svg_chart(s)
    assert svg.startswith("<svg") and "2020-01: 2.585 in edition 2020-01" in svg
    assert svg.count('class="point') == len(s.points) and "http" not in svg


def _cli(*args):
    return migstat("review", *args)


def test_cli_review_without_extracted_says_run_make_run(tmp_path):
    p = _cli("--extracted", str(tmp_path / "nothing"))
    assert p.returncode == 2
    assert p.stderr == f"error: {tmp_path / 'nothing'}: no extracted/ folder; run `make run` first\n"


def test_cli_review_unknown_document_is_one_line(tmp_path):
    p = _cli("raw/nope.txt", "--extracted", str(built()))
    assert p.returncode == 2 and p.stderr.count("\n") == 1 and "no table of raw/nope.txt" in p.stderr


def test_cli_review_out_writes_the_static_page(tmp_path):
    out = tmp_path / "r.html"
    p = _cli("raw/ind-asielinstroom-2020-04.txt", "--extracted", str(built()), "--decisions",
             str(tmp_path / "d.jsonl"), "--out", str(out))
    assert p.returncode == 0, p.stderr
    html = out.read_text(encoding="utf-8")
    assert _mark(html, APRIL_TOTAL[1]).group(5) == "445"
    assert 'id="doc-staat-van-migratie-2024"' not in html        # DOC limits the documents
