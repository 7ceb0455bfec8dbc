"""A document's text as HTML with every extracted number marked, in one pass over the text.

Each span (char_start, char_end) that one or more rows point at becomes one `<mark>` whose class says
its status and whose `data-r` lists the rows' ids; tab-separated lines (table rows of Markdown and
PDF tables) become HTML tables, so a cell's number is marked inside its cell; a PDF's page starts get
a page marker. The words that decided a row (its explanation record's spans) become `<span class="w"
data-w="...">` listing the rows they decided, so the app marks them when a row is selected; a number's
own mark wins where the two would overlap. Everything else is the text as stored, escaped — the spans
index into it unchanged. The whole comes in chunks of whole lines and tables (CHUNK_CHARS), which the
browser lays out and paints only near the screen (review.css: content-visibility), so that a long
document paints at once.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from html import escape

CHUNK_CHARS = 3000   # the text comes in blocks of about this many characters (<div class="chunk">, whole
#                      lines and tables), which the browser lays out only when they are near the screen


@dataclass(frozen=True)
class Mark:
    """One highlighted span: the rows that point at it (ids, in table order) and its status class."""
    start: int
    end: int
    row_ids: tuple[str, ...]
    status: str            # core | other | finding | reviewed | rereview (see status.STATUSES)
    page: int = 1
    title: str = ""        # tooltip: metric and value of the first row
    decided: str = ""      # a reviewed span's decision: accepted | corrected | rejected | mixed ("" otherwise)


@dataclass(frozen=True)
class Words:
    """Words that decided rows: [start, end) in the text and the ids of the rows they decided."""
    start: int
    end: int
    row_ids: tuple[str, ...]


def render_text(text: str, marks: list[Mark], page_starts: tuple[int, ...] = (0,), words: list[Words] = ()) -> str:
    """The whole text as HTML. Marks must not overlap (the later of two overlapping marks is dropped
    from the text; its rows stay reachable from the lists); `words` may overlap each other (cut into
    pieces, each with every row it belongs to) but give way to the marks."""
    marks = _non_overlapping(sorted(marks, key=lambda m: (m.start, m.end)))
    marks = sorted(marks + _word_pieces(words, marks), key=lambda m: m.start)
    starts = [m.start for m in marks]
    out: list[str] = []
    pos = 0
    pages = list(page_starts[1:]) if len(page_starts) > 1 else []
    lines = text.split("\n")
    table: list[str] = []       # rows of the open <table>
    out.append('<div class="chunk">')
    chunk_start = 0
    for line in lines:
        end = pos + len(line)
        if pos - chunk_start >= CHUNK_CHARS and not table:
            out.append('</div><div class="chunk">')
            chunk_start = pos
        while pages and pages[0] <= pos:
            _close_table(out, table)
            n = len(page_starts) - len(pages) + 1
            out.append(f'<span class="pagebreak" data-page="{n}">page {n}</span>')
            pages.pop(0)
        if "\t" in line:
            cells, cpos = [], pos
            for cell in line.split("\t"):
                cells.append(f"<td>{_marked(text, cpos, cpos + len(cell), marks, starts)}</td>")
                cpos += len(cell) + 1
            table.append(f"<tr>{''.join(cells)}</tr>")
        else:
            _close_table(out, table)
            out.append(_marked(text, pos, end, marks, starts))
            out.append("\n")
        pos = end + 1
    _close_table(out, table)
    out.append("</div>")
    return "".join(out)


def _close_table(out: list[str], table: list[str]) -> None:
    if table:
        out.append(f'<table class="doctable">{"".join(table)}</table>')
        table.clear()


def _marked(text: str, start: int, end: int, marks: list[Mark], starts: list[int]) -> str:
    """text[start:end] escaped, with the marks that lie inside it."""
    parts: list[str] = []
    pos = start
    i = bisect.bisect_left(starts, start)
    while i < len(marks) and marks[i].start < end:
        m = marks[i]
        if isinstance(m, Words):     # decision words: clipped to the line or cell
            a, b = max(m.start, pos), min(m.end, end)
            if a < b:
                parts.append(escape(text[pos:a], quote=False))
                parts.append(f'<span class="w" data-w="{escape(" ".join(m.row_ids))}">'
                             f'{escape(text[a:b], quote=False)}</span>')
                pos = b
            i += 1
            continue
        if m.end > end:          # a span across a line or cell end cannot be drawn inside one cell
            break
        parts.append(escape(text[pos:m.start], quote=False))
        decided = f' data-d="{m.decided}"' if m.decided else ""
        parts.append(f'<mark class="n s-{m.status}" id="m{m.start}-{m.end}" data-r="{escape(" ".join(m.row_ids))}" '
                     f'data-page="{m.page}"{decided} title="{escape(m.title)}">'
                     f'{escape(text[m.start:m.end], quote=False)}</mark>')
        pos = m.end
        i += 1
    parts.append(escape(text[pos:end], quote=False))
    return "".join(parts)


def _non_overlapping(marks: list[Mark]) -> list[Mark]:
    out: list[Mark] = []
    for m in marks:
        if m.start < 0 or m.end <= m.start:
            continue
        if out and m.start < out[-1].end:
            continue
        out.append(m)
    return out


def _word_pieces(words: list[Words], marks: list[Mark]) -> list[Words]:
    """The words cut at every boundary into pieces that do not overlap, each with the rows of every
    word it lies in (one sweep over the boundaries); none inside a mark."""
    starts: dict[int, list[int]] = {}
    ends: dict[int, list[int]] = {}
    for k, w in enumerate(words):
        if w.end > w.start >= 0:
            starts.setdefault(w.start, []).append(k)
            ends.setdefault(w.end, []).append(k)
    taken = sorted((m.start, m.end) for m in marks)
    cuts = sorted(set(starts) | set(ends) | {x for t in taken for x in t})     # a word cut where a mark begins
    taken_starts = [t[0] for t in taken]
    active: dict[int, None] = {}
    out: list[Words] = []
    for a, b in zip(cuts, cuts[1:]):
        for k in ends.get(a, ()):
            active.pop(k, None)
        for k in starts.get(a, ()):
            active[k] = None
        if not active:
            continue
        j = bisect.bisect_left(taken_starts, b)      # the last mark starting before b (marks do not overlap)
        if j and taken[j - 1][1] > a:
            continue
        ids = tuple(dict.fromkeys(r for k in sorted(active) for r in words[k].row_ids))
        if out and out[-1].end == a and out[-1].row_ids == ids:
            out[-1] = Words(out[-1].start, b, ids)
        else:
            out.append(Words(a, b, ids))
    return out
