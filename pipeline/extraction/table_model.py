"""The records a table is read into: a cell with its span in Document.text, a table (its rows padded
to one width, header rows, caption, source organisation, heading, page, span, lead) and a number of a
table passed over with the reason."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Cell:
    text: str       # whitespace collapsed
    start: int      # [start, end) of the cell's text in Document.text (start == end: empty cell)
    end: int


@dataclass(frozen=True)
class Table:
    rows: tuple[tuple[Cell, ...], ...]   # every row padded to the table's width
    row_spans: tuple[tuple[int, int], ...]   # [start, end) of each row's line in Document.text
    header_rows: int   # rows at the top that hold no figure (column headers); the rest is the body
    ref: str           # "Figuur 51" (empty when the table has no caption)
    caption: str
    source_org: str    # "IND"
    heading: str
    page: int          # page of the first row
    start: int
    end: int
    lead: str = ""     # the paragraph or heading right before the table (what it is about, without a caption)

    @functools.cached_property
    def label_words(self) -> str:
        """The words of the table's own cells (labels and headers, no figures): what a table without a
        caption says it counts (built once per table)."""
        return " ".join(c.text for r in self.rows for c in r if c.text and _LETTER.search(c.text))

    @property
    def width(self) -> int:
        return len(self.rows[0]) if self.rows else 0


@dataclass(frozen=True)
class SkippedCell:
    start: int
    end: int
    surface: str
    reason: str


_LETTER = re.compile(r"[^\W\d_]{2}")
