"""The review app's pages other than the document view, and its safety, in Chromium (Debian's, through
Playwright, as tests/test_review_browser.py): the decisions page, search from the documents page,
bulk accept, the series charts' links, the lists on a 1400 px screen, and a page of another origin
that tries to post a decision."""
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from test_review_browser import APRIL_TOTAL, browser, files, page  # noqa: F401  (fixtures)
from playwright.sync_api import expect  # noqa: E402

from pipeline.review.app import create_app, start_server  # noqa: E402

pytestmark = pytest.mark.browser
JANUARY_IN_FEBRUARY = "ebe9da2fcb28:221:226::"      # January's total, 2.601, in February's item


def _decide(url: str, app, uid: str, action: str, value=None, note: str = "") -> None:
    from review_workspace import review_client
    r = review_client(app).post("/decisions", json={"row": uid, "action": action, "value": value, "note": note,
                                                    "who": "Reviewer Two"})
    assert r.status_code == 200, r.text


@pytest.fixture()
def served(files):
    app = create_app(*files)
    server = start_server(app)
    yield server.url, app
    server.stop()


def _lines(path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def test_the_decisions_page_filters_links_to_the_number_and_exports_csv(served, files, page):
    url, app = served
    _decide(url, app, APRIL_TOTAL, "correct", "455", "the table says 455")
    _decide(url, app, JANUARY_IN_FEBRUARY, "reject", note="January's, not February's")
    _decide(url, app, "9f933b83dd5f:1762:1767::", "accept")          # Kerncijfers' 2.490
    page.goto(url)
    page.get_by_role("link", name="decisions").click()
    rows = page.locator("table.decisions tr[data-id]")
    expect(rows).to_have_count(3)
    expect(rows.first).to_contain_text("accept")             # newest first
    page.select_option("select[name=action]", "correct")    # applies at once
    expect(page).to_have_url(url + "decisions?doc=&metric=&action=correct&status=")
    expect(rows).to_have_count(1)
    row = rows.first
    expect(row).to_contain_text("Reviewer Two")
    expect(row.locator("td.num").first).to_have_text("455")
    expect(row.locator("td.num").nth(1)).to_have_text("445")
    expect(row).to_contain_text("the table says 455")
    expect(row).to_contain_text("ind-asielinstroom-2020-04")
    csv_link = page.locator("a.csv")
    expect(csv_link).to_have_attribute("href", "/decisions.csv?action=correct")
    with page.expect_download() as got:
        csv_link.click()
    lines = open(got.value.path(), encoding="utf-8").read().splitlines()
    assert lines[0].startswith("decision_id,who,when,action,value,old_value,note,") and len(lines) == 2
    assert ",Reviewer Two," in lines[1] and ",correct,455,445,the table says 455," in lines[1]
    page.select_option("select[name=doc]", "ind-asielinstroom-2020-02")     # with the action kept: nothing
    expect(rows).to_have_count(0)
    expect(page.locator("table.decisions")).to_contain_text("No decision matches these filters.")
    page.select_option("select[name=action]", "")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("January's, not February's")
    rows.first.locator("a.go").click()
    expect(page).to_have_url(url + "doc/ind-asielinstroom-2020-02#r=" + JANUARY_IN_FEBRUARY.replace(":", "%3A"))
    expect(page.locator("mark.sel")).to_have_text("2.601")


def test_search_from_the_documents_page_finds_a_figure_across_documents(served, page):
    url, _ = served
    page.goto(url)
    box = page.locator("header form.search input[name=q]")
    box.fill("2 601")                             # as the app shows it; 2.601 as the report writes it
    box.press("Enter")
    expect(page).to_have_url(url + "search?q=2+601")
    results = page.locator("table.results tr.byvalue")
    expect(results).to_have_count(1)
    expect(results.first).to_contain_text("ind-asielinstroom-2020-02")
    expect(results.first).to_contain_text("Dat is een daling ten opzichte van januari (2.601).")
    results.first.locator("a.go").click()
    expect(page.locator("mark.sel")).to_have_text("2.601")
    page.goto(url + "search?q=Syri%C3%AB+aanvragen")         # words: every one, any case
    found = page.locator("table.results tr.bytext")
    expect(found.first).to_be_visible()
    quotes = found.locator("td.quote").all_inner_texts()
    assert quotes and all("syrië" in q.lower() for q in quotes)


def test_a_page_of_another_origin_cannot_post_a_decision(served, files, page):
    """A page on another local port (another origin) posts to the app as a cross-site attack would: a
    simple no-cors fetch (no preflight), a fetch with a guessed token header (preflighted) and an
    auto-submitted form. The app refuses all; nothing is written."""
    url, app = served
    body = json.dumps({"row": APRIL_TOTAL, "action": "reject", "note": "csrf"})
    evil = f"""<!doctype html><html><body>
<form id="f" method="post" action="{url}decisions" enctype="text/plain" target="sink">
<input name='{body[:-1]}, "x": "' value='"}}'></form><iframe name="sink"></iframe>
<script>
window.done = Promise.all([
  fetch("{url}decisions", {{method: "POST", mode: "no-cors", headers: {{"content-type": "text/plain"}},
                           body: {json.dumps(body)}}}).then(() => "sent", e => "error"),
  fetch("{url}decisions", {{method: "POST", headers: {{"content-type": "application/json", "x-migstat-token": "guess"}},
                           body: {json.dumps(body)}}}).then(() => "sent", e => "blocked"),
]);
document.getElementById("f").submit();
</script></body></html>""".encode()

    class Evil(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("content-type", "text/html")
            self.end_headers()
            self.wfile.write(evil)

        def log_message(self, *a):
            pass
    site = ThreadingHTTPServer(("127.0.0.1", 0), Evil)
    threading.Thread(target=site.serve_forever, daemon=True).start()
    statuses = []
    page.on("response", lambda r: statuses.append((r.request.method, r.status)) if r.url.startswith(url + "decisions") else None)
    try:
        page.goto(f"http://127.0.0.1:{site.server_address[1]}/")
        assert page.evaluate("window.done") == ["sent", "blocked"]
        page.wait_for_timeout(300)          # the form's post
    finally:
        site.shutdown()
    assert ("POST", 403) in statuses and all(s != 200 for _, s in statuses), statuses
    assert _lines(files[1]) == []
    page.goto(url + f"doc/ind-asielinstroom-2020-04#r={APRIL_TOTAL}")        # the app's own page still decides
    expect(page.locator("mark.sel")).to_have_text("445")
    page.keyboard.press("r")
    expect(page.locator(".detail .msg")).to_contain_text("saved")
    assert [d["action"] for d in _lines(files[1])] == ["reject"]


def test_a_chart_point_opens_its_number_and_the_series_link_shows_the_chart_title(served, page):
    url, _ = served
    page.goto(url + f"doc/ind-asielinstroom-2020-04#r={APRIL_TOTAL}")
    page.locator(".detail a.serieslink").click()
    expect(page).to_have_url(url + "series#s-asylum_inflow_total.-.-.count.month")
    title = page.locator(".chartbox#s-asylum_inflow_total\\.-\\.-\\.count\\.month h4")
    page.wait_for_function("document.querySelector(':target') !== null")
    header = page.locator("header.top").bounding_box()
    assert title.bounding_box()["y"] >= header["y"] + header["height"]        # not under the sticky header
    chart = page.locator(".chartbox#s-asylum_inflow_total\\.-\\.-\\.count\\.month")
    january = chart.locator("a.ptlink", has=page.locator("title", has_text="2020-01: 2.601"))
    expect(january).to_have_attribute("href", "/doc/ind-asielinstroom-2020-02#r=" + JANUARY_IN_FEBRUARY.replace(":", "%3A"))
    january.locator("circle, rect").click()
    expect(page.locator("mark.sel")).to_have_text("2.601")
    expect(page.locator(".detail dd.f-period")).to_contain_text("2020-01-01 .. 2020-01-31")


def test_the_edition_changes_fit_a_1400_px_screen_and_counts_follow_decisions(served, page):
    url, _ = served
    page.goto(url)
    width = page.evaluate("document.documentElement.clientWidth")
    assert width <= 1400
    tables = page.locator("table.changes")
    for i in range(tables.count()):
        box = tables.nth(i).bounding_box()
        assert box["x"] + box["width"] <= width, f"table {i}: {box}"
    links = page.locator("table.changes a.go")
    assert links.count() > 4
    for i in range(links.count()):
        b = links.nth(i).bounding_box()
        assert b["x"] + b["width"] <= width
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    reviewed = page.locator('tr[data-doc="ind-asielinstroom-2020-04"] td.num').nth(4)
    expect(reviewed).to_have_text("0")
    page.locator('a[href="/doc/ind-asielinstroom-2020-04"]').click()
    page.locator("#m169-172").click()
    page.keyboard.press("a")
    expect(page.locator(".detail .msg")).to_contain_text("saved")
    page.go_back()                            # the selection replaced the URL's #r=: one step back is the index
    expect(page).to_have_url(url)
    expect(reviewed).to_have_text("1")       # the page is fetched again (no-store), not shown from the cache


def test_bulk_accept_of_a_documents_rows_without_findings_asks_first_and_writes_each(served, files, page):
    url, app = served
    ws = app.state.workspace
    doc = "ind-asielinstroom-2020-04"
    n = len(ws.bulk_rows(doc))
    assert n == 32                  # 39 rows, 7 with a warning
    page.goto(url)
    button = page.locator(f'tr[data-doc="{doc}"] button[data-bulk-doc]')
    expect(button).to_have_text(f"accept {n} without findings…")
    button.click()
    confirm = page.locator("#bulk .confirm")
    expect(confirm).to_be_visible()
    expect(confirm).to_contain_text(f"Accept {n} rows of {doc}?")
    page.locator("#bulk .bulk-no").click()                 # cancelled: nothing
    expect(confirm).to_be_hidden()
    expect(page.locator("#bulk .msg")).to_have_text("nothing accepted")
    assert _lines(files[1]) == []
    button.click()
    page.locator("#bulk .bulk-yes").click()
    expect(page.locator("#bulk .msg")).to_have_text(f"accepted {n} rows of {doc}")      # after the reload
    written = _lines(files[1])
    assert len(written) == n and {d["action"] for d in written} == {"accept"}
    assert {d["note"] for d in written} == {f"bulk: no finding ({doc})"}
    expect(page.locator(f'tr[data-doc="{doc}"] td.num').nth(4)).to_have_text(str(n))      # reviewed
    expect(page.locator(f'tr[data-doc="{doc}"] button[data-bulk-doc]')).to_have_count(0)
    # one metric of the Staat van Migratie
    page.select_option("#bulk select[name=doc]", "staat-van-migratie-2024")
    metric = "asylum_first_applications"
    page.select_option("#bulk select[name=metric]", metric)
    m = len(ws.bulk_rows("staat-van-migratie-2024", metric))
    assert 0 < m < len(ws.bulk_rows("staat-van-migratie-2024"))
    expect(page.locator("#bulk .bulk-ask .n")).to_have_text(str(m))
    page.locator("#bulk .bulk-ask").click()
    expect(confirm).to_contain_text(f"Accept {m} rows of staat-van-migratie-2024 with metric {metric}?")
    page.locator("#bulk .bulk-yes").click()
    expect(page.locator("#bulk .msg")).to_have_text(f"accepted {m} rows of staat-van-migratie-2024 with metric {metric}")
    assert len(_lines(files[1])) == n + m
    assert ws.bulk_rows("staat-van-migratie-2024", metric) == []
