"""The review app's document view in Chromium (issue 17): a corrected value typed as the reports write
it, a decision made in another tab, undo, a decision for every row of a number, the PDF page zoomed
with the number's frame around its digits, search. Real documents (tests/review_workspace.py); the
browser, the app and the page come from test_review_browser's fixtures (Debian's chromium)."""
import json

import pytest
from playwright.sync_api import expect

from pipeline.review.export import write_static
from test_review_browser import APRIL_TOTAL, KERNCIJFERS_FIRST, app_url, browser, files, page  # noqa: F401

pytestmark = pytest.mark.browser

APRIL = "doc/ind-asielinstroom-2020-04"
MARCH_IN_APRIL = "#m224-229"                  # '1.242': March 2020's inflow in the April item
JANUARY = "doc/ind-asielinstroom-2020-01"
ELK_6 = "#m865-866"                           # '… Russische Federatie en Syrië (elk 6)': five rows, one number
ELK_6_NATIONALITIES = ["ER", "MA", "PK", "RU", "SY"]


def _lines(path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def _fill(page, selector: str, text: str) -> None:
    page.locator(selector).fill(text)


def test_a_value_typed_as_the_reports_write_it_is_read_shown_and_saved(app_url, files, page):
    decisions = files[1]
    page.goto(app_url + APRIL)
    page.locator(MARCH_IN_APRIL).click()
    expect(page.locator(".detail dd.f-value")).to_have_text("1\u2009242 count")
    page.keyboard.press("c")
    value = page.locator("form.correct input[name=value]")
    expect(value).to_be_focused()
    for typed in ("abc", "-5"):                          # not a number; a count below zero
        value.fill(typed)
        expect(page.locator("form.correct .readas")).to_have_class("readas error")
        value.press("Enter")
        expect(page.locator(".detail .msg")).to_contain_text("not saved")
    assert _lines(decisions) == []                         # nothing was sent
    value.fill("1.250")
    expect(page.locator("form.correct .readas")).to_have_text("read as 1 250")
    _fill(page, "form.correct input[name=note]", "the table says 1.250")
    value.press("Enter")
    expect(page.locator(".detail .msg")).to_have_text("saved: correct")
    (d,) = _lines(decisions)
    assert (d["action"], d["old_value"], d["new_value"], d["note"]) == ("correct", 1242.0, 1250.0, "the table says 1.250")
    mark = page.locator(MARCH_IN_APRIL)
    expect(mark).to_have_attribute("data-d", "corrected")
    expect(page.locator(".detail p.review")).to_contain_text("corrected 1\u2009250")


def test_a_decision_made_in_another_tab_is_shown_and_saving_over_it_asks(app_url, files, browser, page):
    decisions = files[1]
    page.goto(app_url + APRIL + "#r=" + APRIL_TOTAL)
    expect(page.locator(".detail dd.f-metric")).to_have_text("asylum_inflow_total")
    other = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
    try:
        other.goto(app_url + APRIL + "#r=" + APRIL_TOTAL)
        other.fill("#who", "Tab Two")
        other.locator("#who").dispatch_event("change")
        other.locator(".detail button[data-act=accept]").click()
        expect(other.locator(".detail .msg")).to_have_text("saved: accept")
    finally:
        other.context.close()
    page.locator(".detail button[data-act=reject]").click()         # this tab still shows no decision
    clash = page.locator(".detail .msg.clash")
    expect(clash).to_contain_text("Decided elsewhere")
    expect(clash).to_contain_text("accept by Tab Two")
    assert [d["action"] for d in _lines(decisions)] == ["accept"]   # nothing saved over it unasked
    expect(page.locator(".detail p.review")).to_contain_text("accepted")   # the other tab's decision shown
    expect(page.locator("#m169-172")).to_have_attribute("data-d", "accepted")
    expect(page.locator('[data-count="reviewed"]')).to_have_text("1")
    clash.locator("button.overwrite").click()
    expect(page.locator(".detail .msg")).to_have_text("saved: reject")
    assert [d["action"] for d in _lines(decisions)] == ["accept", "reject"]
    expect(page.locator("#m169-172")).to_have_attribute("data-d", "rejected")


def test_undo_withdraws_the_rows_decision_and_the_counts_follow(app_url, files, page):
    decisions = files[1]
    page.goto(app_url + APRIL)
    reviewed = page.locator('[data-count="reviewed"]')
    expect(reviewed).to_have_text("0")
    page.locator("#m169-172").click()
    expect(page.locator("#m169-172")).to_have_class("n s-finding sel")
    _fill(page, ".detail input[name=note]", "matches the table")
    page.locator(".detail button[data-act=accept]").click()
    expect(page.locator(".detail .msg")).to_have_text("saved: accept")
    expect(page.locator("#m169-172")).to_have_class("n s-reviewed sel")
    expect(reviewed).to_have_text("1")
    accepted = page.locator("#m169-172").evaluate("m => getComputedStyle(m).backgroundColor")
    page.locator("body").click(position={"x": 5, "y": 300})
    page.keyboard.press("u")
    expect(page.locator(".detail .msg")).to_have_text("saved: withdraw")
    expect(page.locator("#m169-172")).to_have_class("n s-finding sel")
    expect(reviewed).to_have_text("0")
    expect(page.locator(".detail button[data-act=withdraw]")).to_have_count(0)
    expect(page.locator(".detail ul.decisions li")).to_have_count(2)
    lines = _lines(decisions)
    assert [(d["action"], d["note"]) for d in lines] == [("accept", "matches the table"), ("withdraw", "")]
    # accepted, corrected and rejected in three colours
    page.locator(".detail button[data-act=reject]").click()
    expect(page.locator("#m169-172")).to_have_attribute("data-d", "rejected")
    rejected = page.locator("#m169-172").evaluate("m => getComputedStyle(m).backgroundColor")
    legend = page.locator('.legend mark[data-d="corrected"]').evaluate("m => getComputedStyle(m).backgroundColor")
    assert len({accepted, rejected, legend}) == 3


def test_a_decision_for_every_row_of_a_number(app_url, files, browser, page):
    decisions = files[1]
    page.goto(app_url + JANUARY)
    page.locator(ELK_6).click()
    rows = page.locator(".detail .rows button")
    expect(rows).to_have_count(5)
    expect(rows.nth(2)).to_contain_text("PK")
    page.locator(".detail input[name=all]").check()
    _fill(page, ".detail input[name=note]", "all five are 6 in the list")
    page.locator(".detail button[data-act=accept]").click()
    expect(page.locator(".detail .msg")).to_have_text("saved: accept on 5 rows")
    expect(page.locator(ELK_6)).to_have_class("n s-reviewed sel")
    expect(page.locator(ELK_6)).to_have_attribute("data-d", "accepted")
    expect(page.locator('[data-count="reviewed"]')).to_have_text("5")
    for i in range(5):
        expect(rows.nth(i).locator(".rowstate")).to_have_text("accepted")
    lines = _lines(decisions)
    assert sorted(d["nationality"] for d in lines) == ELK_6_NATIONALITIES
    assert {(d["action"], d["note"], d["old_value"]) for d in lines} == {("accept", "all five are 6 in the list", 6.0)}
    # another tab corrects Pakistan's row; rejecting all five here asks about that one, decides the others
    other = browser.new_context(viewport={"width": 1400, "height": 900}).new_page()
    try:
        other.goto(app_url + JANUARY + "#r=4453f1931fb6:865:866:PK:")
        other.keyboard.press("c")
        other.locator("form.correct input[name=value]").fill("7")
        other.keyboard.press("Enter")
        expect(other.locator(".detail .msg")).to_have_text("saved: correct")
    finally:
        other.context.close()
    _fill(page, ".detail input[name=note]", "")
    page.locator(".detail button[data-act=reject]").click()
    clash = page.locator(".detail .msg.clash")
    expect(clash).to_contain_text("4453f1931fb6:865:866:PK:: correct 7 by")
    expect(page.locator(ELK_6)).to_have_attribute("data-d", "mixed")
    assert [d["action"] for d in _lines(decisions)[5:]] == ["correct", "reject", "reject", "reject", "reject"]
    clash.locator("button.overwrite").click()
    expect(page.locator(".detail .msg")).to_have_text("saved: reject")
    expect(page.locator(ELK_6)).to_have_attribute("data-d", "rejected")
    assert [(d["action"], d["nationality"]) for d in _lines(decisions)[-1:]] == [("reject", "PK")]


def test_the_pdf_page_zooms_and_the_frame_lies_around_the_digits(app_url, page):
    page.goto(app_url + "doc/kerncijfers-2023-01.rendered")
    page.locator("#m1762-1767").click()
    img = page.locator(".pageimg img")
    page.wait_for_function("document.querySelector('.pageimg img').complete && "
                           "document.querySelector('.pageimg img').naturalWidth > 0")
    frame = page.locator(f'.pageimg .box.sel[data-uid="{KERNCIJFERS_FIRST}"]')
    expect(frame).to_have_count(1)
    boxes = page.evaluate("fetch('/doc/kerncijfers-2023-01.rendered/page/1/boxes').then(r => r.json())")
    (digits,) = boxes[KERNCIJFERS_FIRST]

    def check(min_width):
        i = img.bounding_box()
        natural = img.evaluate("i => i.naturalWidth")
        assert i["width"] >= min_width and natural >= i["width"]     # drawn no larger than rendered: sharp
        x0, y0 = i["x"] + digits[0] * i["width"], i["y"] + digits[1] * i["height"]
        x1, y1 = i["x"] + digits[2] * i["width"], i["y"] + digits[3] * i["height"]
        f = frame.bounding_box()
        border = 2
        # the frame's inside (within its border) holds the digits' box: the line is drawn outside them
        assert f["x"] + border <= x0 and f["y"] + border <= y0
        assert f["x"] + f["width"] - border >= x1 and f["y"] + f["height"] - border >= y1
        return i["width"]

    fit = check(500)          # the panel at 1400 px: the page at least 500 px wide
    page.locator(".pageimg button[data-zoom=in]").click()
    page.locator(".pageimg button[data-zoom=in]").click()
    expect(page.locator(".pageimg .zoomlevel")).to_have_text("150%")
    page.wait_for_function("document.querySelector('.pageimg img').complete && "
                           "document.querySelector('.pageimg img').naturalWidth >= "
                           "document.querySelector('.pageimg img').getBoundingClientRect().width")
    zoomed = check(fit * 1.4)
    assert zoomed == pytest.approx(fit * 1.5, abs=2)
    page.locator(".pageimg button[data-zoom=fit]").click()
    expect(page.locator(".pageimg .zoomlevel")).to_have_text("100%")


def test_search_finds_a_number_as_written_or_as_a_value_and_words(app_url, page):
    page.goto(app_url + APRIL)
    search = page.locator("form.docsearch input[name=q]")
    page.locator("body").click(position={"x": 5, "y": 300})
    page.keyboard.press("/")
    expect(search).to_be_focused()
    search.fill("1242")                          # the value; the text writes 1.242
    search.press("Enter")
    expect(page.locator("mark.sel")).to_have_id("m224-229")
    expect(page.locator(".detail dd.f-metric")).to_have_text("asylum_inflow_total")
    expect(page.locator("form.docsearch .hits")).to_have_text("1 of 1")
    search.fill("445")
    search.press("Enter")
    expect(page.locator("mark.sel")).to_have_id("m169-172")
    search.fill("nareizigers")
    search.press("Enter")
    hits = page.locator("form.docsearch .hits")
    expect(hits).to_have_text("1 of 4")          # case ignored: "Nareizigers" too
    assert page.evaluate("CSS.highlights.get('search-hit').size") == 4
    assert page.evaluate("String(CSS.highlights.get('search-here').values().next().value)").lower() == "nareizigers"
    search.press("Enter")
    expect(hits).to_have_text("2 of 4")
    search.press("Shift+Enter")
    search.press("Shift+Enter")
    expect(hits).to_have_text("4 of 4")
    search.fill("no such word")
    search.press("Enter")
    expect(hits).to_have_text("not found")


def test_the_row_panel_says_where_the_published_value_comes_from(app_url, page):
    page.goto(app_url + JANUARY)
    page.locator("#m141-146").click()                # January's total, 2.585; the February item revises it
    published = page.locator(".detail dd.f-published")
    expect(published).to_have_text("published 2 601 from the February 2020 edition; this is the January 2020 edition")
    page.keyboard.press("c")
    page.locator("form.correct input[name=value]").fill("2.590")
    expect(page.locator("form.correct .readas")).to_have_text("read as 2 590")
    page.keyboard.press("Enter")
    expect(page.locator(".detail .msg")).to_have_text("saved: correct")
    expect(published).to_have_text("published 2 601 from the February 2020 edition; your correction applies to the "
                                   "January 2020 edition")
    page.goto(app_url + "doc/ind-asielinstroom-2020-02")
    page.locator("#m221-226").click()                # January's total as the February item gives it, 2.601
    expect(page.locator(".detail dd.f-previous-edition")).to_have_text(
        "2 585 in the 2020-01 edition (raw/ind-asielinstroom-2020-01.txt)")


def test_search_works_in_the_static_page(files, browser, tmp_path):
    out = write_static(tmp_path / "review.html", *files)
    pg = browser.new_context(offline=True).new_page()
    try:
        pg.goto(out.as_uri() + "#doc=ind-asielinstroom-2020-04")
        section = pg.locator("#doc-ind-asielinstroom-2020-04")
        search = section.locator("form.docsearch input[name=q]")
        search.fill("1.242")
        search.press("Enter")
        expect(section.locator("mark.sel")).to_have_id("m224-229")
        expect(section.locator(".detail dd.f-metric")).to_have_text("asylum_inflow_total")
        expect(section.locator(".detail .actions")).to_have_count(0)          # read-only
    finally:
        pg.context.close()
