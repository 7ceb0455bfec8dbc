"""Every document's rows under the decisions file: which row each decision applies to
(pipeline.publish.matching), each row's review columns, its decisions, and the editions of every
figure with their review state (rows.Editions, what a row's published value is made of). `Rows`
indexes the rows once per version of the tables; a `ReviewState` is made from it and the decisions
in one pass over them, once per version of the decisions file.
"""
from __future__ import annotations

from ..publish.matching import Targets, by_row, current_of, state_of
from ..publish.series import figure_of, first_rows
from .rows import Editions


class Rows:
    """Every document's rows (with uid) in one list, indexed for the decisions (matching.Targets)."""

    def __init__(self, documents: list, rows_of):
        """`rows_of(doc)`: the document's rows as dicts with their uid (Workspace._uid_rows)."""
        self.rows: list[dict] = []
        self.where: list[tuple] = []          # global index -> (document, index in its rows)
        self.offset: dict[str, int] = {}
        self.count: dict[str, int] = {}
        self.figures: list[tuple[tuple, int]] = []     # (figure_of, global index) of the rows standing for one
        for d in documents:
            rows = rows_of(d)
            self.offset[d.name], self.count[d.name] = len(self.rows), len(rows)
            self.figures += [(figure, self.offset[d.name] + i) for (_, figure), i in first_rows(rows).items()]
            self.rows.extend(rows)
            self.where.extend((d, i) for i in range(len(rows)))
        self.targets = Targets(self.rows, {d.source for d in documents})

    def index(self, d, i: int) -> int:
        return self.offset[d.name] + i

    def span(self, d) -> range:
        """The global indexes of a document's rows."""
        return range(self.offset[d.name], self.offset[d.name] + self.count[d.name])


class ReviewState:
    """The rows of `Rows` under a list of decisions (see the module)."""

    def __init__(self, rows: Rows, decisions: list):
        self.rows, self.decisions = rows, decisions
        self.placed = rows.targets.place(decisions)          # index in decisions -> global row index
        self.current = current_of(decisions, self.placed)    # global row index -> its decision
        self.history = by_row(self.placed)                    # global row index -> its decisions' indexes
        self.editions = Editions.of_figures([(figure, self.record(g)) for figure, g in rows.figures])

    def record(self, g: int) -> dict:
        """A row (global index) with its review columns."""
        r = self.rows.rows[g]
        return {**r, **state_of(r, self.current.get(g))}

    def records(self, d) -> list[dict]:
        """A document's rows with their review columns."""
        return [self.record(g) for g in self.rows.span(d)]

    def decisions_of(self, d, i: int) -> list:
        """The decisions on a document's row, in file order."""
        return [self.decisions[n] for n in self.history.get(self.rows.index(d, i), ())]

    def placed_rows(self) -> dict[int, tuple]:
        """{index in decisions: (document, row dict)} of the decisions that apply to a row."""
        return {n: (self.rows.where[g][0], self.rows.rows[g]) for n, g in self.placed.items()}

    def states(self, d) -> list[dict]:
        """The review columns of a document's rows (matching.state_of)."""
        rows, current = self.rows.rows, self.current
        return [state_of(rows[g], current.get(g)) for g in self.rows.span(d)]
