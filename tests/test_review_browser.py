"""The review app and the static page in a real browser: Debian's chromium, headless, driven by
Playwright (never `playwright install`). The app runs with uvicorn in a thread on 127.0.0.1 over a
copy of an extracted/ folder made from real documents (tests/review_workspace.py)."""
import json
import os
import re
from pathlib import Path

import pytest

from review_workspace import copy_of_extracted

CHROMIUM = "/usr/bin/chromium"
if not Path(CHROMIUM).exists() and not os.environ.get("MIGSTAT_REQUIRE_BROWSER"):
    pytest.skip(f"{CHROMIUM} is not installed (set MIGSTAT_REQUIRE_BROWSER=1 to make this a failure)",
                allow_module_level=True)

from playwright.sync_api import expect, sync_playwright  # noqa: E402

from pipeline.review.app import create_app, start_server  # noqa: E402
from pipeline.review.export import write_static  # noqa: E402
from pipeline.publish.series import build_series, value_of  # noqa: E402

pytestmark = pytest.mark.browser

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
APRIL_TOTAL = "1be84d2eb362:169:172::"          # '445' in raw/ind-asielinstroom-2020-04.txt
KERNCIJFERS_FIRST = "9f933b83dd5f:1762:1767::"  # 'circa 2.490' first applications, page 1 of the PDF


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture()
def files(tmp_path):
    return copy_of_extracted(tmp_path / "extracted"), tmp_path / "decisions.jsonl"


@pytest.fixture()
def app_url(files):
    server = start_server(create_app(*files))
    yield server.url
    server.stop()


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(10_000)
    errors = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    yield pg
    context.close()
    assert errors == []


def test_a_number_is_highlighted_and_a_click_shows_its_row(app_url, page):
    page.goto(app_url + "doc/ind-asielinstroom-2020-04")
    mark = page.locator("#m169-172")
    expect(mark).to_have_text("445")
    expect(mark).to_have_attribute("data-r", APRIL_TOTAL)
    assert mark.evaluate("m => getComputedStyle(m).backgroundColor") == "rgb(255, 211, 168)"   # has a finding
    mark.click()
    detail = page.locator(".detail")
    expect(detail.locator("dd.f-metric")).to_have_text("asylum_inflow_total")
    expect(detail.locator("dd.f-period")).to_have_text("2020-04-01 .. 2020-04-30 (month)")
    expect(detail.locator("dd.f-quote")).to_contain_text("bedroeg 445.")
    expect(detail.locator("ul.findings")).to_contain_text("outlier")
    assert page.evaluate("location.hash") == "#r=" + APRIL_TOTAL.replace(":", "%3A")


def test_selecting_a_number_marks_the_words_that_decided_it(app_url, page):
    page.goto(app_url + "doc/ind-asielinstroom-2020-04")
    page.locator("#m169-172").click()
    why = page.locator("span.w.why")
    expect(why).to_have_count(1)
    expect(why).to_have_text("asielinstroom")        # population.before, from its explanation record
    assert why.evaluate("w => getComputedStyle(w).backgroundColor") == "rgb(255, 243, 176)"
    other = page.locator("mark.n[data-r]").nth(1)          # another number: only its own words are marked
    other.click()
    uid = page.evaluate("decodeURIComponent(location.hash.slice(3))")
    assert uid != "1be84d2eb362:169:172::"
    assert page.locator("span.w.why").evaluate_all("ws => ws.map(w => w.dataset.w.split(' '))") and all(
        uid in ids for ids in page.locator("span.w.why").evaluate_all("ws => ws.map(w => w.dataset.w.split(' '))"))


def test_a_correction_from_the_keyboard_is_saved_survives_a_restart_and_is_published(files, page):
    extracted, decisions = files
    server = start_server(create_app(extracted, decisions))
    try:
        page.goto(server.url + "doc/ind-asielinstroom-2020-04")
        page.fill("#who", "Reviewer One")
        page.locator("#who").dispatch_event("change")
        page.locator("body").click(position={"x": 5, "y": 300})
        page.keyboard.press("j")                      # the first number: the total inflow, 445
        expect(page.locator("mark.sel")).to_have_id("m169-172")
        page.keyboard.press("c")
        expect(page.locator("form.correct input[name=value]")).to_be_focused()
        page.keyboard.press("Control+a")
        page.keyboard.type("455")
        page.keyboard.press("Tab")
        page.keyboard.type("the table on page 2 says 455")
        page.keyboard.press("Enter")
        expect(page.locator(".detail .msg")).to_have_text("saved: correct")
        expect(page.locator("#m169-172")).to_have_class("n s-reviewed sel")
    finally:
        server.stop()
    (line,) = decisions.read_text(encoding="utf-8").splitlines()
    d = json.loads(line)
    assert (d["who"], d["action"], d["old_value"], d["new_value"], d["note"]) == (
        "Reviewer One", "correct", 445.0, 455.0, "the table on page 2 says 455")
    port = int(server.url.rsplit(":", 1)[1].strip("/"))
    again = start_server(create_app(extracted, decisions), port=port)   # a new server on the same files
    try:
        page.goto(again.url + "doc/ind-asielinstroom-2020-04#r=" + APRIL_TOTAL)
        expect(page.locator("#m169-172")).to_have_class("n s-reviewed sel")
        expect(page.locator(".detail p.review")).to_contain_text("corrected 455 by Reviewer One")
        expect(page.locator(".detail dd.f-published")).to_have_text("published 455 as corrected from this, the April 2020 edition")
        assert page.input_value("#who") == "Reviewer One"     # remembered in localStorage (same origin)
    finally:
        again.stop()
    row = value_of(build_series(extracted, decisions), metric="asylum_inflow_total", period_start="2020-04-01",
                   period_end="2020-04-30")
    assert (row["value_published"], row["review_status"], row["reviewed_by"]) == (455.0, "corrected", "Reviewer One")


def test_keys_move_to_the_next_number_with_a_finding_and_accept_it(app_url, files, page):
    page.goto(app_url + "doc/staat-van-migratie-2024")
    page.locator("body").click(position={"x": 5, "y": 300})
    page.keyboard.press("f")
    sel = page.locator("mark.sel")
    expect(sel).to_have_class("n s-finding sel")
    first = sel.get_attribute("id")
    page.keyboard.press("a")
    expect(page.locator(".detail .msg")).to_have_text("saved: accept")
    expect(page.locator("#" + first)).to_have_class("n s-reviewed sel")
    page.keyboard.press("f")
    second = page.locator("mark.sel")
    expect(second).not_to_have_id(first)
    expect(second).to_have_class("n s-finding sel")
    i = int(second.get_attribute("data-i"))
    page.keyboard.press("k")
    expect(page.locator("mark.sel")).to_have_attribute("data-i", str(i - 1))
    page.keyboard.press("ArrowRight")
    expect(page.locator("mark.sel")).to_have_attribute("data-i", str(i))
    assert len(files[1].read_text(encoding="utf-8").splitlines()) == 1


def test_the_pdf_view_shows_the_page_image_with_the_numbers_box(app_url, page):
    page.goto(app_url + "doc/kerncijfers-2023-01.rendered")
    mark = page.locator("#m1762-1767")
    expect(mark).to_have_text("2.490")
    mark.click()
    img = page.locator(".pageimg img")
    expect(img).to_have_attribute("src", re.compile(r"^/doc/kerncijfers-2023-01\.rendered/page/1\.png\?w=\d+00$"))
    page.wait_for_function("document.querySelector('.pageimg img').naturalWidth > 0")
    box = page.locator(f'.pageimg .box.sel[data-uid="{KERNCIJFERS_FIRST}"]')
    expect(box).to_have_count(1)
    b, i = box.bounding_box(), img.bounding_box()
    assert b["width"] > 5 and b["height"] > 5
    assert i["x"] <= b["x"] and b["x"] + b["width"] <= i["x"] + i["width"]
    assert i["y"] <= b["y"] and b["y"] + b["height"] <= i["y"] + i["height"]


def test_the_static_page_opens_offline(files, browser, tmp_path):
    extracted, decisions = files
    out = write_static(tmp_path / "review.html", extracted, decisions)
    context = browser.new_context(offline=True)
    requested = []

    def only_files(route):
        requested.append(route.request.url)
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            route.abort()
    context.route("**/*", only_files)
    pg = context.new_page()
    errors = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    try:
        pg.goto(out.as_uri())
        expect(pg.locator("#index")).to_be_visible()
        expect(pg.locator(".chartbox#s-asylum_inflow_total\\.-\\.-\\.count\\.month svg")).to_be_visible()
        pg.locator('a[href="#doc=ind-asielinstroom-2020-04"]').click()
        expect(pg.locator("#index")).to_be_hidden()
        mark = pg.locator("#doc-ind-asielinstroom-2020-04 #m169-172")
        expect(mark).to_have_text("445")
        mark.click()
        expect(pg.locator("#doc-ind-asielinstroom-2020-04 .detail dd.f-metric")).to_have_text("asylum_inflow_total")
        expect(pg.locator("#doc-ind-asielinstroom-2020-04 .detail .actions")).to_have_count(0)   # read-only
        pg.get_by_role("link", name="documents").click()
        expect(pg.locator("#index")).to_be_visible()
        pg.select_option("select[data-filter=severity]", "error")
        shown = pg.locator("table.findings tr[data-metric]:visible")
        expect(shown).to_have_count(3)
        assert set(shown.evaluate_all("rows => rows.map(r => r.dataset.severity)")) == {"error"}
    finally:
        context.close()
    assert requested == [out.as_uri()]
    assert errors == []
