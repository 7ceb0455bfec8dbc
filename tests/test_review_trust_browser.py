"""Issue 17 in Chromium, the two defects of trust not covered by the other browser files: a malformed
line in review/decisions.jsonl is shown on the app's pages (which still answer, with every other
decision applied, and the line is kept as it was), and a renamed document keeps its decisions in
the app after `migstat run`. Real documents; fixtures of test_review_browser and test_review_decisions."""
import json

import pytest
from playwright.sync_api import expect

from pipeline.review.app import create_app, start_server
from test_review_browser import APRIL_TOTAL, browser, files, page  # noqa: F401  (fixtures)
from test_review_decisions import FEB_JAN_TOTAL, _decide, _project, _run

pytestmark = pytest.mark.browser
BROKEN = '{"decision_id": "half a line", "action": "acc\n'


def test_a_malformed_decisions_line_is_shown_on_the_pages_and_the_other_decisions_still_apply(files, page):
    extracted, decisions = files
    app = create_app(extracted, decisions)
    app.state.workspace.decide(APRIL_TOTAL, "correct", "455", who="Reviewer One")
    with open(decisions, "a", encoding="utf-8") as fh:
        fh.write(BROKEN)
    server = start_server(app)
    try:
        for path in ("", "doc/ind-asielinstroom-2020-04", "decisions"):
            page.goto(server.url + path)
            problem = page.locator("p.decisions-problem")
            expect(problem).to_have_count(1)
            expect(problem).to_contain_text(f"{decisions}:2: not a decision")
        page.goto(server.url + "doc/ind-asielinstroom-2020-04")
        total = page.locator("#m169-172")
        expect(total).to_have_attribute("data-d", "corrected")          # the readable decision still applies
        page.locator("#m224-229").click()                               # another number, decided in the page
        page.locator(".detail button[data-act=accept]").click()
        expect(page.locator(".detail .msg")).to_have_text("saved: accept")
    finally:
        server.stop()
    lines = decisions.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[1] == BROKEN and len(lines) == 3                       # kept as it was; the new one after it
    assert json.loads(lines[2])["action"] == "accept"


def test_a_renamed_document_keeps_its_decisions_in_the_app(tmp_path, page, monkeypatch):
    """`git mv raw/ind-asielinstroom-2020-02.txt raw/ind-asielinstroom-februari-2020.txt; make run`: the
    app still shows the February item's correction of January's total, and publishes it."""
    project = _project(tmp_path, ["ind-asielinstroom-2020-01.txt", "ind-asielinstroom-2020-02.txt"])
    assert _run(project, "run", "--direct", "raw").returncode == 0
    _decide(project, FEB_JAN_TOTAL, "correct", "2.600")
    (project / "raw/ind-asielinstroom-2020-02.txt").rename(project / "raw/ind-asielinstroom-februari-2020.txt")
    p = _run(project, "run", "--direct", "raw")
    assert p.returncode == 0 and "1 corrected" in p.stderr, p.stderr
    monkeypatch.setenv("MIGSTAT_PROJECT", str(project))        # where raw/ is, as `migstat review` there
    app = create_app(project / "extracted", project / "review/decisions.jsonl")
    doc, row = app.state.workspace.find_row(FEB_JAN_TOTAL)
    assert row["source"] == "raw/ind-asielinstroom-februari-2020.txt"
    server = start_server(app)
    try:
        page.goto(server.url + "doc/" + doc.name)
        mark = page.locator("#m221-226")
        expect(mark).to_have_attribute("data-d", "corrected")
        mark.click()
        expect(page.locator(".detail dd.f-published")).to_contain_text("published 2 600")
        expect(page.locator("p.decisions-problem")).to_have_count(0)
    finally:
        server.stop()


def test_a_rejected_value_shows_in_the_page_what_series_csv_publishes(files, page):
    """Reject 125 (January's unaccompanied minors as the February item revises them): the row panel says
    the January edition's 139 is published, as extracted/series.csv then does, and which decision
    applies; before, the app said "(none: rejected)" while the series published 139."""
    from pipeline.publish.series import value_of
    import pandas as pd
    extracted, decisions = files
    server = start_server(create_app(extracted, decisions))
    try:
        page.goto(server.url + "doc/ind-asielinstroom-2020-02")
        page.locator("#m1292-1295").click()
        page.locator(".detail button[data-act=reject]").click()
        expect(page.locator(".detail .msg")).to_have_text("saved: reject")
        published = page.locator(".detail dd.f-published")
        expect(published).to_have_text("published 139 from the January 2020 edition; your rejection applies to the "
                                       "February 2020 edition")
    finally:
        server.stop()                   # after the response the app rewrote series.csv; stop() waits for it
    series = pd.read_csv(extracted / "series.csv", dtype=str, keep_default_na=False)
    row = value_of(series, metric="uam_applications", period_start="2020-01-01", period_end="2020-01-31")
    assert row["value_published"] == "139"
