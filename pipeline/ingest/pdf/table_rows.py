"""A ruled table's cells and rows.

The cells of a ruled table are found by pdfplumber's table finder (the "lines" strategies:
cells are the smallest rectangles closed by rules that cross), fed with edges made from
the region's pdfium path boxes instead of a pdfminer parse of the page (~0.2 s a page):
with those strategies TableFinder only reads page.edges and page.bbox. Only pages with a
table region pay for it (and only they import pdfplumber). Two tables drawn one under
the other share corners and come from the finder as one: they are split again where the
column rules change. A char of a table line (footnote markers left out, as in prose)
belongs to the cell its box centre lies in; the chars of a cell, in text order, make its
text: one text line per printed line (and after a line-end hyphen pdfium joined), a
space where pdfium's text has whitespace between two of them; the lines are joined and
hyphenated wraps mended as in prose (in blocks.pdf_blocks, which knows the document's words). Each
row with any text then replaces the table's lines as one line, its cells joined by tabs
(a cell covered by a spanning neighbour is empty): the form the Markdown gives tables.
A line with a char outside every cell, a table of one column (no vertical rules inside)
and a region where the finder finds no table keep their lines, one block per line.
"""
from __future__ import annotations

import math
from collections import defaultdict

from .hyphens import SOFT_HYPHENS
from .lines import Line
from .table_regions import RULE_MAX_THICKNESS, Box
from .textpage import PageChars


_FINDER_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
_MAX_TABLE_PATHS = 2000  # a region drawn with more paths is not given to the finder (its cost grows fast)


class _EdgePage:
    """The two attributes of a pdfplumber page that its TableFinder reads with the "lines"
    strategies."""

    def __init__(self, edges: list[dict], bbox: tuple[float, float, float, float]):
        self.edges = edges
        self.bbox = bbox


def _edge(orientation: str, x0: float, top: float, x1: float, bottom: float, kind: str) -> dict:
    return {"object_type": kind, "orientation": orientation, "x0": x0, "x1": x1, "top": top,
            "bottom": bottom, "doctop": top, "width": x1 - x0, "height": bottom - top}


def _edges(boxes: list[Box], height: float) -> list[dict]:
    """pdfplumber edges (top-down y) of path boxes: a thin horizontal path is one "h" edge
    along its middle, a thin vertical one a "v" edge, anything else a rectangle's four sides
    (as pdfplumber's rect_to_edges)."""
    edges = []
    for l, b, r, t in boxes:
        if not all(map(math.isfinite, (l, b, r, t))):
            continue
        top, bottom = height - t, height - b
        if t - b <= RULE_MAX_THICKNESS and r - l >= t - b:
            y = (top + bottom) / 2
            edges.append(_edge("h", l, y, r, y, "line"))
        elif r - l <= RULE_MAX_THICKNESS:
            x = (l + r) / 2
            edges.append(_edge("v", x, top, x, bottom, "line"))
        else:
            edges += [_edge("h", l, top, r, top, "rect_edge"), _edge("h", l, bottom, r, bottom, "rect_edge"),
                      _edge("v", l, top, l, bottom, "rect_edge"), _edge("v", r, top, r, bottom, "rect_edge")]
    return edges


def table_rows(lines: list[Line], regions: list[tuple[Box, list[Box]]], text: str, chars: PageChars,
                width: float, height: float) -> list[Line]:
    """The page's lines with the lines of each ruled table replaced by its rows."""
    from pdfplumber.table import Table, TableFinder  # here: pages without tables never import it

    rows_at: dict[int, list[Line]] = {}  # index of a table's first line -> the table's rows
    gone: set[int] = set()
    for k, (_, boxes) in enumerate(regions):
        members = [i for i, line in enumerate(lines) if line.region == k]
        if not members or len(boxes) > _MAX_TABLE_PATHS:
            continue
        try:
            found = TableFinder(_EdgePage(_edges(boxes, height), (0, 0, width, height)), _FINDER_SETTINGS).tables
        except (ValueError, AssertionError, ArithmeticError):  # odd geometry: the lines stay lines
            continue
        for part in (part for table in found for part in _split_grids(table.cells)):
            if len({c[0] for c in part}) < 2:
                continue  # one column: no vertical rules inside: its lines stay lines
            table = Table(None, part)
            x0, top, x1, bottom = table.bbox
            inside = [i for i in members if i not in gone and top < height - lines[i].y_first < bottom
                      and top < height - lines[i].y_last < bottom and lines[i].x0 < x1 and lines[i].x1 > x0]
            if not inside:
                continue
            used, rows = _fill_cells(table, [lines[i] for i in inside], text, chars, height)
            used_at = [i for i, u in zip(inside, used) if u]
            if rows and used_at:
                rows_at[used_at[0]] = rows
                gone.update(used_at)
    out = []
    for i, line in enumerate(lines):
        if i in rows_at:
            out.extend(rows_at[i])
        if i not in gone:
            out.append(line)
    return out


def _split_grids(cells: list[tuple]) -> list[list[tuple]]:
    """Split the cells of one finder table where two tables drawn one under the other meet
    (they share corners, so the finder joins them): a run of rows ends at a row whose
    column boundaries neither contain nor are contained in those of the row above. (A
    spanning cell only leaves boundaries out: its row stays with its table.)"""
    rows: dict[float, list[tuple]] = defaultdict(list)
    for c in cells:
        rows[c[1]].append(c)
    parts: list[list[tuple]] = []
    prev: set[float] | None = None
    for top in sorted(rows):
        bounds = {c[0] for c in rows[top]} | {c[2] for c in rows[top]}
        if prev is None or not (bounds <= prev or prev <= bounds):
            parts.append([])
        parts[-1].extend(rows[top])
        prev = bounds
    return parts


def _fill_cells(table, lines: list[Line], text: str, chars: PageChars, height: float) -> tuple[list[bool], list[Line]]:
    """Put the chars of `lines` into the cells of a pdfplumber table; -> which lines went
    into cells, and the table's rows (those with any text) as lines. A line with a char
    outside every cell stays a line of its own."""
    cells = table.cells  # (x0, top, x1, bottom), top-down y
    got: dict[tuple, list[tuple[int, int]]] = defaultdict(list)  # cell -> (char index, line number)
    marks: dict[tuple, list[tuple[int, int, str]]] = defaultdict(list)  # cell -> (char index, line, digits)
    owner: dict[tuple, list[Line]] = defaultdict(list)
    used = []
    for k, line in enumerate(lines):
        # the cells this line can reach: those overlapping its height band
        size = max(line.size, 1.0)
        hi = height - line.y_first - 1.5 * size
        lo = height - line.y_last + 0.5 * size
        near = [c for c in cells if c[1] <= lo and c[3] >= hi]
        dropped = line.drop
        placed: list[tuple[tuple, int]] = []
        for a, b in line.spans:
            for i in range(a, b):
                if text[i].isspace() or (dropped and any(p <= i < q for p, q in dropped)):
                    continue
                cx, cy = chars.center(i)
                cy = height - cy
                for c in near:
                    if c[0] <= cx <= c[2] and c[1] <= cy <= c[3]:
                        placed.append((c, i))
                        break
                else:
                    placed = []
                    break
            else:
                continue
            break
        used.append(bool(placed))
        for c, i in placed:
            got[c].append((i, k))
            if not owner[c] or owner[c][-1] is not line:
                owner[c].append(line)
        if placed and dropped:
            for p, q in dropped:
                marks[_marker_cell(p, placed, near, chars, height)].append((p, k, text[p:q]))

    rows = []
    for row in table.rows:
        pieces = []
        row_marks = []
        row_lines: list[Line] = []
        for c in row.cells:
            if c is None or not got.get(c):
                pieces.append(())
                row_marks.append(())
                continue
            cell_text, cell_marks = _cell_pieces(sorted(got[c]), text, marks.get(c, ()))
            pieces.append(cell_text)
            row_marks.append(cell_marks)
            row_lines.extend(owner[c])
        if not row_lines:
            continue  # a row without text
        first = max(row_lines, key=lambda ln: ln.y_first)
        rows.append(Line(
            "\t".join(" ".join(p) for p in pieces), first.y_first, min(ln.y_last for ln in row_lines),
            first.size, first.bold, row.bbox[0], row.bbox[2], table=True, region=first.region,
            cells=tuple(pieces), cell_marks=tuple(row_marks)))
    return used, rows


def _marker_cell(p: int, placed: list[tuple[tuple, int]], near: list[tuple], chars: PageChars, height: float) -> tuple:
    """The cell of a dropped footnote marker at char index p: the one its box centre lies
    in, else the cell of the char before it on its line (else of the line's first char)."""
    cx, cy = chars.center(p)
    cy = height - cy
    for c in near:
        if c[0] <= cx <= c[2] and c[1] <= cy <= c[3]:
            return c
    before = [(i, c) for c, i in placed if i < p]
    return max(before)[1] if before else placed[0][0]


def _cell_pieces(chars: list[tuple[int, int]], text: str,
                 marks=()) -> tuple[tuple[str, ...], tuple[tuple[int, int, str], ...]]:
    """The text lines of one cell from its (char index, line number) pairs in text order: a
    new line where the chars come from another printed line, or go on after a line-end
    hyphen that pdfium joined to the next line itself ("Afgehan\ufffe" ... "deld"); else a
    space where pdfium's text has whitespace between two of them (other cells' text in
    between does not count). With the cell's dropped markers (char index, line number,
    digits): where each stood, as (text line index, position in that line, digits), right
    after the char before it."""
    pieces = []
    out_marks = []
    pending = sorted(marks)
    m = 0
    while m < len(pending) and pending[m][0] < chars[0][0]:
        out_marks.append((0, 0, pending[m][2]))
        m += 1
    cur = [text[chars[0][0]]]
    cur_len = 1
    for (prev, prev_line), (i, line) in zip(chars, chars[1:]):
        while m < len(pending) and pending[m][0] < i:
            out_marks.append((len(pieces), cur_len, pending[m][2]))
            m += 1
        if line != prev_line or (i > prev + 1 and text[prev] in SOFT_HYPHENS):
            pieces.append("".join(cur))
            cur = []
            cur_len = 0
        elif i > prev + 1 and any(ch.isspace() for ch in text[prev + 1 : i]):
            cur.append(" ")
            cur_len += 1
        cur.append(text[i])
        cur_len += 1
    while m < len(pending):
        out_marks.append((len(pieces), cur_len, pending[m][2]))
        m += 1
    pieces.append("".join(cur))
    return tuple(pieces), tuple(out_marks)
