"""A publication site on 127.0.0.1 for the fetch tests and `make bench`: a listing page, an Atom feed,
real PDFs from raw/ and tests/fixtures, a slow answer, a 500 that recovers and one that does not, a page
that is not a PDF, a listing without document links; ETag / Last-Modified and 304s like a real server.
Every request is counted per path and status (`site.hits`)."""
from __future__ import annotations

import email.utils
import hashlib
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PDF_A = ROOT / "raw/kamervragen-ah-tk-20232024-1481-ongedocumenteerden.pdf"
PDF_B = ROOT / "raw/kamervragen-ah-tk-20232024-1984-lunchmaaltijden.pdf"
PDF_C = ROOT / "raw/kerncijfers-2023-01.rendered.pdf"
PDF_OLD = ROOT / "tests/fixtures/twins/kerncijfers-2017-01.rendered.pdf"
PDF_NEW = ROOT / "tests/fixtures/twins/kerncijfers-2021-05.rendered.pdf"
PDF_CHANGED = ROOT / "tests/fixtures/twins/feitelijke-vragen-jaarverslag-jenv-2022.rendered.pdf"   # correctie.pdf, later
SLOW_SECONDS = 1.5

LISTING = """<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>Asylum Trends | IND</title></head>
<body><header><nav><a href="/">Home</a> <a href="/nl/over-ons">Over ons</a> <a href="/docs/jaarverslag.docx">Jaarverslag</a></nav></header>
<main><h1>Asylum Trends</h1><ul>
<li><a href="/docs/asylum-trends-maart-2024.pdf">Asylum Trends maart 2024</a></li>
<li><a href="docs/asylum-trends-april-2024.pdf#page=2">Asylum Trends april 2024</a></li>
<li><a href="/docs/asylum-trends-maart-2024.pdf">Asylum Trends maart 2024 (PDF, 24 kB)</a></li>
</ul></main><footer><a href="https://example.org/privacy">Privacy</a></footer></body></html>"""

FEED = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Nieuws asielbeleid</title><id>urn:x-test:feed</id>
<updated>2024-05-01T09:00:00Z</updated>
<entry><title>Kerncijfers asiel en migratie januari 2023</title><id>urn:x-test:1</id><updated>2023-02-21T09:00:00Z</updated>
<link rel="alternate" href="{base}/nieuws/2023/02/21/kerncijfers-januari-2023"/>
<link rel="enclosure" type="application/pdf" href="{base}/files/kerncijfers-asiel-en-migratie-januari-2023.pdf"/></entry>
<entry><title>Asylum Trends maart 2024 (herplaatst)</title><id>urn:x-test:2</id><updated>2024-04-20T09:00:00Z</updated>
<link rel="enclosure" type="application/pdf" href="{base}/mirror/at-2024-03-kopie.pdf"/></entry>
</feed>"""


class Site:
    """routes: path -> (status, body bytes, content type, delay seconds); fail_first: path -> how many
    500s before it answers; hits: Counter of (path, status)."""

    def __init__(self):
        self.routes: dict[str, tuple[int, bytes, str, float]] = {}
        self.fail_first: dict[str, int] = {}
        self.drip: dict[str, float] = {}     # path -> seconds between the bytes of its body (a slow drip)
        self.hits: Counter = Counter()
        self.user_agents: set[str] = set()
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02},
                                        daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def put(self, path: str, body: bytes, ctype: str = "application/pdf", status: int = 200, delay: float = 0.0):
        with self.lock:
            self.routes[path] = (status, body, ctype, delay)

    def served(self, path: str, status: int = 200) -> int:
        return self.hits[(path, status)]

    def _handler(self):
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                path = self.path.split("?")[0]
                with site.lock:
                    site.user_agents.add(self.headers.get("User-Agent", ""))
                    route = site.routes.get(path)
                    if route and site.fail_first.get(path, 0) > 0:
                        site.fail_first[path] -= 1
                        route = (500, b"internal error", "text/plain", 0.0)
                status, body, ctype, delay = route or (404, b"not found", "text/plain", 0.0)
                if status in (301, 302):        # body holds the target path
                    with site.lock:
                        site.hits[(path, status)] += 1
                    self.send_response(status)
                    self.send_header("Location", body.decode())
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if delay:
                    time.sleep(delay)
                etag = '"%s"' % hashlib.sha256(body).hexdigest()[:16]
                modified = email.utils.formatdate(1_700_000_000 + len(body), usegmt=True)
                if status == 200 and (self.headers.get("If-None-Match") == etag
                                      or (not self.headers.get("If-None-Match")
                                          and self.headers.get("If-Modified-Since") == modified)):
                    status, body = 304, b""
                with site.lock:
                    site.hits[(path, status)] += 1
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                if status in (200, 304):
                    self.send_header("ETag", etag)
                    self.send_header("Last-Modified", modified)
                self.end_headers()
                try:
                    if site.drip.get(path):
                        for i in range(len(body)):
                            self.wfile.write(body[i:i + 1])
                            self.wfile.flush()
                            time.sleep(site.drip[path])
                    else:
                        self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):   # the client gave up (timed out)
                    pass

        return Handler


def publication_site() -> Site:
    """The site every fetch test polls (see sources_yaml)."""
    site = Site()
    site.put("/asylum-trends", LISTING.encode(), "text/html; charset=utf-8")
    site.put("/docs/asylum-trends-maart-2024.pdf", PDF_A.read_bytes())
    site.put("/docs/asylum-trends-april-2024.pdf", PDF_B.read_bytes())
    site.put("/feed.atom", FEED.format(base=site.base).encode(), "application/atom+xml")
    site.put("/files/kerncijfers-asiel-en-migratie-januari-2023.pdf", PDF_C.read_bytes())
    site.put("/mirror/at-2024-03-kopie.pdf", PDF_A.read_bytes())          # a renamed duplicate of maart
    site.put("/staat/correctie.pdf", PDF_OLD.read_bytes())                # changed later (new ETag)
    site.put("/slow.pdf", PDF_B.read_bytes(), delay=SLOW_SECONDS)         # answers after the read timeout
    site.put("/flaky.pdf", PDF_NEW.read_bytes())
    site.fail_first["/flaky.pdf"] = 1                                     # one 500, then the file
    site.put("/broken.pdf", b"", status=500)                              # a 500 every time
    site.put("/not-a-pdf.pdf", b"<!DOCTYPE html><html><body>Pagina niet gevonden</body></html>", "text/html")
    site.put("/empty-listing", b"<html><body><a href='/contact'>Contact</a></body></html>", "text/html")
    return site


def sources_yaml(base: str, read_timeout: float = 0.5) -> str:
    return f"""contact: "tests <tests@127.0.0.1>"
client: {{connect_timeout: 2, read_timeout: {read_timeout}, retries: 2, backoff: 0.01}}
sources:
  - name: trends
    kind: listing
    url: {base}/asylum-trends
    link_pattern: '/docs/asylum-trends-[a-z]+-\\d{{4}}\\.pdf$'
    edition_pattern: 'trends-(?P<month>[a-z]+)-(?P<year>\\d{{4}})'
    filename: "ind-asylum-trends-{{edition}}{{suffix}}"
  - name: nieuws
    kind: feed
    url: {base}/feed.atom
    link_pattern: '\\.pdf$'
    edition_pattern: '(?P<month>januari|maart)[- ](?P<year>\\d{{4}})'
    filename: "{{name}}-{{edition}}{{suffix}}"
  - name: correctie
    kind: file
    url: {base}/staat/correctie.pdf
    filename: "{{stem}}{{suffix}}"
  - name: traag
    kind: file
    url: {base}/slow.pdf
  - name: hapert
    kind: file
    url: {base}/flaky.pdf
  - name: stuk
    kind: file
    url: {base}/broken.pdf
  - name: geen-pdf
    kind: file
    url: {base}/not-a-pdf.pdf
  - name: lege-lijst
    kind: listing
    url: {base}/empty-listing
    link_pattern: '\\.pdf$'
"""
