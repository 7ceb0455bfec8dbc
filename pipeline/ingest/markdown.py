"""Markdown: recognised by its content whatever the file is named (looks_like_markdown), and its
markup removed (strip_markdown: <sup>n</sup> footnote markers, inline tags, links, escapes, heading
hashes, horizontal rules, bold and emphasis markers) while every kept character remembers its offset
in the file's text (pipeline.offsets) and the heading lines are noted."""
from __future__ import annotations

import re

from ..offsets import OffsetMap, OffsetMapBuilder


# Markdown constructs: each alternative keeps group `keep` (or nothing) and drops the rest.
_MD = re.compile(
    r"<sup>[^<]{0,20}</sup>"                                  # footnote marker: dropped
    r"|</?(?:b|i|u|em|strong|span|sub)\b[^>]{0,40}>|<br\s*/?>"  # inline tags: dropped
    r"|\[(?P<link>[^\]\n]*)\]\([^)\n]*\)"                     # [text](url): text
    r"|\\(?P<esc>[*_#\[\]()>`-])"                             # escaped char: the char
    r"|(?m:^(?P<hashes>\#{1,6})[ \t]+)"                        # heading marker: dropped
    r"|(?m:^[ \t]*(?:---+|\*\*\*+)[ \t]*$)"                   # horizontal rule: dropped
    r"|\*\*|__"                                               # bold markers: dropped
    r"|(?<![\w*\\])\*(?=[^\s*])|(?<=[^\s*\\])\*(?![\w*])"     # emphasis markers: dropped
)


# Markdown by its content: kinds of markup, each a sign; a text with two kinds (or many headings) is
# Markdown whatever its name — one stray "*" or "#" is not.
_MD_SIGNS = {
    "heading": re.compile(r"(?m)^#{1,6}[ \t]+\S"),
    "bold": re.compile(r"\*\*[^*\n]{1,200}\*\*|__[^_\n]{1,200}__"),
    "emphasis": re.compile(r"(?<![\w*])\*[^*\s][^*\n]{0,80}?\*(?![\w*])"),
    "link": re.compile(r"\[[^\]\n]{1,200}\]\([^)\n\s]*\)"),
    "footnote_tag": re.compile(r"<sup>[^<]{0,20}</sup>"),
    "pipe_table": re.compile(r"(?m)^\s*\|?\s*:?-{3,}:?\s*\|"),
    "escape": re.compile(r"\\[*_#\[\]]"),
}


def looks_like_markdown(text: str) -> bool:
    """Is this text Markdown, by its content? At least two kinds of markup (headings, bold, emphasis,
    links, <sup> footnote markers, pipe tables, escapes), each found twice or more — or five '#' headings."""
    counts = {k: len(rx.findall(text[:200_000])) for k, rx in _MD_SIGNS.items()}
    kinds = sum(1 for k, n in counts.items() if n >= 2 or (n >= 1 and k in ("link", "footnote_tag", "pipe_table")))
    return kinds >= 2 or counts["heading"] >= 5


def strip_markdown(raw: str) -> tuple[str, OffsetMap, set[int]]:
    """Markdown -> plain text, the raw offset of every kept character, offsets of heading lines."""
    out: list[str] = []
    joined: list[str] = []     # the pieces joined a few thousand at a time: a 50 MB text is cut into
    offsets = OffsetMapBuilder()   # millions of pieces, each a string object of its own
    headings: set[int] = set()
    pos = 0

    def keep(s: str, at: int) -> None:
        out.append(s)
        offsets.add_run(at, len(s))
        if len(out) >= 4096:
            joined.append("".join(out))
            out.clear()

    for m in _MD.finditer(raw):
        if m.start() > pos:
            keep(raw[pos:m.start()], pos)
        if m.group("link") is not None:
            keep(m.group("link"), m.start("link"))
        elif m.group("esc") is not None:
            keep(m.group("esc"), m.start("esc"))
        elif m.group("hashes") is not None:
            headings.add(len(offsets))
        pos = m.end()
    keep(raw[pos:], pos)
    joined.append("".join(out))
    return "".join(joined), offsets.build(), headings
