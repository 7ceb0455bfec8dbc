"""A document's rows as the review shows them: each with its uid, its findings, its review status
and the value it publishes.

A row's uid is its row_id, with "~2" after a second row of the same id (one span read with two
periods), so every row is reachable. A finding belongs to the row pipeline.publish.findings.RowIndex
matches it to. The value a row publishes is pipeline.publish.series.value_published over the editions
of its figure up to the row's own, as the published series computes it: a correction, or for a
rejected row the latest earlier edition that was not rejected.
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

    def published(self, row: dict) -> float | None:
        """The value a row (with its review columns) publishes: series.value_published over the
        editions of its figure before the row's own, then the row (a row without a metric is in no
        series: its own correction or value, nothing when rejected)."""
        earlier = []
        if field(row, "metric"):
            own = edition_order(row)
            earlier = [r for r in self.by_figure.get(figure_of(row), ()) if edition_order(r) < own]
        return value_published([(r, r) for r in earlier] + [(row, row)])[0]


def review_frame(reviewed, by_uid: dict[str, list[dict]], editions: Editions):
    """A document's rows with their uid and review columns (`reviewed`) plus `severity` (the worst
    finding), `n_findings`, `status` and `value_published`."""
    f = reviewed.copy()
    f["severity"] = [max((x["severity"] for x in by_uid.get(u, ())), key=SEVERITY_RANK.get, default="")
                     for u in f["uid"]]
    f["n_findings"] = [len(by_uid.get(u, ())) for u in f["uid"]]
    f["status"] = [row_status(m, rs, s) for m, rs, s in zip(f["metric"], f["review_status"], f["severity"])]
    f["value_published"] = [editions.published(r) for r in reviewed.to_dict(orient="records")]
    return f
