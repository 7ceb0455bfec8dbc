"""The layout of a table's body: how many leading columns are row labels (text, periods, a counting
column 1, 2, 3 ...), which of them hold periods (filled down), rows shifted right whose numbers start
inside the label columns, and change rows ("% verschil")."""
from __future__ import annotations

import re
from dataclasses import dataclass

from .table_cells import cell_kind, parse_value
from .table_model import Cell, Table
from .table_rules import table_rules


@dataclass
class Layout:
    header_rows: list[int]        # indexes of the header rows at the top
    label_cols: int               # leading row-label columns
    period_cols: set[int]         # label columns holding periods (filled down)
    rows: list[list[Cell]]        # rows after shifting misplaced rows


def layout(table: Table) -> Layout:
    rows = [list(r) for r in table.rows]
    kinds = [[cell_kind(c) for c in r] for r in rows]
    header = list(range(table.header_rows))
    body = [i for i in range(len(rows)) if i not in header and "value" in kinds[i] and not is_change_row(rows[i])]
    width = table.width
    label_cols = 0
    counting = bool(body) and (_counting_column([rows[i][0] for i in body]) or _label_header(rows, header, 0))
    for c in range(width):
        vals = [kinds[i][c] for i in body]
        if not vals:
            break
        n_value = vals.count("value")
        if c == 0 and counting:
            label_cols = 1
            continue
        if n_value * 2 >= len(vals) or (c == label_cols and n_value and _is_data_column(rows, header, c)):
            break
        label_cols = c + 1
    label_cols = min(label_cols, max(width - 1, 0))
    # a row whose numbers start inside the label columns and that ends in empty cells: shift it right
    for i in body:
        r = rows[i]
        first = next((c for c in range(1 if counting else 0, width) if kinds[i][c] == "value"), None)
        if first is None or first >= label_cols:
            continue
        trailing = 0
        while trailing < width and not r[width - 1 - trailing].text:
            trailing += 1
        k = min(trailing, label_cols - first)
        if k:
            pad = [Cell("", r[first].start, r[first].start)] * k
            rows[i] = r[:first] + pad + r[first:width - k]
    period_cols = set()
    for c in range(label_cols):
        ks = [cell_kind(rows[i][c]) for i in body if rows[i][c].text]
        if ks and all(k == "period" for k in ks):
            period_cols.add(c)
    return Layout(header, label_cols, period_cols, rows)


def _is_data_column(rows, header, c) -> bool:
    """A column with a header of its own (not a corner label over the row labels)."""
    return any(rows[i][c].text for i in header) and c > 0


def _counting_column(cells: list[Cell]) -> bool:
    """1, 2, 3 ... (row labels that count, e.g. 'Aantal verhuisbewegingen'), a totals row allowed; or week numbers
    33, 34, 35, 36* (consecutive, a provisional mark allowed)."""
    nums = [c.text.rstrip("*") for c in cells if c.text]
    if len(nums) < 3 or not all(n.isdigit() for n in nums):
        return False
    return nums == [str(k) for k in range(1, len(nums) + 1)] or nums == [str(k) for k in range(int(nums[0]), int(nums[0]) + len(nums))]


def _label_header(rows, header, c) -> bool:
    """A column headed as row labels that are numbers: "Week", "Weeknummer", "Nr." """
    return any(_LABEL_HEAD.fullmatch(rows[i][c].text.strip()) for i in header if c < len(rows[i]))


_LABEL_HEAD = re.compile(r"(?i)week(?:nummer|nr\.?)?|nr\.?|volgnummer")


def is_change_row(row: list[Cell]) -> bool:
    return any(table_rules()["change"].search(c.text) for c in row[:3] if c.text and not parse_value(c))
