"""`migstat fetch`: publication sources polled over HTTP into raw/. Every test serves its own site on
127.0.0.1 (tests/fetch_server.py); the configured real sources are only checked as data."""
from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import time
from pathlib import Path

import httpx
import pytest
import yaml

from fetch_server import PDF_A, PDF_B, PDF_C, PDF_CHANGED, PDF_NEW, PDF_OLD, publication_site, sources_yaml
from pipeline import cli
from pipeline.run.inputs import expand_paths
from pipeline.fetch import SourceConfigError, fetch_all, load_config
from pipeline.fetch.http import make_client
from pipeline.fetch.links import Link
from pipeline.fetch.poll import edition_of

ROOT = Path(__file__).resolve().parents[1]
DOCS = ("/docs/asylum-trends-maart-2024.pdf", "/docs/asylum-trends-april-2024.pdf",
        "/files/kerncijfers-asiel-en-migratie-januari-2023.pdf", "/mirror/at-2024-03-kopie.pdf",
        "/staat/correctie.pdf", "/flaky.pdf")
PAGES = ("/asylum-trends", "/feed.atom", "/empty-listing")


class RecordingTransport(httpx.HTTPTransport):
    """Remembers the timeout every request went out with."""

    def __init__(self):
        super().__init__()
        self.timeouts = []

    def handle_request(self, request):
        self.timeouts.append(dict(request.extensions.get("timeout", {})))
        return super().handle_request(request)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture()
def site():
    with publication_site() as s:
        yield s


def _config(tmp_path, site) -> Path:
    cfg = tmp_path / "sources.yaml"
    cfg.write_text(sources_yaml(site.base), encoding="utf-8")
    return cfg


def test_two_polls_fetch_every_document_once_and_failures_are_findings(tmp_path, site):
    cfg, raw = _config(tmp_path, site), tmp_path / "raw"
    transport = RecordingTransport()
    first = fetch_all(cfg, raw, transport=transport)

    # what was written: each new document once, named by the template, the edition from its URL or title
    assert sorted(p.name for p in first.new_files) == [
        "correctie.pdf", "hapert-flaky.pdf", "ind-asylum-trends-2024-03.pdf", "ind-asylum-trends-2024-04.pdf",
        "nieuws-2023-01.pdf"]
    assert sha(raw / "ind-asylum-trends-2024-03.pdf") == sha(PDF_A)
    assert sha(raw / "ind-asylum-trends-2024-04.pdf") == sha(PDF_B)
    assert sha(raw / "nieuws-2023-01.pdf") == sha(PDF_C)
    assert sha(raw / "correctie.pdf") == sha(PDF_OLD)
    assert sha(raw / "hapert-flaky.pdf") == sha(PDF_NEW)          # the 500 recovered on the retry
    assert site.served("/flaky.pdf", 500) == 1 and site.served("/flaky.pdf") == 1
    # the renamed duplicate at another URL is recognised by its content and not written again
    nieuws = next(s for s in first.sources if s.source == "nieuws")
    assert nieuws.duplicates == ((f"{site.base}/mirror/at-2024-03-kopie.pdf", "ind-asylum-trends-2024-03.pdf"),)
    assert nieuws.line() == "nieuws: 1 new (nieuws-2023-01.pdf), 1 unchanged (1 already in raw/ under another name)"
    # the failing sources are findings, one line each naming the source and the reason; the others completed
    lines = sorted(f.line().replace(site.base, "BASE") for f in first.failures)
    assert lines == [
        "fetch: geen-pdf: BASE/not-a-pdf.pdf: not a PDF (text/html, starts b'<!DOCTYPE html><html')",
        "fetch: lege-lijst: BASE/empty-listing: no links matching '\\\\.pdf$' on the listing",
        "fetch: stuk: BASE/broken.pdf: HTTP 500 after 3 tries",
        "fetch: traag: BASE/slow.pdf: timed out (ReadTimeout: no answer within the 0.5 s limit) after 3 tries",
    ]
    assert site.served("/broken.pdf", 500) == 3

    second = fetch_all(cfg, raw, transport=transport)
    assert second.new_files == () and len(second.unchanged) == 6
    # across two polls: a listed document's body once and no second request (issue 15: every poll asked
    # for every document ever listed); a `file` source once more, conditionally, answered 304
    for path in DOCS:
        want = (1, 1) if path in ("/staat/correctie.pdf", "/flaky.pdf") else (1, 0)      # the two `file` sources
        assert (site.served(path), site.served(path, 304)) == want, path
    for path in PAGES:
        assert (site.served(path), site.served(path, 304)) == (1, 1), path
    assert sorted(p.name for p in raw.iterdir()) == [
        ".fetch-state.json", ".fetch.lock", "correctie.pdf", "hapert-flaky.pdf", "ind-asylum-trends-2024-03.pdf",
        "ind-asylum-trends-2024-04.pdf", "nieuws-2023-01.pdf"]
    # every request went out with connect and read timeouts, and named migstat and the contact
    assert len(transport.timeouts) == first.requests + second.requests
    assert all(t.get("connect") == 2 and t.get("read") == 0.5 for t in transport.timeouts)
    assert site.user_agents == {"migstat/0.1.0 (Dutch migration statistics; contact: tests <tests@127.0.0.1>)"}


def test_a_changed_document_replaces_its_file_and_files_are_0644(tmp_path, site):
    cfg, raw = _config(tmp_path, site), tmp_path / "raw"
    fetch_all(cfg, raw)
    site.put("/staat/correctie.pdf", PDF_CHANGED.read_bytes())      # a new version: a new ETag
    report = fetch_all(cfg, raw)
    assert report.new_files == (raw / "correctie.pdf",)
    assert sha(raw / "correctie.pdf") == sha(PDF_CHANGED)
    assert site.served("/staat/correctie.pdf") == 2
    assert not list(raw.glob(".*.tmp")) and not list(raw.glob("*.tmp"))
    for f in raw.iterdir():
        assert stat.S_IMODE(f.stat().st_mode) == 0o644, f
    state = json.loads((raw / ".fetch-state.json").read_text())
    assert state["urls"][f"{site.base}/staat/correctie.pdf"]["sha256"] == sha(PDF_CHANGED)
    # the state file is hidden: a run over raw/ sees only the documents
    assert [p.name for p in expand_paths([raw])] == [
        "correctie.pdf", "hapert-flaky.pdf", "ind-asylum-trends-2024-03.pdf", "ind-asylum-trends-2024-04.pdf",
        "nieuws-2023-01.pdf"]


def test_content_already_in_raw_under_another_name_is_not_written(tmp_path, site):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "kamervragen-1481.pdf").write_bytes(PDF_A.read_bytes())   # saved by hand earlier
    (raw / "ind-asylum-trends-2024-04.pdf").write_text("a different file under the template's name\n")
    report = fetch_all(_config(tmp_path, site), raw)
    trends = next(s for s in report.sources if s.source == "trends")
    assert trends.duplicates == ((f"{site.base}/docs/asylum-trends-maart-2024.pdf", "kamervragen-1481.pdf"),)
    # the name was taken by other content: the new document gets the name with its hash, nothing is overwritten
    assert trends.new_files == (raw / f"ind-asylum-trends-2024-04-{sha(PDF_B)[:8]}.pdf",)
    assert (raw / "ind-asylum-trends-2024-04.pdf").read_text() == "a different file under the template's name\n"
    assert not (raw / "ind-asylum-trends-2024-03.pdf").exists()


def test_client_refuses_to_be_built_without_timeouts():
    with pytest.raises(ValueError, match="timeouts"):
        make_client(None, "migstat/test")
    with pytest.raises(ValueError, match="timeouts"):
        make_client(httpx.Timeout(None), "migstat/test")
    with pytest.raises(ValueError, match="timeouts"):
        make_client(httpx.Timeout(5.0, read=None), "migstat/test")
    with pytest.raises(ValueError, match="User-Agent"):
        make_client(httpx.Timeout(5.0), "python-httpx")
    make_client(httpx.Timeout(5.0), "migstat/test").close()


def test_cli_fetch_prints_a_line_per_source_and_exits_1_on_a_failure(tmp_path, site, capsys):
    cfg, raw = _config(tmp_path, site), tmp_path / "raw"
    assert cli.main(["fetch", "--sources", str(cfg), "--raw", str(raw)]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines()[:3] == [
        "trends: 2 new (ind-asylum-trends-2024-03.pdf, ind-asylum-trends-2024-04.pdf), 0 unchanged",
        "nieuws: 1 new (nieuws-2023-01.pdf), 1 unchanged (1 already in raw/ under another name)",
        "correctie: 1 new (correctie.pdf), 0 unchanged"]
    assert "traag: 0 new, 0 unchanged, 1 failed" in out.splitlines()
    assert f"error: fetch: stuk: {site.base}/broken.pdf: HTTP 500 after 3 tries" in err.splitlines()
    assert "Traceback" not in err
    # only the working sources: exit 0
    good = tmp_path / "good.yaml"
    data = yaml.safe_load(cfg.read_text())
    data["sources"] = [s for s in data["sources"] if s["name"] in ("trends", "correctie")]
    good.write_text(yaml.safe_dump(data))
    assert cli.main(["fetch", "--sources", str(good), "--raw", str(raw)]) == 0
    out, _ = capsys.readouterr()
    assert out.splitlines() == ["trends: 0 new, 2 unchanged", "correctie: 0 new, 1 unchanged"]


@pytest.mark.parametrize("text, reason", [
    ("sources: [", "not valid YAML"),
    ("contact: x\nsources:\n  - {name: a, kind: page, url: 'http://127.0.0.1/'}",
     "sources.0.kind: Input should be 'listing', 'feed' or 'file'"),
    ("sources: []", "contact: required, missing"),
    ("contact: x\nsources:\n  - {name: a, kind: listing, url: 'http://127.0.0.1/'}", "a listing needs a link_pattern"),
    ("contact: x\nsources:\n  - {name: a, kind: file, url: 'ftp://127.0.0.1/x.pdf'}", "url must be http(s)"),
    ("contact: x\nsources:\n  - {name: a, kind: file, url: 'http://127.0.0.1/x.pdf', filename: '{date}.pdf'}", "filename template"),
    ("contact: x\nsources:\n  - {name: a, kind: file, url: 'http://127.0.0.1/x.pdf', edition_pattern: '(?P<year>\\d+)'}",
     "sources.0.edition_pattern: the regex needs the named group(s) (?P<month>...)"),
    ("contact: x\nclient: {read_timeout: 0}\nsources: []", "client.read_timeout: Input should be greater than 0"),
    ("contact: x\nsources:\n  - {name: a, kind: file, url: 'http://127.0.0.1/x.pdf', edition_patern: 'x'}",
     "sources.0.edition_patern: unknown key"),
])
def test_a_bad_sources_file_is_one_line_and_exit_2(tmp_path, capsys, text, reason):
    cfg = tmp_path / "bad.yaml"
    cfg.write_text(text)
    with pytest.raises(SourceConfigError, match=re.escape(reason)):
        load_config(cfg)
    assert cli.main(["fetch", "--sources", str(cfg), "--raw", str(tmp_path / "raw")]) == 2
    err = capsys.readouterr().err
    assert re.match(rf"error: {re.escape(str(cfg))}:\d+: ", err) and len(err.strip().splitlines()) == 1 and reason in err
    assert not (tmp_path / "raw").exists()


# ---- the configured sources (data only: nothing is contacted) --------------------------------------

_CONFIGURED = yaml.safe_load((ROOT / "rules/sources.yaml").read_text(encoding="utf-8"))["sources"]
_CFG = {s.name: s for s in load_config(ROOT / "rules/sources.yaml").sources}


def test_configured_sources_load_and_name_migstat_with_a_contact():
    cfg = load_config(ROOT / "rules/sources.yaml")
    assert {s.kind for s in cfg.sources} >= {"listing", "feed"}
    assert re.fullmatch(r"migstat/\S+ \(.*contact: .+@.+\)", cfg.user_agent)
    assert all(s.url.startswith("https://") for s in cfg.sources)


@pytest.mark.parametrize("name, url, edition", [
    (s["name"], e["url"], e["edition"]) for s in _CONFIGURED for e in s.get("examples", [])])
def test_configured_link_pattern_examples(name, url, edition):
    src = _CFG[name]
    assert re.search(src.link_pattern, url)
    assert edition_of(src, Link(url, "")) == edition


@pytest.mark.parametrize("name, url", [(s["name"], u) for s in _CONFIGURED for u in s.get("negatives", [])])
def test_configured_link_pattern_negatives(name, url):
    assert not re.search(_CFG[name].link_pattern, url)


def test_every_configured_listing_and_feed_has_examples_and_negatives():
    for s in _CONFIGURED:
        if s["kind"] != "file":
            assert s.get("examples") and s.get("negatives"), s["name"]


RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Rijksoverheid.nl - asielbeleid - nieuws</title><link>{base}/</link>
<description>Nieuws</description>
<item><title>Kerncijfers asiel en migratie mei 2021</title><link>{base}/nieuws/2021/06/15/kerncijfers-mei-2021</link>
<pubDate>Tue, 15 Jun 2021 09:00:00 GMT</pubDate></item>
<item><title>Kabinet investeert in opvang</title><link>{base}/nieuws/2021/06/14/kabinet-investeert-in-opvang</link></item>
</channel></rss>"""


def test_a_page_from_an_rss_feed_is_fetched_as_html_and_reads_like_the_saved_page(tmp_path, site):
    from pipeline.run.api import extract_document
    page = ROOT / "tests/fixtures/html/kerncijfers-2021-05.html"
    site.put("/nieuws.rss", RSS.format(base=site.base).encode(), "application/rss+xml")
    site.put("/nieuws/2021/06/15/kerncijfers-mei-2021", page.read_bytes(), "text/html; charset=utf-8")
    cfg = tmp_path / "rss.yaml"
    cfg.write_text(f"""contact: "tests <tests@127.0.0.1>"
client: {{connect_timeout: 2, read_timeout: 2, retries: 1, backoff: 0.01}}
sources:
  - name: rijksoverheid-nieuws
    kind: feed
    url: {site.base}/nieuws.rss
    link_pattern: '/nieuws/\\d{{4}}/\\d\\d/\\d\\d/[^/]*kerncijfers[^/]*$'
    edition_pattern: '/nieuws/(?P<year>\\d{{4}})/(?P<month>\\d\\d)/'
    filename: "{{name}}-{{edition}}-{{stem}}{{suffix}}"
    edition_from: text
    expect: html
""")
    raw = tmp_path / "raw"
    report = fetch_all(cfg, raw)
    # published in June (the URL), about May (its words): named by May, as its table's edition is
    assert report.ok and report.new_files == (raw / "rijksoverheid-nieuws-2021-05-kerncijfers-mei-2021.html",)
    assert site.served("/nieuws/2021/06/14/kabinet-investeert-in-opvang", 200) == 0   # not matched: not fetched
    fetched, rf = extract_document(report.new_files[0])
    saved, rs = extract_document(page)
    assert fetched.fmt == "html" and fetched.text == saved.text and fetched.edition == "2021-05"
    strip = {"doc_id": "", "source": ""}
    assert [o.as_row() | strip for o in rf.observations] == [o.as_row() | strip for o in rs.observations]
    assert len(rf.observations) == 25


def test_pause_spaces_requests_to_one_host_and_failures_become_findings(tmp_path, site):
    import time
    cfg = tmp_path / "pause.yaml"
    cfg.write_text(f"""contact: "tests <tests@127.0.0.1>"
client: {{connect_timeout: 2, read_timeout: 2, retries: 0, backoff: 0, pause: 0.2}}
sources:
  - {{name: trends, kind: listing, url: "{site.base}/asylum-trends", link_pattern: '/docs/.*\\.pdf$'}}
  - {{name: stuk, kind: file, url: "{site.base}/broken.pdf"}}
""")
    t0 = time.monotonic()
    report = fetch_all(cfg, tmp_path / "raw")
    assert report.requests == 4 and time.monotonic() - t0 >= 3 * 0.2    # the listing, two PDFs, one 500
    [finding] = [f.as_finding() for f in report.failures]
    assert (finding.check, finding.severity, finding.message, finding.source) == (
        "fetch", "error", "stuk: HTTP 500 after 1 try", f"{site.base}/broken.pdf")


def test_two_fetches_at_once_into_one_folder_fetch_each_document_once(tmp_path, site):
    import threading
    cfg = tmp_path / "two.yaml"
    cfg.write_text(f"""contact: "tests <tests@127.0.0.1>"
client: {{connect_timeout: 2, read_timeout: 2, retries: 0, backoff: 0}}
sources:
  - {{name: trends, kind: listing, url: "{site.base}/asylum-trends", link_pattern: '/docs/.*\\.pdf$',
      edition_pattern: 'trends-(?P<month>[a-z]+)-(?P<year>\\d{{4}})', filename: "at-{{edition}}{{suffix}}"}}
  - {{name: nieuws, kind: feed, url: "{site.base}/feed.atom", link_pattern: '\\.pdf$'}}
""")
    raw, reports = tmp_path / "raw", []
    threads = [threading.Thread(target=lambda: reports.append(fetch_all(cfg, raw))) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert len(reports) == 2 and all(r.ok for r in reports)
    assert sorted(len(r.new_files) for r in reports) == [0, 3]      # one wrote them, the other found them
    for path in ("/docs/asylum-trends-maart-2024.pdf", "/docs/asylum-trends-april-2024.pdf",
                 "/files/kerncijfers-asiel-en-migratie-januari-2023.pdf", "/mirror/at-2024-03-kopie.pdf"):
        assert site.served(path) == 1, path
    assert sorted(p.name for p in expand_paths([raw])) == [
        "at-2024-03.pdf", "at-2024-04.pdf", "nieuws-kerncijfers-asiel-en-migratie-januari-2023.pdf"]


def test_cli_fetch_refuses_a_raw_folder_it_cannot_write_before_any_request(tmp_path, site, capsys):
    cfg = _config(tmp_path, site)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n")
    assert cli.main(["fetch", "--sources", str(cfg), "--raw", str(blocker / "raw")]) == 2
    assert capsys.readouterr().err == f"error: {blocker / 'raw'}: cannot write documents there (Not a directory)\n"
    assert sum(site.hits.values()) == 0


def test_redirects_size_limit_and_a_closed_port(tmp_path, site):
    import socket
    with socket.socket() as s:          # a port on 127.0.0.1 that nobody listens on
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    site.put("/documenten/at-maart", b"/docs/asylum-trends-maart-2024.pdf", status=302)
    cfg = tmp_path / "misc.yaml"
    cfg.write_text(f"""contact: "tests <tests@127.0.0.1>"
client: {{connect_timeout: 2, read_timeout: 2, retries: 1, backoff: 0.01, max_bytes: 25000}}
sources:
  - {{name: omweg, kind: file, url: "{site.base}/documenten/at-maart", filename: "at-maart{{suffix}}"}}
  - {{name: te-groot, kind: file, url: "{site.base}/files/kerncijfers-asiel-en-migratie-januari-2023.pdf"}}
  - {{name: dicht, kind: file, url: "http://127.0.0.1:{closed}/x.pdf"}}
""")
    raw = tmp_path / "raw"
    first = fetch_all(cfg, raw)
    assert first.new_files == (raw / "at-maart.pdf",) and sha(raw / "at-maart.pdf") == sha(PDF_A)
    lines = [f.line() for f in first.failures]
    assert lines[0] == (f"fetch: te-groot: {site.base}/files/kerncijfers-asiel-en-migratie-januari-2023.pdf: "
                        f"{PDF_C.stat().st_size} bytes, more than the 25000 allowed")
    assert re.fullmatch(rf"fetch: dicht: http://127\.0\.0\.1:{closed}/x\.pdf: connection failed \(ConnectError: .+\) "
                        r"after 2 tries", lines[1]), lines[1]
    second = fetch_all(cfg, raw)
    assert second.new_files == () and second.sources[0].unchanged == (f"{site.base}/documenten/at-maart",)
    assert (site.served("/docs/asylum-trends-maart-2024.pdf"), site.served("/docs/asylum-trends-maart-2024.pdf", 304)) == (1, 1)


def test_a_server_that_drips_bytes_is_cut_off_at_the_total_deadline(tmp_path, site):
    """Issue 15: one byte every 0.5 s held a fetch (read timeout 2 s) for 31.6 s and the error spoke of
    the read timeout. A request gets `total_timeout` seconds in all, and the line says so."""
    site.put("/drip.pdf", b"%PDF-1.4 " + b"x" * 60)
    site.drip["/drip.pdf"] = 0.2
    cfg = tmp_path / "drip.yaml"
    cfg.write_text(f"""contact: "tests <tests@127.0.0.1>"
client: {{connect_timeout: 2, read_timeout: 2, total_timeout: 1.5, retries: 2, backoff: 0.01}}
sources:
  - {{name: druppel, kind: file, url: "{site.base}/drip.pdf"}}
""")
    t0 = time.monotonic()
    report = fetch_all(cfg, tmp_path / "raw")
    took = time.monotonic() - t0
    [line] = [f.line() for f in report.failures]
    assert re.fullmatch(rf"fetch: druppel: {re.escape(site.base)}/drip\.pdf: took longer than the 1\.5 s allowed for "
                        r"one request \(\d+ bytes received; total_timeout\)", line), line
    assert 1.5 <= took < 4 and site.served("/drip.pdf") == 1          # cut off once, not tried again
    assert not list((tmp_path / "raw").glob("*.pdf"))


def test_a_second_fetch_says_what_it_waits_for(tmp_path, site, capsys):
    import threading

    from pipeline.locks import output_lock
    cfg, raw = _config(tmp_path, site), tmp_path / "raw"
    done = []
    with output_lock(raw, lock_name=".fetch.lock", doing="held by the test"):
        t = threading.Thread(target=lambda: done.append(cli.main(["fetch", "--sources", str(cfg), "--raw", str(raw)])))
        t.start()
        time.sleep(1.0)
        assert not done and sum(site.hits.values()) == 0          # it waits, and asks nothing meanwhile
    t.join(60)
    err = capsys.readouterr().err.splitlines()
    assert re.fullmatch(rf"waiting: {re.escape(str(raw))}: another fetch is saving into it \(pid {os.getpid()}: .*\)", err[0]), err[:2]
    assert done and sum(site.hits.values()) > 0


def test_recheck_asks_again_for_saved_documents_of_a_listing(tmp_path, site):
    cfg = tmp_path / "recheck.yaml"
    cfg.write_text(f"""contact: "tests <tests@127.0.0.1>"
client: {{connect_timeout: 2, read_timeout: 2, retries: 0, backoff: 0}}
sources:
  - {{name: trends, kind: listing, url: "{site.base}/asylum-trends", link_pattern: '/docs/.*\\.pdf$', recheck: true,
      edition_pattern: 'trends-(?P<month>[a-z]+)-(?P<year>\\d{{4}})', filename: "at-{{edition}}{{suffix}}"}}
""")
    raw = tmp_path / "raw"
    fetch_all(cfg, raw)
    second = fetch_all(cfg, raw)
    assert second.requests == 3 and len(second.unchanged) == 2          # the listing and both documents again
    for path in ("/docs/asylum-trends-maart-2024.pdf", "/docs/asylum-trends-april-2024.pdf"):
        assert (site.served(path), site.served(path, 304)) == (1, 1), path
    cfg.write_text(cfg.read_text().replace("recheck: true", "recheck: false"))
    third = fetch_all(cfg, raw)                                         # without recheck: the listing only
    assert third.requests == 1 and len(third.unchanged) == 2 and third.new_files == ()
