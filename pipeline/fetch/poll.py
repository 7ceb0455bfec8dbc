"""Poll every source of a sources file into raw/: `fetch_all(config_path, raw_dir) -> FetchReport`.

Per source: the listing page or feed (conditionally: a 304 reuses the links it had last time), then
each document it points to, conditionally. New content is written into raw/ atomically, with the usual
file mode (pipeline.store.write_bytes); content whose sha256 is already in raw/ under any name is not
written again (a renamed duplicate at another URL is recognised); a changed document at a known URL
replaces the file it gave before. Every failure (timeouts and 5xx after the retries, 404, a page
without matching links, a non-PDF where a PDF was expected, a raw/ that cannot be written) is a
FetchFailure of its source; the other sources go on.
"""
from __future__ import annotations

import contextlib
import functools
import hashlib
import re
import time
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from ..store import write_bytes
from .config import FetchConfig, Source, load_config
from .http import FetchError, Response, client_for, get
from .links import Link, feed_links, listing_links
from .state import FetchState, UrlState
from ..rules import load
from ..locks import output_lock
import tempfile
from ..errors import IngestError
from ..ingest import read_document
import codecs

LOCK_NAME = ".fetch.lock"

# month names in document URLs beside the Dutch ones of rules/periods.yaml ("Asylum_Trends_march_2016")
ENGLISH_MONTHS = {"january": 1, "february": 2, "march": 3, "mar": 3, "may": 5, "june": 6, "july": 7,
                  "august": 8, "october": 10, "oct": 10}


@functools.lru_cache(maxsize=1)
def _months() -> dict[str, int]:
    return {**{k.lower(): v for k, v in load("periods")["months"].items()}, **ENGLISH_MONTHS}


@dataclass(frozen=True)
class FetchFailure:
    source: str
    url: str
    reason: str

    def line(self) -> str:
        return f"fetch: {self.source}: {self.url}: {self.reason}"

    def as_finding(self):
        """The failure as a row of findings.csv (check `fetch`, severity error; no document yet, so no
        doc_id; `source` is the URL)."""
        from ..validate import Finding     # start-up: validate loads the extraction package
        return Finding(doc_id="", check="fetch", severity="error", message=f"{self.source}: {self.reason}",
                       source=self.url)


@dataclass(frozen=True)
class SourceReport:
    source: str
    new_files: tuple[Path, ...] = ()        # written into raw/ by this poll (new or changed content)
    unchanged: tuple[str, ...] = ()         # document URLs whose content raw/ already had (304, same hash)
    duplicates: tuple[tuple[str, str], ...] = ()   # (URL, file in raw/ that already holds its content)
    failures: tuple[FetchFailure, ...] = ()

    def line(self) -> str:
        parts = [f"{len(self.new_files)} new" + (f" ({', '.join(p.name for p in self.new_files)})" if self.new_files else ""),
                 f"{len(self.unchanged) + len(self.duplicates)} unchanged"
                 + (f" ({len(self.duplicates)} already in raw/ under another name)" if self.duplicates else "")]
        if self.failures:
            parts.append(f"{len(self.failures)} failed")
        return f"{self.source}: {', '.join(parts)}"


@dataclass(frozen=True)
class FetchReport:
    sources: tuple[SourceReport, ...]
    requests: int                 # HTTP requests made (retries and 304s included)
    seconds: float

    @property
    def new_files(self) -> tuple[Path, ...]:
        return tuple(p for s in self.sources for p in s.new_files)

    @property
    def unchanged(self) -> tuple[str, ...]:
        return tuple(u for s in self.sources for u in s.unchanged + tuple(d[0] for d in s.duplicates))

    @property
    def failures(self) -> tuple[FetchFailure, ...]:
        return tuple(f for s in self.sources for f in s.failures)

    @property
    def ok(self) -> bool:
        return not self.failures


def fetch_all(config_path: str | Path, raw_dir: str | Path, transport=None) -> FetchReport:
    """Poll every source in the sources file into raw_dir. Raises SourceConfigError for a sources file
    that cannot be used; everything that goes wrong with a source is in the report."""
    cfg = load_config(config_path)
    return poll_sources(cfg, Path(raw_dir), transport=transport)


def poll_sources(cfg: FetchConfig, raw_dir: Path, transport=None) -> FetchReport:
    t0 = time.perf_counter()
    requests = [0]

    def count(_request):
        requests[0] += 1

    last_at: dict[str, float] = {}

    def polite(request):
        """At most one request a `pause` seconds to the same host."""
        count(request)
        host = request.url.host
        if cfg.pause and host in last_at:
            wait = last_at[host] + cfg.pause - time.monotonic()
            if wait > 0:
                time.sleep(wait)
        last_at[host] = time.monotonic()

    with _locked(raw_dir):
        state = FetchState.load(raw_dir)
        reports = _poll(cfg, raw_dir, state, transport, polite)
    return FetchReport(tuple(reports), requests[0], time.perf_counter() - t0)


@contextlib.contextmanager
def _locked(raw_dir: Path):
    """One fetch at a time into a folder (raw/.fetch.lock, naming its holder): a second one says what it
    waits for ("waiting: raw: another fetch is saving into it (pid 123: ...)"), waits until the first
    has saved its state, then finds what the first wrote."""
    try:
        raw_dir.mkdir(parents=True, exist_ok=True)
        (raw_dir / LOCK_NAME).touch()
    except OSError:          # an unwritable folder: every source reports it
        yield
        return
    with output_lock(raw_dir, lock_name=LOCK_NAME, doing="another fetch is saving into it"):
        yield


def _poll(cfg: FetchConfig, raw_dir: Path, state: FetchState, transport, polite) -> list[SourceReport]:
    reports = []
    with client_for(cfg, transport=transport, event_hooks={"request": [polite]}) as client:
        for src in cfg.sources:
            poller = _Poller(cfg, src, client, state, raw_dir)
            try:
                poller.run()
            except Exception as e:   # a bug or a full disk must not stop the other sources
                poller.fail(src.url, f"internal error {type(e).__name__}: {' '.join(str(e).split())}")
            reports.append(poller.report())
            try:
                state.save()
            except OSError as e:
                reports[-1] = poller.report(FetchFailure(src.name, str(raw_dir), f"state not saved ({e.strerror or e})"))
    return reports


@dataclass
class _Poller:
    cfg: FetchConfig
    src: Source
    client: object
    state: FetchState
    raw_dir: Path
    new: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    duplicates: list = field(default_factory=list)
    failures: list = field(default_factory=list)

    def fail(self, url: str, reason: str) -> None:
        self.failures.append(FetchFailure(self.src.name, url, reason))

    def report(self, extra: FetchFailure | None = None) -> SourceReport:
        return SourceReport(self.src.name, tuple(self.new), tuple(self.unchanged), tuple(self.duplicates),
                            tuple(self.failures) + ((extra,) if extra else ()))

    def run(self) -> None:
        links = [Link(self.src.url, "")] if self.src.kind == "file" else self._links()
        if links is None:
            return
        if not self.raw_dir.is_dir():
            try:
                self.raw_dir.mkdir(parents=True)
            except OSError as e:
                self.fail(str(self.raw_dir), f"cannot create the folder ({e.strerror or e})")
                return
        by_hash = self.state.files_by_hash()
        for link in links:
            if self._known(link):       # saved by an earlier poll: not asked again (a poll costs the listings)
                self.unchanged.append(link.url)
                continue
            try:
                self._document(link, by_hash)
            except FetchError as e:
                self.fail(link.url, str(e))
            except OSError as e:
                self.fail(link.url, f"cannot write into {self.raw_dir} ({e.strerror or e})")

    def _known(self, link: Link) -> bool:
        """A document of a listing or feed that an earlier poll saved, when the source does not ask for
        `recheck`: published documents do not change, and asking for each of hundreds again on every
        poll costs minutes for nothing. (A saved file someone removed from raw/ stays removed, as a
        conditional request answered 304 left it before.)"""
        if self.src.kind == "file" or self.src.recheck:
            return False
        prev = self.state.urls.get(link.url)
        return prev is not None and bool(prev.sha256) and bool(prev.file)

    def _links(self) -> list[Link] | None:
        prev = self.state.urls.get(self.src.url, UrlState())
        try:
            r = get(self.client, self.cfg, self.src.url, prev.etag, prev.last_modified)
        except FetchError as e:
            self.fail(self.src.url, f"{self.src.kind}: {e}")
            return None
        if r.status == 304:
            links = [Link(u, t) for u, t in prev.links]
        elif self.src.kind == "listing":
            links = listing_links(r.content.decode(_charset(r.content_type), "replace"), r.url, self.src.link_pattern)
        else:
            links, problem = feed_links(r.content, r.url, self.src.link_pattern)
            if problem:
                self.fail(self.src.url, problem)
                return None
        if not links:
            self.fail(self.src.url, f"no links matching {self.src.link_pattern!r} on the {self.src.kind}")
        if r.status != 304:
            self.state.urls[self.src.url] = UrlState(r.etag, r.last_modified,
                                                     links=tuple((l.url, l.text) for l in links))
        return links

    def _document(self, link: Link, by_hash: dict[str, str]) -> None:
        prev = self.state.urls.get(link.url, UrlState())
        r = get(self.client, self.cfg, link.url, prev.etag, prev.last_modified)
        if r.status == 304:
            self.unchanged.append(link.url)
            return
        sha = hashlib.sha256(r.content).hexdigest()
        if sha == prev.sha256:   # same content without validators; keep the new ones if any came
            self.unchanged.append(link.url)
            self.state.urls[link.url] = UrlState(r.etag, r.last_modified, prev.sha256, prev.file)
            return
        problem = _not_expected(r, self.src.expect)
        if problem:
            raise FetchError(problem)
        if sha in by_hash:
            self.duplicates.append((link.url, by_hash[sha]))
            self.state.urls[link.url] = UrlState(r.etag, r.last_modified, sha, by_hash[sha])
            return
        target = self._target(link, r, sha, prev)
        write_bytes(target, r.content)
        self.state.remember_file(target, sha)
        by_hash[sha] = target.name
        self.state.urls[link.url] = UrlState(r.etag, r.last_modified, sha, target.name)
        self.new.append(target)

    def _target(self, link: Link, r: Response, sha: str, prev: UrlState) -> Path:
        """The file for new content: the one this URL gave before (a changed document replaces it, unless
        someone put other content under that name), else the source's template, made unique."""
        if prev.file:
            old = self.raw_dir / prev.file
            if not old.exists() or self.state.hash_of(old) == prev.sha256:
                return old
        name = file_name(self.src, link, r, sha)
        target = self.raw_dir / name
        if target.exists():
            p = PurePosixPath(name)
            target = self.raw_dir / f"{p.stem}-{sha[:8]}{p.suffix}"
        return target


def edition_of(src: Source, link: Link) -> str:
    """YYYY-MM from the source's edition_pattern on the URL (unquoted), else on the link text; ""."""
    if not src.edition_pattern:
        return ""
    rx = re.compile(src.edition_pattern, re.IGNORECASE)
    for where in (unquote(link.url), link.text):
        m = rx.search(where)
        if m:
            year, month = m.group("year"), m.group("month").lower()
            num = int(month) if month.isdigit() else _months().get(month, 0)
            if 1 <= num <= 12 and re.fullmatch(r"(19|20)\d\d", year):
                return f"{year}-{num:02d}"
    return ""


def edition_of_text(content: bytes, suffix: str, url_edition: str) -> str:
    """The edition a fetched document's own words give (YYYY-MM, as `migstat extract` reads it: its
    title, the latest dated month; yearless months of the URL's month), "" when it cannot be read.
    A news page published in February about January is January's."""

    with tempfile.TemporaryDirectory(prefix="migstat-fetch-") as d:
        probe = Path(d) / f"fetched-{url_edition or 'undated'}{suffix or '.txt'}"
        probe.write_bytes(content)
        try:
            doc = read_document(probe)
        except (IngestError, OSError, ValueError):
            return ""
    return doc.edition if doc.edition_basis in ("title", "latest month mentioned") else ""


def file_name(src: Source, link: Link, r: Response | None, sha: str) -> str:
    """The source's filename template filled in: {name}, {edition} (the URL's stem when the URL gives no
    edition), {stem} (the URL's last path part without its extension, made safe), {suffix}, {sha}."""
    path = PurePosixPath(unquote(urlsplit(link.url).path))
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", path.stem).strip("-.").lower()[:80] or src.name
    suffix = {"pdf": ".pdf", "html": ".html"}.get(src.expect) or (path.suffix.lower() if path.suffix else "")
    if src.expect == "any" and r is not None and not suffix:
        suffix = ".pdf" if _is_pdf(r.content) else ".html" if "html" in r.content_type else ""
    edition = edition_of(src, link)
    if src.edition_from == "text" and r is not None:
        edition = edition_of_text(r.content, suffix, edition) or edition
    edition = edition or stem
    name = src.filename.format(name=src.name, edition=edition, stem=stem, suffix=suffix, sha=sha[:12])
    return re.sub(r"[^A-Za-z0-9._-]+", "-", name).lstrip(".-") or f"{src.name}-{sha[:12]}{suffix}"


def _not_expected(r: Response, expect: str) -> str:
    head = r.content[:1024].lstrip()
    ctype = r.content_type.split(";")[0].strip() or "no content type"
    if not r.content:
        return "empty response"
    if expect == "pdf" and not _is_pdf(r.content):
        return f"not a PDF ({ctype}, starts {head[:20]!r})"
    if expect == "html" and "html" not in ctype and not head[:1] == b"<":
        return f"not an HTML page ({ctype})"
    return ""


def _is_pdf(content: bytes) -> bool:
    return content[:1024].lstrip().startswith(b"%PDF-")


def _charset(content_type: str) -> str:
    m = re.search(r"charset=([\w.-]+)", content_type or "", re.I)
    if m:
        try:
            return codecs.lookup(m.group(1)).name
        except LookupError:
            pass
    return "utf-8"
