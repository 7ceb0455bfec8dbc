"""A document's rows as the review shows them: each with its uid, its findings, its review status
and the value its figure publishes.

A row's uid is its row_id, with "~2" after a second row of the same id (one span read with two
periods), so every row is reachable. A finding belongs to the row pipeline.publish.findings.RowIndex
matches it to. The value a row's figure publishes is pipeline.publish.series.value_published over every
edition of the figure, the value series.csv publishes: the latest edition's value or correction, or
when that is rejected the latest edition before it that was not.
"""
from __future__ import annotations

from ..keys import field, row_id
from .documents import ReviewDoc
from ..publish.series import edition_order, figure_of, first_rows, value_published
from .status import SEVERITY_RANK, row_status


def with_uids(records: list[dict]) -> list[dict]:
    """The rows (dicts) with their `uid` (see the module); what findings and diffs are matched
    against (no review state, which itself needs the findings)."""
    seen: dict[str, int] = {}
    for r in records:
        rid = row_id(r)
        n = seen.get(rid, 0)
        seen[rid] = n + 1
        r["uid"] = rid if n == 0 else f"{rid}~{n + 1}"
    return records


def match_findings(table: list[dict], shown: list[ReviewDoc], index_of) -> list[dict]:
    """The findings (rows of findings.csv) of the shown documents, each with `fid`, `doc` and the
    `uid` of its row ("" when it is about the document, or no row has its span or key);
    `index_of(doc)`: the RowIndex of a document's rows."""
    by_source, by_id = {d.source: d for d in shown}, {d.doc_id: d for d in shown}
    out = []
    for i, x in enumerate(table):
        # the finding's document: its source where the table names one, else its doc_id
        d = by_source.get(x["source"]) if x.get("source") else by_id.get(x.get("doc_id", ""))
        if d is None:
            continue
        row = index_of(d).match(x)
        x.update(fid=f"f{i}", doc=d.name, uid=row["uid"] if row else "")
        out.append(x)
    return out


def group_by_row(findings: list[dict]) -> dict[str, list[dict]]:
    """{uid: the findings about that row}."""
    out: dict[str, list[dict]] = {}
    for x in findings:
        if x["uid"]:
            out.setdefault(x["uid"], []).append(x)
    return out


class Editions:
    """Every document's figures with the row that stands for each (series.first_rows) and its review
    state, in edition order: what a row's published value looks back on."""

    def __init__(self, tables: list[list[dict]]):
        """`tables`: each document's rows as dicts with their review columns (decisions.state_of)."""
        self.by_figure: dict[tuple, list[dict]] = {}
        for rows in tables:
            for (_, figure), i in first_rows(rows).items():
                self.by_figure.setdefault(figure, []).append(rows[i])
        for chain in self.by_figure.values():
            chain.sort(key=edition_order)

    @classmethod
    def of_figures(cls, figures: list[tuple[tuple, dict]]) -> "Editions":
        """From (figure_of, row with its review columns) of the rows that stand for their figure in
        their document (series.first_rows), already found."""
        out = cls([])
        for figure, r in figures:
            out.by_figure.setdefault(figure, []).append(r)
        for chain in out.by_figure.values():
            chain.sort(key=edition_order)
        return out

    def chain(self, row: dict) -> list[dict]:
        """The editions of a row's figure (the row standing for it in each document), in edition order:
        what its series publishes from; a row without a metric is in no series: itself alone."""
        return (self.by_figure.get(figure_of(row)) or [row]) if field(row, "metric") else [row]

    def published(self, row: dict) -> tuple[float | None, dict | None]:
        """(the value a row's figure publishes, the row it comes from): series.value_published over
        every edition of the figure, as series.csv publishes it (a row without a metric: its own
        correction or value, nothing when rejected)."""
        return value_published([(r, r) for r in self.chain(row)])

    def previous(self, row: dict) -> dict | None:
        """The latest row of the figure from an earlier edition than the row's own (None: none)."""
        own = edition_order(row)
        earlier = [r for r in self.chain(row) if edition_order(r) < own and r["source"] != row["source"]]
        return earlier[-1] if earlier else None


def review_frame(reviewed, by_uid: dict[str, list[dict]], editions: Editions, records: list[dict]):
    """A document's rows with their uid and review columns (`reviewed`; the same as dicts: `records`)
    plus `severity` (the worst finding), `n_findings`, `status` and `value_published`."""
    f = reviewed.copy()
    f["severity"] = [max((x["severity"] for x in by_uid.get(u, ())), key=SEVERITY_RANK.get, default="")
                     for u in f["uid"]]
    f["n_findings"] = [len(by_uid.get(u, ())) for u in f["uid"]]
    f["status"] = [row_status(m, rs, s) for m, rs, s in zip(f["metric"], f["review_status"], f["severity"])]
    f["value_published"] = [editions.published(r)[0] for r in records]
    return f
