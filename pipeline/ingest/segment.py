"""A text's lines made blocks (segment_text): paragraphs, list items, table rows (tab-separated,
Markdown pipe tables, tables written as plain text) and headings with their offsets, read a chunk of
lines at a time so that the lines of a large text are never all in memory; with_headings gives each
block the text of the nearest heading above it. Every reader's text goes through here (a PDF's
blocks as hard-wrapped text)."""
from __future__ import annotations

import dataclasses
import re

from ..language.text_tables import is_pipe_rule, pipe_table_rows, semicolon_table_rows, text_table_rows
from ..model import Block


_LIST_MARK = re.compile(r"^[ \t]*(?:[o•►▶▪◦–\-*](?:[ \t]+[►▶])?|\d{1,2}[.)](?=[ \t]+\D))[ \t]+(?=\S)")
_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")                     # | a | b |  (a Markdown pipe table)
_SOURCE_LINE = re.compile(r"^\s*\(?Bron:[^\n]*\)?\s*$")
_SENT_END = re.compile(r"[.:;!]\s*$")


def _looks_like_heading(text: str) -> bool:
    t = " ".join(text.split()).lstrip("> ")
    if not t or len(t) > 150:
        return False
    if t.endswith("?"):
        return t[0].isupper() or t[0] in "¿\"'“‘("
    if len(t) > 70 or _SENT_END.search(t) or "\n" in text.strip():
        return False
    if re.match(r"(?i)(bron|last update|laatst bijgewerkt|https?:|www\.)", t):
        return False
    letters = sum(ch.isalpha() for ch in t)
    return letters >= 3 and (t[0].isupper() or t[0].isdigit()) and not re.search(r"\d[.,]\d{3}|%", t)


def _is_hard_wrapped(text: str) -> bool:
    """PDF-extracted text breaks lines inside paragraphs; exported web text has a line a paragraph."""
    lines = long_lines = 0
    for _, line in _iter_lines(text):
        if line.strip():
            lines += 1
            long_lines += len(line) > 110
    return bool(lines) and long_lines < 0.1 * lines


def _iter_lines(text: str):
    """(offset, line) of every line of the text, as text.split("\n") gives them, one at a time."""
    pos = 0
    while True:
        end = text.find("\n", pos)
        if end < 0:
            yield pos, text[pos:]
            return
        yield pos, text[pos:end]
        pos = end + 1


# segment_text reads a text this many lines at a time (each chunk ending at a blank line, where no block
# goes on): the lines of a 50 MB text are never all in memory at once
_CHUNK_LINES = 4096


def _line_chunks(text: str):
    """The text's lines (offset, line) in chunks that end at a blank line; a line "(Bron: ...) Het
    vertrek ..." is two lines, the source and the sentence after it."""
    chunk: list[tuple[int, str]] = []
    for pos, line in _iter_lines(text):
        m = re.match(r"\s*\(Bron:[^)]*\)\s*(?=\S)", line) if "Bron:" in line else None
        if m:
            chunk.append((pos, line[:m.end()].rstrip()))
            chunk.append((pos + m.end(), line[m.end():]))
        else:
            chunk.append((pos, line))
            if len(chunk) >= _CHUNK_LINES and not line.strip():
                yield chunk
                chunk = []
    if chunk:
        yield chunk


def segment_text(text: str, heading_starts: set[int] = frozenset(), hard_wrapped: bool | None = None,
                 offset: int = 0, page: int = 1) -> list[Block]:
    """Lines -> paragraph / list_item / table_row / heading blocks with offsets (+ `offset`).

    A paragraph is a run of lines between blank lines when the text is hard-wrapped (PDF text);
    otherwise every line is a paragraph of its own (Markdown and web text), except lines joined by a
    Markdown hard break (two trailing spaces). In hard-wrapped text a list item goes on over lines
    that start in lower case and ends at one that starts a new sentence ("o 4% uit Somalië" then
    "(Bron: ...)"). Headings are Markdown '#' lines, short lines without closing punctuation and
    questions ("Uit welke landen komen asielzoekers?"). Source lines "(Bron: ...)" stand alone.
    """
    if hard_wrapped is None:
        hard_wrapped = _is_hard_wrapped(text)
    blocks: list[Block] = []
    for lines in _line_chunks(text):
        _segment_lines(text, lines, heading_starts, hard_wrapped, offset, page, blocks)
    return blocks


def _segment_lines(text: str, lines: list[tuple[int, str]], heading_starts: set[int], hard_wrapped: bool,
                   offset: int, page: int, blocks: list[Block]) -> None:
    """segment_text on a chunk of lines that ends at a blank line (or the text's end): its blocks onto `blocks`."""
    text_rows = text_table_rows(lines)
    pipe_rows = pipe_table_rows(lines)       # Markdown pipe tables, with or without the outer pipes
    pipe_rows.update(semicolon_table_rows(lines))     # and tables saved as CSV with semicolons
    cur: list[tuple[int, str]] = []
    cur_kind = ""

    def flush():
        nonlocal cur, cur_kind
        if not cur:
            return
        s = cur[0][0] + (len(cur[0][1]) - len(cur[0][1].lstrip()))
        e = cur[-1][0] + len(cur[-1][1].rstrip())
        if e > s:
            kind = cur_kind
            if kind == "paragraph" and _looks_like_heading(text[s:e]):
                kind = "heading"
            blocks.append(Block(kind, offset + s, offset + e, page))
        cur, cur_kind = [], ""

    i = 0
    while i < len(lines):
        start, line = lines[i]
        i += 1
        if not line.strip():
            flush()
            continue
        if start in heading_starts:
            flush()
            cur, cur_kind = [(start, line)], "heading"
            flush()
            continue
        if is_pipe_rule(line):
            flush()          # the |---|---| line under a pipe table's header: no block
            continue
        if start in pipe_rows:      # a row of a pipe table (header over a |---| line, then its rows)
            flush()
            s_, e_ = start + len(line) - len(line.lstrip()), start + len(line.rstrip())
            blocks.append(Block("table_row", offset + s_, offset + e_, page,
                                cells=tuple((offset + a, offset + b) for a, b in pipe_rows[start])))
            continue
        if "\t" in line or _PIPE_ROW.match(line):
            flush()
            cur, cur_kind = [(start, line)], "table_row"
            flush()
            continue
        if start in text_rows:      # a row of a table written as plain text
            flush()
            s_, e_ = start + len(line) - len(line.lstrip()), start + len(line.rstrip())
            blocks.append(Block("table_row", offset + s_, offset + e_, page,
                                cells=tuple((offset + a, offset + b) for a, b in text_rows[start])))
            continue
        if _LIST_MARK.match(line):
            flush()
            cur, cur_kind = [(start, line)], "list_item"
            continue
        if _SOURCE_LINE.match(line):
            flush()
            cur, cur_kind = [(start, line)], "paragraph"
            flush()
            continue
        prev = cur[-1][1].rstrip() if cur else ""
        at_boundary = not cur or re.search(r"[.!?:;)]$", prev) or cur_kind == "heading"
        if at_boundary:
            # a heading line (or a question over at most two lines) standing on top of a paragraph
            q = [(start, line)]
            if not re.search(r"[.!?:;)]$", line.rstrip()) and i < len(lines) and lines[i][1].rstrip().endswith("?") \
                    and hard_wrapped and len(line) + len(lines[i][1]) < 150:
                q.append(lines[i])
            joined = " ".join(t for _, t in q)
            if _looks_like_heading(joined) and (joined.rstrip().endswith("?") or not hard_wrapped):
                flush()
                cur, cur_kind = q, "heading"
                flush()
                i += len(q) - 1
                continue
        if cur_kind == "list_item":
            if hard_wrapped and not re.match(r"\s*[a-zà-ÿ]", line):
                flush()
            elif not hard_wrapped and not prev.endswith("  ") and not cur[-1][1].endswith("  "):
                flush()
        elif cur and cur_kind == "paragraph" and not hard_wrapped and not cur[-1][1].endswith("  "):
            flush()
        if not cur:
            cur_kind = "paragraph"
        cur.append((start, line))
    flush()


def with_headings(blocks: list[Block], text: str) -> list[Block]:
    """Each block with the text of the nearest heading above it (in place: a large text's blocks are
    not all there twice)."""
    heading = ""
    for i, b in enumerate(blocks):
        blocks[i] = dataclasses.replace(b, heading=heading)
        if b.kind == "heading":
            heading = " ".join(text[b.start:b.end].split())
    return blocks
