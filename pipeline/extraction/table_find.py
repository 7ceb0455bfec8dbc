"""Finding the tables of a Document: runs of `table_row` blocks (tab-separated, Markdown pipe, PDF ruled
rows, tables written as text: language.text_tables), joined across a page break, as Table records with
their cells, caption ("Figuur N" after the table, else before it), source organisation ("Bron: ..."),
lead (the text right before) and header rows (those above the first figure)."""
from __future__ import annotations

import re

from ..model import Document
from .table_cells import cell_kind
from .table_model import Cell, Table
from .table_rules import table_rules


def _line_span(text: str, start: int, end: int) -> tuple[int, int]:
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", end)
    return ls, (len(text) if le < 0 else le)


def _cells(text: str, ls: int, le: int) -> list[Cell]:
    """The cells of one row: split at tabs, or at the pipes of a Markdown pipe table ("| a | b |")."""
    line = text[ls:le]
    sep = "\t"
    if "\t" not in line and line.strip().startswith("|") and line.strip().endswith("|"):
        sep = "|"
        inner_start = line.index("|") + 1
        ls, line = ls + inner_start, line[inner_start:line.rindex("|")]
    out, pos = [], ls
    for raw in line.split(sep):
        lead = len(raw) - len(raw.lstrip())
        body = raw.strip()
        s = pos + lead
        out.append(Cell(" ".join(body.split()), s, s + len(body)))
        pos += len(raw) + 1
    return out


def find_tables(doc: Document) -> list[Table]:
    text = doc.text
    blocks = doc.blocks
    runs: list[list[int]] = []          # indexes of table_row blocks, one list per table
    for i, b in enumerate(blocks):
        if b.kind != "table_row":
            continue
        if runs and _continues(doc, runs[-1][-1], i):
            runs[-1].append(i)
        else:
            runs.append([i])
    tables = []
    for run in runs:
        spans, rows = [], []
        for i in run:
            span = _line_span(text, blocks[i].start, blocks[i].end)
            if not spans or spans[-1] != span:
                spans.append(span)
                rows.append([Cell(" ".join(text[a:e].split()), a, e) for a, e in blocks[i].cells]
                            if blocks[i].cells else _cells(text, *span))
        width = max(len(r) for r in rows)
        rows = [r + [Cell("", r[-1].end, r[-1].end)] * (width - len(r)) for r in rows]
        cap_i = _caption_index(doc, run)
        caption = ref = org = ""
        if cap_i is not None:
            cb = blocks[cap_i]
            caption = " ".join(text[cb.start:cb.end].split())
            ref = table_rules()["caption"].match(caption).group("ref")
            org = _source_org(caption)
        after = run[-1] + 1
        if not org and after < len(blocks) and table_rules()["source"].match(text[blocks[after].start:blocks[after].end].lstrip("( ")):
            org = _source_org(text[blocks[after].start:blocks[after].end])    # "Bron: CBS, IND" under the table
        first = blocks[run[0]]
        lead = _lead(doc, run[0] - 1, cap_i)
        header = next((k for k, r in enumerate(rows) if any(cell_kind(c) == "value" for c in r)), len(rows))
        heading = first.heading
        if cap_i is not None and cap_i < run[0] and blocks[cap_i].kind == "heading" and \
                " ".join(heading.split()) == caption:      # the caption stood as a heading ("Tabel 1"): the section's is above it
            heading = blocks[cap_i].heading
        tables.append(Table(tuple(tuple(r) for r in rows), tuple(spans), header, ref, caption, org, heading,
                            first.page, spans[0][0], spans[-1][1], lead))
    return tables


def _lead(doc: Document, before: int, cap_i: int | None) -> str:
    """The text right before a table: the paragraph, list item or heading above it; a stack of short
    heading lines with nothing between them ("Onderwerp: Nareizigers (aantal)" / "Geslacht: Totaal" /
    "Leeftijd: Totaal") is read whole, top to bottom."""
    blocks, text = doc.blocks, doc.text
    if before < 0 or before == cap_i or blocks[before].kind not in ("paragraph", "heading", "list_item"):
        return ""
    first = before
    while blocks[first].kind == "heading" and first - 1 >= 0 and first - 1 != cap_i and \
            blocks[first - 1].kind == "heading" and before - first < _MAX_STACK - 1 and \
            not text[blocks[first - 1].end:blocks[first].start].strip("\n ") and \
            text.count("\n", blocks[first - 1].end, blocks[first].start) == 1:
        first -= 1
    return " ".join(" ".join(text[blocks[k].start:blocks[k].end].split()) for k in range(first, before + 1))


_MAX_STACK = 4


def _source_org(caption: str) -> str:
    """'(Bron: KMar, Politie)' -> 'KMar, Politie'; '(Bron: DUO, peildatum 1 mei 2024)' -> 'DUO'."""
    m = table_rules()["source"].search(caption)
    if not m:
        return ""
    parts = [p.strip() for p in m.group("org").split(",")]
    keep = [parts[0]] + [p for p in parts[1:] if p[:1].isupper() and len(p.split()) <= 3 and not re.search(r"\d", p)]
    return ", ".join(keep)


def _continues(doc: Document, prev: int, nxt: int) -> bool:
    """Is block `nxt` a row of the same table as block `prev`? Yes when only blank text lies
    between them; across a page break also when what lies between is on the earlier page and is
    no caption (footnotes at the foot of the page), and the next page starts with the rows."""
    blocks = doc.blocks
    if nxt == prev + 1 and blocks[prev].page == blocks[nxt].page:
        return True
    if blocks[nxt].page != blocks[prev].page + 1:
        return False
    between = blocks[prev + 1:nxt]
    cap = table_rules()["caption"]
    if any(b.page != blocks[prev].page or cap.match(doc.text[b.start:b.end].lstrip()) for b in between):
        return False
    w1 = doc.text[blocks[prev].start:blocks[prev].end].count("\t")
    w2 = doc.text[blocks[nxt].start:blocks[nxt].end].count("\t")
    return w1 == w2 or not between


def _caption_index(doc: Document, run: list[int]) -> int | None:
    cap = table_rules()["caption"]
    blocks = doc.blocks
    for i in (run[-1] + 1, run[0] - 1):
        if 0 <= i < len(blocks) and blocks[i].kind != "table_row":
            if cap.match(doc.text[blocks[i].start:blocks[i].end].lstrip()):
                return i
    return None
