"""The documents a listing page or an RSS/Atom feed points to: (absolute URL, link text) pairs whose URL
matches the source's link_pattern, in page order, each URL once."""
from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin


@dataclass(frozen=True)
class Link:
    url: str      # absolute, without #fragment
    text: str     # the anchor text or the feed entry's title ("Asieltrends maart 2024")


class _Anchors(HTMLParser):
    def __init__(self, base: str):
        super().__init__(convert_charrefs=True)
        self.base, self.links, self._open = base, [], None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "base" and a.get("href"):
            self.base = urljoin(self.base, a["href"])
        elif tag == "a" and a.get("href"):
            self._open = [urljoin(self.base, a["href"].strip()), []]
            self.links.append(self._open)

    def handle_data(self, data):
        if self._open is not None:
            self._open[1].append(data)

    def handle_endtag(self, tag):
        if tag == "a":
            self._open = None


def listing_links(html: str, base_url: str, pattern: str) -> list[Link]:
    """Links of an HTML page (relative ones resolved against the page or its <base>) matching pattern."""
    p = _Anchors(base_url)
    p.feed(html)
    p.close()
    return _matching(((u, " ".join("".join(t).split())) for u, t in p.links), pattern)


def feed_links(data: bytes, base_url: str, pattern: str) -> tuple[list[Link], str]:
    """(links, problem) of an RSS/Atom feed: every entry's link, alternate links and enclosures matching
    pattern. problem is "" or why the bytes are not a feed."""
    import feedparser     # start-up: feedparser, only for a feed
    parsed = feedparser.parse(data, response_headers={"content-location": base_url})
    if parsed.bozo and not parsed.entries:
        err = parsed.get("bozo_exception")
        return [], f"not an RSS/Atom feed ({' '.join(str(err).split())[:120] or 'no entries'})"
    found = []
    for entry in parsed.entries:
        title = " ".join(str(entry.get("title", "")).split())
        hrefs = [entry.get("link", "")] + [l.get("href", "") for l in entry.get("links", [])] \
            + [e.get("href", "") for e in entry.get("enclosures", [])]
        found.extend((urljoin(base_url, h), title) for h in hrefs if h)
    return _matching(found, pattern), ""


def _matching(pairs, pattern: str) -> list[Link]:
    rx = re.compile(pattern)
    out, seen = [], set()
    for url, text in pairs:
        url = urldefrag(url)[0]
        if url.startswith(("http://", "https://")) and rx.search(url) and url not in seen:
            seen.add(url)
            out.append(Link(url, text))
    return out
