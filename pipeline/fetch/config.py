"""The sources file (rules/sources.yaml): which publication pages, feeds and files to poll, and how.

A source is a `listing` (an HTML page whose links matching `link_pattern` are the documents), a `feed`
(RSS or Atom; the entries' links and enclosures matching `link_pattern`) or a `file` (the URL is the
document). `filename` names the file written into raw/ ({name}, {edition}, {stem}, {suffix}, {sha});
`edition_pattern` reads the edition from the document's URL (or its link text), with groups `year`
and `month` (a number or a Dutch/English month name).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from ..errors import RuleFileError
from ..rule_schemas import check
from importlib.metadata import version


class SourceConfigError(Exception):
    """A sources file that cannot be used: str(err) is '<file>:<line>: <field>: <reason>' on one line."""


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
    """Parse a sources file and check it against its schema (pipeline/rule_schemas/sources.py);
    SourceConfigError naming the file, the line, the field and what is wrong."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text) or {}
    except FileNotFoundError:
        raise SourceConfigError(f"{path}: file not found") from None
    except (OSError, UnicodeDecodeError) as e:
        raise SourceConfigError(f"{path}: cannot be read ({e})") from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        raise SourceConfigError(f"{path}:{mark.line + 1 if mark else 1}: not valid YAML "
                                f"({' '.join(str(e).split())})") from None
    try:
        check("sources", data, text, str(path))
    except RuleFileError as e:
        raise SourceConfigError(str(e)) from None
    client, contact = data.get("client") or {}, data["contact"].strip()
    agent = client.get("user_agent") or "migstat/{version} (Dutch migration statistics; contact: {contact})"
    try:
        agent = agent.format(contact=contact, version=_version())
    except (KeyError, IndexError) as e:
        raise SourceConfigError(f"{path}: user_agent: unknown field {e}") from None
    defaults = FetchConfig((), "")
    return FetchConfig(
        sources=tuple(_source(raw) for raw in data["sources"]), user_agent=agent,
        **{k: type(getattr(defaults, k))(client[k]) for k in ("connect_timeout", "read_timeout", "total_timeout",
                                                              "retries", "backoff", "max_bytes", "pause")
           if k in client})


def _source(raw: dict) -> Source:
    """A checked source entry as a Source (its examples and negatives are for the tests)."""
    return Source(name=raw["name"], kind=raw["kind"], url=raw["url"], link_pattern=raw.get("link_pattern") or "",
                  edition_pattern=raw.get("edition_pattern") or "", filename=raw.get("filename") or Source.filename,
                  expect=raw.get("expect", "pdf"), comment=raw.get("comment", ""),
                  edition_from=raw.get("edition_from", "url"), recheck=raw.get("recheck", False))


def _version() -> str:
    try:
        return version("migstat")
    except Exception:
        return "dev"
