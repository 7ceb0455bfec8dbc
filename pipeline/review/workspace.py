"""What the review views show, loaded from an extracted/ folder and a decisions file.

A `Workspace` knows the documents (one per extraction table extracted/<name>.csv; documents.py),
their texts (read once, again only when the file changes), their rows with a review status, the
findings of each row and the value it publishes (rows.py), the marks of the document view
(marks.py), a row in full (detail.py), what the last run changed and what changed since the previous
edition (changes.py), and the published series. Every cached piece is keyed by the signatures
(mtime, size) of the files it was made from (folder.py), so a rerun of `make run` or a decision is
seen at the next request. A row's status: status.py.
"""
from __future__ import annotations

import csv
import os
from pathlib import Path

import pandas as pd

from ..names import CHANGES_FILE, is_extraction_table
from ..paths import project_dir
from ..store import read_table
from . import changes, decision_log, detail, marks
from ..publish.decisions import (decisions_path as resolve_decisions, load_decisions, record_decision,
                                 record_decisions)
from ..publish.matching import REVIEW_COLUMNS, current_of, unmatched_line
from .documents import DocText, ReviewDoc, names, read_documents, read_text
from ..publish.findings import RowIndex, read_findings
from .folder import SignatureCache, WorkspaceError, signature
from .highlight import Mark, Words, render_text
from .review_state import ReviewState, Rows
from .rows import Editions, group_by_row, match_findings, review_frame, with_uids
from ..publish.series import build_series, extraction_tables


class Workspace:
    """The views' data (documents, rows, findings, diffs, series), cached by file signatures."""

    def __init__(self, extracted_dir: str | Path, decisions_path: str | Path | None = None,
                 docs: list[str] | None = None, root: Path | None = None):
        self.extracted_dir = Path(extracted_dir)
        self.decisions_path = resolve_decisions(decisions_path)
        self.root = Path(root) if root is not None else project_dir()      # where raw/ is
        self.wanted = tuple(docs or ())
        self._cache = SignatureCache()
        if not self.extracted_dir.is_dir():
            raise WorkspaceError(f"{self.extracted_dir}: no extracted/ folder; run `make run` first")
        if not self.all_documents():
            raise WorkspaceError(f"{self.extracted_dir}: no extraction tables; run `make run` first")
        missing = [w for w in self.wanted if not any(names(d, w) for d in self.all_documents())]
        if missing:
            raise WorkspaceError(f"{self.extracted_dir}: no table of {', '.join(missing)} (there are: "
                                 f"{', '.join(d.name for d in self.all_documents())}); run `make run` on it first")

    # ---- what each piece depends on --------------------------------------------------------

    def _tables_sig(self) -> tuple:
        """The extraction tables' signatures (folder.signature), one scan of the folder."""
        out = []
        with os.scandir(self.extracted_dir) as entries:
            for e in entries:
                if e.name.endswith(".csv") and is_extraction_table(e.name):
                    st = e.stat()
                    out.append((str(self.extracted_dir / e.name), st.st_mtime_ns, st.st_size))
        return tuple(sorted(out))

    def _findings_path(self) -> Path:
        return self.extracted_dir / "findings.csv"

    def _findings_sig(self) -> tuple:
        """What the findings and their rows depend on: the tables and findings.csv."""
        return self._tables_sig() + (signature(self._findings_path()),)

    def _state_sig(self) -> tuple:
        """Everything a row's status depends on: the tables, the findings, the decisions."""
        return self._findings_sig() + (signature(self.decisions_path),)

    # ---- documents and texts ---------------------------------------------------------------

    def all_documents(self) -> list[ReviewDoc]:
        return self._cache.get("documents", self._tables_sig(),
                               lambda: read_documents(extraction_tables(self.extracted_dir), self.root))

    def documents(self) -> list[ReviewDoc]:
        """The documents shown: all, or those the DOC arguments name (a path, a source or a name)."""
        docs = self.all_documents()
        if not self.wanted:
            return docs
        return [d for d in docs if any(names(d, w) for w in self.wanted)]

    def doc(self, key: str) -> ReviewDoc:
        for d in self.documents():
            if key in (d.name, d.doc_id):
                return d
        raise KeyError(key)

    def text(self, d: ReviewDoc) -> DocText:
        return self._cache.get(f"text:{d.name}", (signature(d.path), d.doc_id, d.edition), lambda: read_text(d))

    # ---- rows ------------------------------------------------------------------------------

    def raw_frame(self, d: ReviewDoc):
        return self._cache.get(f"raw:{d.name}", (signature(d.table),), lambda: read_table(d.table))

    def _uid_rows(self, d: ReviewDoc) -> list[dict]:
        """The document's rows as dicts with their `uid` (rows.with_uids)."""
        return self._cache.get(f"uids:{d.name}", (signature(d.table),),
                               lambda: with_uids(self.raw_frame(d).to_dict(orient="records")))

    def _row_index(self, d: ReviewDoc) -> RowIndex:
        """The document's rows (with their uid) indexed to find the row a finding or change is about."""
        return self._cache.get(f"index:{d.name}", (signature(d.table),), lambda: RowIndex(self._uid_rows(d)))

    def decisions(self):
        """Every decision of the file that can be read (with `problems`: publish.decisions.Decisions)."""
        return self._cache.get("decisions", (signature(self.decisions_path),),
                               lambda: load_decisions(self.decisions_path))

    def decision_problems(self) -> list[str]:
        """One line per line of the decisions file that is not a decision (the others apply), and one
        for the decisions that match no document here (matching.unmatched_line)."""
        def make():
            lost = unmatched_line(self.decisions(), {(d.source, d.doc_id) for d in self.all_documents()},
                                  self.decisions_path)
            return list(self.decisions().problems) + ([lost] if lost else [])
        return self._cache.get("problems", self._tables_sig() + (signature(self.decisions_path),), make)

    def _rows(self) -> Rows:
        """Every document's rows indexed for the decisions (review_state.Rows)."""
        return self._cache.get("rows", self._tables_sig(), lambda: Rows(self.all_documents(), self._uid_rows))

    def _state(self) -> ReviewState:
        """Every row under the decisions (review_state.ReviewState)."""
        return self._cache.get("state", self._tables_sig() + (signature(self.decisions_path),),
                               lambda: ReviewState(self._rows(), self.decisions()))

    def _reviewed(self, d: ReviewDoc):
        """The document's rows with `uid` and the review columns of their decisions."""
        def make():
            f = self.raw_frame(d).copy()
            f["uid"] = [r["uid"] for r in self._uid_rows(d)]
            states = pd.DataFrame(self._state().states(d), index=f.index, columns=list(REVIEW_COLUMNS))
            states["review_value"] = states["review_value"].astype("float64")
            return f.join(states)
        return self._cache.get(f"reviewed:{d.name}", self._tables_sig() + (signature(self.decisions_path),), make)

    def _editions(self) -> Editions:
        """Every document's reviewed rows by figure: what a row's published value looks back on."""
        return self._state().editions

    def frame(self, d: ReviewDoc):
        """The document's rows with `uid` (row_id, made unique), the review columns of its decision,
        `status`, `severity` (worst finding) and `value_published` (rows.review_frame)."""
        return self._cache.get(f"frame:{d.name}", self._state_sig(), lambda: review_frame(
            self._reviewed(d), self.findings_by_row(), self._editions(), self._state().records(d)))

    def find_row(self, uid: str) -> tuple[ReviewDoc, dict]:
        """(document, row as a dict) of a row id; KeyError when no shown document has it."""
        d, i = self._uid_index()[uid]
        return d, self.frame(d).iloc[i].to_dict()

    def counts(self, d: ReviewDoc) -> dict:
        f = self.frame(d)
        st = f["status"].value_counts()
        return {"rows": len(f), "core": int((f["metric"] != "").sum()), "errors": int((f["severity"] == "error").sum()),
                "warnings": int((f["severity"] == "warning").sum()), "reviewed": int(st.get("reviewed", 0)),
                "rereview": int(st.get("rereview", 0)),
                "doc_findings": sum(1 for x in self.findings() if x["doc"] == d.name)}

    # ---- the document view and one row in full ---------------------------------------------

    def marks(self, d: ReviewDoc) -> list[Mark]:
        """One mark per span, the status its rows give it together."""
        return marks.marks(self.frame(d))

    def decision_words(self, d: ReviewDoc) -> list[Words]:
        """The words that decided each row (marks.decision_words)."""
        return marks.decision_words(self.frame(d))

    def document_html(self, d: ReviewDoc) -> str:
        """The document's text with its numbers marked (rendered once per state of its files)."""
        sig = self._state_sig() + (signature(d.path),)
        def make():
            t = self.text(d)
            return render_text(t.text, self.marks(d), t.page_starts, self.decision_words(d)) if t.text else ""
        return self._cache.get(f"html:{d.name}", sig, make)

    def row_detail(self, uid: str) -> dict:
        """Everything the detail panel shows about a row: its fields, findings, decisions, series."""
        d, r = self.find_row(uid)
        f = self.frame(d)
        same = f[(f["char_start"] == r["char_start"]) & (f["char_end"] == r["char_end"])]
        return self._details_of(d, [r], {(r["char_start"], r["char_end"]): list(zip(same["uid"], same["status"]))})[uid]

    def details(self, d: ReviewDoc) -> dict[str, dict]:
        """{uid: row_detail} of every row of a document (the static page embeds them): the rows of each
        span gathered in one pass over the frame, not a filter of the whole frame per row (the 1 500 rows
        of the Staat van Migratie took 6 s)."""
        f = self.frame(d)
        at_span: dict[tuple, list] = {}
        for uid, status, start, end in zip(f["uid"], f["status"], f["char_start"], f["char_end"]):
            at_span.setdefault((start, end), []).append((uid, status))
        return self._details_of(d, f.to_dict(orient="records"), at_span)

    def _details_of(self, d: ReviewDoc, rows: list[dict], at_span: dict[tuple, list]) -> dict[str, dict]:
        """{uid: detail} of some rows of a document; `at_span`: {(char_start, char_end): (uid, status) of
        every row of that span, in frame order}. The findings, decisions and editions looked up once."""
        by_row, history, editions = self.findings_by_row(), self._history(d), self._editions()
        return {r["uid"]: detail.row_detail(d, r, by_row.get(r["uid"], ()), history.get(r["uid"], []), editions,
                                            [(u, s) for u, s in at_span[(r["char_start"], r["char_end"])] if u != r["uid"]])
                for r in rows}

    def _history(self, d: ReviewDoc) -> dict[str, list]:
        """{uid: the decisions on that row, in file order} of a document."""
        def make():
            st, rows = self._state(), self._uid_rows(d)
            return {r["uid"]: st.decisions_of(d, i) for i, r in enumerate(rows) if st.decisions_of(d, i)}
        return self._cache.get(f"history:{d.name}", self._tables_sig() + (signature(self.decisions_path),), make)

    # ---- findings --------------------------------------------------------------------------

    def findings(self) -> list[dict]:
        """Every finding of a shown document, with `fid`, `doc` and the `uid` of its row ("" when it is
        about the document, or no row has its span or key)."""
        def make():
            path = self._findings_path()
            try:
                table = read_findings(path)
            except (UnicodeDecodeError, csv.Error) as e:
                raise WorkspaceError(f"{path}: not a findings table ({type(e).__name__})") from None
            return match_findings(table, self.documents(), self._row_index)
        return self._cache.get("findings", self._findings_sig(), make)

    def findings_by_row(self) -> dict[str, list[dict]]:
        return self._cache.get("findings_by_row", self._findings_sig(), lambda: group_by_row(self.findings()))

    # ---- changes ---------------------------------------------------------------------------

    def run_changes(self) -> list[dict]:
        """What the last run of each shown document changed in its table (extracted/changes.csv), each
        linked to its number where the number is still in the table."""
        path = self.extracted_dir / CHANGES_FILE
        return self._cache.get("run_changes", self._tables_sig() + (signature(path),),
                               lambda: changes.run_changes(path, self.documents(), self._row_index))

    def edition_changes(self) -> list[dict]:
        """Every shown document against the previous edition of its report (pipeline.publish.diff)."""
        def make():
            # the rows as dicts with their uid, converted once (not every table again for every document)
            tables = {d.source: self._uid_rows(d) for d in self.all_documents() if d.source}
            return changes.edition_changes(self.documents(), tables, self.findings())
        # what the diffs depend on: the tables and the findings (a decision changes none of them)
        return self._cache.get("edition_changes", self._findings_sig(), make)

    # ---- series and decisions --------------------------------------------------------------

    def series(self):
        """pipeline.publish.series.build_series over the folder, with the decisions."""
        return self._cache.get("series", self._state_sig(), lambda: build_series(self.extracted_dir, self.decisions_path))

    def _uid_index(self) -> dict[str, tuple[ReviewDoc, int]]:
        """{uid: (document, index of its row)} of the shown documents."""
        def make():
            return {r["uid"]: (d, i) for d in self.documents() for i, r in enumerate(self._uid_rows(d))}
        return self._cache.get("uid_index", self._tables_sig(), make)

    def decide(self, uid: str, action: str, new_value=None, note: str = "", who: str | None = None,
               expected: str | None = None):
        """Record a decision about a row (pipeline.publish.decisions.record_decision); `expected`: the
        decision id the reviewer last saw on it ("" none, None: not checked). KeyError for an unknown
        row; DecisionError (a ValueError, one line) for a bad action or value, StaleDecision when the
        row's decision is not `expected`."""
        d, i = self._uid_index()[uid]
        every = self._rows()
        g = every.index(d, i)
        return record_decision(every.rows[g], action, new_value=new_value, note=note, who=who, path=self.decisions_path,
                               expected=expected, current_of=lambda ds: current_of(ds, every.targets.place(ds)).get(g))

    def decide_many(self, uids: list[str], action: str, note: str = "", who: str | None = None) -> list:
        """The same decision (accept or reject) on many rows, in one locked write; KeyError (the first
        unknown row) before anything is written."""
        index = self._uid_index()
        rows = [self._uid_rows(d)[i] for d, i in (index[u] for u in uids)]
        return record_decisions(rows, action, note=note, who=who, path=self.decisions_path)

    def bulk_rows(self, doc: str, metric: str | None = None) -> list[str]:
        """The rows of a document (and metric: "-" for rows without one) that have neither an error or
        warning finding nor a decision: what a bulk accept takes."""
        f = self.frame(self.doc(doc))
        keep = f["status"].isin(("core", "other"))
        if metric:
            keep &= f["metric"] == ("" if metric == "-" else metric)
        return list(f.loc[keep, "uid"])

    def decision_log(self) -> list[dict]:
        """Every decision, newest first, with the row it applies to now (decision_log.entries)."""
        def make():
            return decision_log.entries(self.decisions(), self._state().placed_rows(), self.all_documents())
        return self._cache.get("decision_log", self._tables_sig() + (signature(self.decisions_path),), make)
