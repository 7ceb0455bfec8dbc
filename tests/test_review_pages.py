"""The review app's pages other than the document view, through its routes: search across the
documents, the decisions page's filters and pages, the findings list's work-queue order and the
series charts' links to their rows (the same pages in Chromium: test_review_pages_browser.py)."""
import re
from urllib.parse import quote

import pytest

from conftest import SVM_MD_GROUP
from review_workspace import copy_of_extracted, many_decisions, review_client

from pipeline.review.app import create_app
from pipeline.review.lookup import figures, search
from pipeline.review.status import SEVERITY_RANK

pytestmark = SVM_MD_GROUP      # one xdist worker builds the review workspace (conftest.SVM_MD_GROUP)

APRIL_TOTAL = "1be84d2eb362:169:172::"              # '445' in raw/ind-asielinstroom-2020-04.txt
JANUARY_IN_FEBRUARY = "ebe9da2fcb28:221:226::"      # January's total, 2.601, in February's item


@pytest.fixture()
def client(tmp_path):
    extracted = copy_of_extracted(tmp_path / "extracted")
    decisions = tmp_path / "decisions.jsonl"
    return review_client(create_app(extracted, decisions)), extracted, decisions


def _row_links(html: str) -> list[str]:
    return re.findall(r'<a class="go" href="/doc/[^"#]+#r=([^"]+)">number</a>', html)


@pytest.mark.parametrize("typed, numbers", [
    ("1.250", {1250.0, 1.25}), ("1 250", {1250.0}), ("1250", {1250.0}), ("12,5", {12.5}), ("12,5 %", {12.5}),
    ("35.535", {35535.0, 35.535}), ("1.234.567", {1234567.0}), ("-3", {-3.0}), ("asiel", set()), ("12x", set()),
])
def test_a_figure_is_read_as_the_reports_write_it(typed, numbers):
    assert figures(typed) == numbers


def test_search_finds_a_figure_and_words_across_the_documents(client):
    c, _, _ = client
    html = c.get("/search", params={"q": "2.601"}).text
    assert _row_links(html) == [quote(JANUARY_IN_FEBRUARY)]
    assert "(1 number)" in html
    assert quote(APRIL_TOTAL) in _row_links(c.get("/search?q=445").text)
    results, total = search(c.app.state.workspace, "TOTALE  asielinstroom")     # every word, any case
    assert total == len(results) >= 3
    assert all("totale" in " ".join(r[k] for k in ("quote", "label", "metric")).lower() for r in results)
    page = c.get("/search", params={"q": "TOTALE asielinstroom"}).text
    assert _row_links(page) == [quote(r["uid"]) for r in results]
    assert "Nothing found in the documents." in c.get("/search?q=zzzzqqq").text
    assert "Type a figure or a word." in c.get("/search").text


def test_the_decisions_page_filters_and_pages_its_decisions(client):
    c, extracted, decisions = client
    many_decisions(extracted, decisions, 1200)
    html = c.get("/decisions").text
    assert "(1200, newest first)" in html and html.count("<tr data-id=") == 500
    assert "decisions 1–500 of 1200" in html and 'href="/decisions?start=500">older →</a>' in html
    ids = re.findall(r'<tr data-id="(\w+)"', html)
    assert ids[0] == f"{1199:012x}" and ids[-1] == f"{700:012x}"         # newest first
    last = c.get("/decisions?start=1000").text
    assert last.count("<tr data-id=") == 200 and "← newer" in last and "older →" not in last
    corrected = c.get("/decisions?action=correct&doc=ind-asielinstroom-2020-04").text
    actions = re.findall(r'data-action="(\w+)"', corrected)
    assert actions and set(actions) == {"correct"}
    assert 'href="/decisions.csv?doc=ind-asielinstroom-2020-04&amp;action=correct"' in corrected
    assert all(u.startswith("1be84d2eb362") for u in _row_links(corrected))      # the April item's rows
    statuses = set(re.findall(r'data-status="([\w-]+)"', html))
    assert statuses <= {"current", "re-review", "withdrawn", "superseded", "unmatched"} and "superseded" in statuses
    assert "No decision matches these filters." in c.get("/decisions?status=withdrawn").text


def test_the_findings_list_is_a_work_queue(client):
    """Core rows first, of those the ones not yet reviewed, errors before warnings."""
    c, _, _ = client
    assert c.post("/decisions", json={"row": APRIL_TOTAL, "action": "accept"}).status_code == 200
    html = c.get("/").text.split("<h2>Findings")[1].split("<h2>")[0]
    rows = re.findall(r'<tr data-metric="([^"]*)" data-severity="(\w*)" data-status="([\w-]*)"', html)
    keys = [(not m, s != "unreviewed", -SEVERITY_RANK.get(sev, 0)) for m, sev, s in rows]
    assert len(rows) > 20 and keys == sorted(keys)
    assert rows[0][0] and rows[0][2] == "unreviewed" and rows[-1][0] == ""
    assert ("asylum_inflow_total", "warning", "accepted") in rows


def test_a_chart_point_links_to_the_row_its_value_comes_from(client):
    c, _, _ = client
    html = c.get("/series").text
    chart = html.split('id="s-asylum_inflow_total.-.-.count.month"')[1].split("</svg>")[0]
    january = re.search(r'<a href="([^"]+)" class="ptlink"><circle[^>]*><title>2020-01: 2\.601 ', chart)
    assert january and january.group(1) == "/doc/ind-asielinstroom-2020-02#r=" + quote(JANUARY_IN_FEBRUARY)
    april = re.search(r'<a href="([^"]+)" class="ptlink"><circle[^>]*><title>2020-04: 445 ', chart)
    assert april and april.group(1) == "/doc/ind-asielinstroom-2020-04#r=" + quote(APRIL_TOTAL)
