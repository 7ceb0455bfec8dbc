"""Schema of a sources file (rules/sources.yaml, or the one given to `migstat fetch --sources`):
the publication pages, feeds and files `migstat fetch` polls. pipeline/fetch/config.py checks a
sources file with it, then makes its FetchConfig."""
import re
from typing import Annotated, Literal


from .base import At, Len, Match, Range, Record, Regex, Text, Then, regex_with, unique

TEMPLATE_FIELDS = ("edition", "name", "sha", "stem", "suffix")
Seconds = Annotated[int | float, Range(gt=0)]
NotNegative = Annotated[int | float, Range(ge=0)]


def _http(url: str) -> str:
    if not re.match(r"https?://[^/\s]+", url):
        raise ValueError(f"url must be http(s)://... (got {url!r})")
    return url


class Client(Record):
    """How the polled sites are asked (defaults: pipeline/fetch/config.py FetchConfig)."""
    user_agent: Text | None = None       # {version}, {contact}
    connect_timeout: Seconds | None = None
    read_timeout: Seconds | None = None
    total_timeout: Seconds | None = None
    retries: Annotated[int, Range(ge=0)] | None = None
    backoff: NotNegative | None = None
    max_bytes: Annotated[int, Range(gt=0)] | None = None
    pause: NotNegative | None = None


class SourceExample(Record):
    url: Text
    edition: Annotated[str, Match(r"^(?:\d{4}-\d{2})?$")]


class Source(Record):
    name: Annotated[str, Match(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    kind: Literal["listing", "feed", "file"]
    url: Annotated[str, Then(_http)]
    link_pattern: Regex | None = None
    edition_pattern: regex_with("year", "month") | None = None
    filename: Text | None = None
    expect: Literal["pdf", "html", "any"] = "pdf"
    comment: str = ""
    recheck: bool = False
    edition_from: Literal["url", "text"] = "url"
    examples: list[SourceExample] = []     # URLs link_pattern must match, with the edition read
    negatives: list[Text] = []             # URLs on the same pages it must not match

    def check(r):
        if r["kind"] != "file" and not r.get("link_pattern"):
            raise ValueError(f"a {r['kind']} needs a link_pattern")
        name = r.get("filename")
        if name is not None:
            unknown = set(re.findall(r"\{(\w*)\}", name)) - set(TEMPLATE_FIELDS)
            if unknown or "/" in name or "\\" in name:
                raise At(("filename",), f"filename template {name!r}: fields are "
                                        f"{', '.join(TEMPLATE_FIELDS)}, no folders")


class SourcesFile(Record):
    contact: Annotated[str, Match(r"\S")]   # an e-mail or URL the polled sites can reach
    client: Client | None = None
    sources: list[Source]

    def check(r):
        unique((("sources", i, "name"), s["name"]) for i, s in enumerate(r["sources"]))
