"""The sources file (rules/sources.yaml): which publication pages, feeds and files to poll, and how.

A source is a `listing` (an HTML page whose links matching `link_pattern` are the documents), a `feed`
(RSS or Atom; the entries' links and enclosures matching `link_pattern`) or a `file` (the URL is the
document). `filename` names the file written into raw/ ({name}, {edition}, {stem}, {suffix}, {sha});
`edition_pattern` reads the edition from the document's URL (or its link text), with groups `year`
and `month` (a number or a Dutch/English month name).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

KINDS = ("listing", "feed", "file")
EXPECT = ("pdf", "html", "any")
_TEMPLATE_FIELDS = {"name", "edition", "stem", "suffix", "sha"}


class SourceConfigError(Exception):
    """A sources file that cannot be used: str(err) is '<file>: <reason>' on one line."""


@dataclass(frozen=True)
class Source:
    name: str                    # short name, also used in findings and file names
    kind: str                    # listing | feed | file
    url: str
    link_pattern: str = ""       # listing/feed: a regex the absolute document URL must match (search)
    edition_pattern: str = ""    # regex with groups year, month on the URL, else on the link text
    filename: str = "{name}-{edition}{suffix}"   # without an edition {edition} becomes the URL's stem
    expect: str = "pdf"          # what a document must be: pdf | html | any
    comment: str = ""
    recheck: bool = False        # listing/feed: ask again for documents already saved (their content can
                                 # change); a `file` source is always asked (conditionally)
    edition_from: str = "url"    # url: {edition} from edition_pattern; text: the month the document's
                                 # own words are about (as its table's edition), else the URL's


@dataclass(frozen=True)
class FetchConfig:
    sources: tuple[Source, ...]
    user_agent: str              # names migstat and a contact
    connect_timeout: float = 10.0
    read_timeout: float = 60.0
    total_timeout: float = 300.0  # seconds one request may take in all, however its bytes trickle in
    retries: int = 3             # further tries after the first, on 5xx, timeouts and broken connections
    backoff: float = 1.0         # seconds before the first retry, doubled each time
    max_bytes: int = 200_000_000  # a larger response is refused
    pause: float = 0.0           # seconds at least between two requests to the same host


def load_config(path: str | Path) -> FetchConfig:
    """Parse and check a sources file; SourceConfigError naming the file and what is wrong."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise SourceConfigError(f"{path}: file not found") from None
    except (OSError, UnicodeDecodeError) as e:
        raise SourceConfigError(f"{path}: cannot be read ({e})") from None
    except yaml.YAMLError as e:
        raise SourceConfigError(f"{path}: not valid YAML ({' '.join(str(e).split())})") from None
    if not isinstance(data, dict) or not isinstance(data.get("sources"), list):
        raise SourceConfigError(f"{path}: expected a mapping with a list 'sources'")
    client = data.get("client") or {}
    contact = str(data.get("contact") or "").strip()
    if not contact:
        raise SourceConfigError(f"{path}: 'contact' (an e-mail or URL the polled sites can reach) is required")
    agent = str(client.get("user_agent") or "migstat/{version} (Dutch migration statistics; contact: {contact})")
    try:
        agent = agent.format(contact=contact, version=_version())
    except (KeyError, IndexError) as e:
        raise SourceConfigError(f"{path}: user_agent: unknown field {e}") from None
    sources, names = [], set()
    for i, raw in enumerate(data["sources"], 1):
        src = _source(path, i, raw)
        if src.name in names:
            raise SourceConfigError(f"{path}: source {i}: name '{src.name}' used twice")
        names.add(src.name)
        sources.append(src)
    try:
        cfg = FetchConfig(
            sources=tuple(sources), user_agent=agent,
            connect_timeout=float(client.get("connect_timeout", 10.0)),
            read_timeout=float(client.get("read_timeout", 60.0)),
            total_timeout=float(client.get("total_timeout", 300.0)),
            retries=int(client.get("retries", 3)), backoff=float(client.get("backoff", 1.0)),
            max_bytes=int(client.get("max_bytes", 200_000_000)), pause=float(client.get("pause", 0.0)))
    except (TypeError, ValueError) as e:
        raise SourceConfigError(f"{path}: client: {e}") from None
    if cfg.connect_timeout <= 0 or cfg.read_timeout <= 0 or cfg.total_timeout <= 0:
        raise SourceConfigError(f"{path}: client: timeouts must be positive seconds")
    if cfg.retries < 0 or cfg.backoff < 0 or cfg.pause < 0:
        raise SourceConfigError(f"{path}: client: retries, backoff and pause cannot be negative")
    return cfg


def _source(path: Path, i: int, raw) -> Source:
    where = f"{path}: source {i}"
    if not isinstance(raw, dict):
        raise SourceConfigError(f"{where}: expected a mapping")
    name = str(raw.get("name") or "").strip()
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", name):
        raise SourceConfigError(f"{where}: 'name' must be letters, digits, '.', '_' or '-' (got {name!r})")
    where = f"{path}: source '{name}'"
    kind = raw.get("kind")
    if kind not in KINDS:
        raise SourceConfigError(f"{where}: kind must be one of {', '.join(KINDS)} (got {kind!r})")
    url = str(raw.get("url") or "")
    if not re.match(r"https?://[^/\s]+", url):
        raise SourceConfigError(f"{where}: url must be http(s)://... (got {url!r})")
    expect = raw.get("expect", "pdf")
    if expect not in EXPECT:
        raise SourceConfigError(f"{where}: expect must be one of {', '.join(EXPECT)} (got {expect!r})")
    src = Source(name=name, kind=kind, url=url, link_pattern=str(raw.get("link_pattern") or ""),
                 edition_pattern=str(raw.get("edition_pattern") or ""),
                 filename=str(raw.get("filename") or Source.filename), expect=expect,
                 comment=str(raw.get("comment") or ""), edition_from=str(raw.get("edition_from") or "url"),
                 recheck=raw.get("recheck", False))
    if not isinstance(src.recheck, bool):
        raise SourceConfigError(f"{where}: recheck must be true or false (got {src.recheck!r})")
    if src.edition_from not in ("url", "text"):
        raise SourceConfigError(f"{where}: edition_from must be url or text (got {src.edition_from!r})")
    if kind != "file" and not src.link_pattern:
        raise SourceConfigError(f"{where}: a {kind} needs a link_pattern")
    for field in ("link_pattern", "edition_pattern"):
        try:
            rx = re.compile(getattr(src, field))
        except re.error as e:
            raise SourceConfigError(f"{where}: {field} is not a valid regex ({e})") from None
        if field == "edition_pattern" and src.edition_pattern and not {"year", "month"} <= set(rx.groupindex):
            raise SourceConfigError(f"{where}: edition_pattern needs the groups (?P<year>...) and (?P<month>...)")
    unknown = set(re.findall(r"\{(\w*)\}", src.filename)) - _TEMPLATE_FIELDS
    if unknown or "/" in src.filename or "\\" in src.filename:
        raise SourceConfigError(f"{where}: filename template {src.filename!r}: fields are "
                                f"{', '.join(sorted(_TEMPLATE_FIELDS))}, no folders")
    return src


def _version() -> str:
    try:
        from importlib.metadata import version
        return version("migstat")
    except Exception:
        return "dev"
