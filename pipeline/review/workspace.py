"""What the review views show, loaded from an extracted/ folder and a decisions file.

A `Workspace` knows the documents (one per extraction table extracted/<name>.csv), their texts
(read once, again only when the file changes), their rows with a review status, the findings of
each row, what the last run changed (extracted/changes.csv), what changed since the previous
edition, and the published series. Every cached piece is keyed by the signatures (mtime, size) of
the files it was made from, so a rerun of `make run` or a decision is seen at the next request.

A row's status, in the order it wins:
  rereview  a decision was made on another value than the document now gives
  reviewed  accepted, corrected or rejected
  finding   an error or warning finding on the number
  core      a core metric
  other     no metric (a real number the vocabulary does not classify)
"""
from __future__ import annotations

import json

import math
import threading
from dataclasses import dataclass
from pathlib import Path

from ..paths import project_dir
from ..values import value_text
from .highlight import Mark, Words, render_text
from ..keys import field, number, row_id

STATUSES = ("core", "other", "finding", "reviewed", "rereview")
STATUS_LABELS = {
    "core": "core metric",
    "other": "other number (no metric)",
    "finding": "has an error or warning finding",
    "reviewed": "reviewed (accepted, corrected or rejected)",
    "rereview": "re-review: the number changed since its decision",
}
SEVERITY_RANK = {"error": 3, "warning": 2, "info": 1, "": 0}
# the review status of a row as the lists filter it ("" in the decisions' columns)
REVIEW_FILTER = ("unreviewed", "accepted", "corrected", "rejected", "re-review")
ROW_FIELDS = ("metric", "label", "value", "unit", "qualifier", "nationality", "category", "period_start",
              "period_end", "period_kind", "page", "char_start", "char_end", "quote", "rule_id", "explanation",
              "explanation_record", "table", "table_caption", "source_org", "edition", "source", "doc_id")


class WorkspaceError(Exception):
    """What the review cannot show: one line naming the folder or file and why."""


@dataclass(frozen=True)
class ReviewDoc:
    """One document under review: its extraction table and its source file."""
    name: str              # extracted/<name>.csv
    table: Path            # that table
    source: str            # as the rows name it ("raw/staat-van-migratie-2024.md"), "" when it has none
    path: Path | None      # the source file on disk (None: not found)
    doc_id: str
    edition: str
    fmt: str               # pdf | md | txt (by the file's suffix)


@dataclass(frozen=True)
class DocText:
    """The text the spans index into, and whether it is still the text the rows were made from."""
    text: str
    page_starts: tuple[int, ...]
    problem: str = ""      # why the text cannot be shown, or is not the extracted one ("" when fine)
    document: object = None   # the pipeline.model.Document read (None when it could not be read)


def signature(path: Path | None) -> tuple:
    try:
        st = Path(path).stat()
    except (OSError, TypeError):
        return (str(path), None)
    return (str(path), st.st_mtime_ns, st.st_size)


def _text(v) -> str:
    return "" if v is None or (isinstance(v, float) and math.isnan(v)) else str(v)


def _num(v):
    """A value for JSON: a float, an int when whole, None when missing."""
    f = number(v)
    if f is None:
        return None
    return int(f) if f.is_integer() else f


class Workspace:
    """The views' data (documents, rows, findings, diffs, series), cached by file signatures."""

    def __init__(self, extracted_dir: str | Path, decisions_path: str | Path | None = None,
                 docs: list[str] | None = None, root: Path | None = None):
        from .decisions import decisions_path as resolve
        self.extracted_dir = Path(extracted_dir)
        self.decisions_path = resolve(decisions_path)
        self.root = Path(root) if root is not None else project_dir()      # where raw/ is
        self.wanted = tuple(docs or ())
        self._cache: dict[str, tuple[tuple, object]] = {}
        self._lock = threading.RLock()
        if not self.extracted_dir.is_dir():
            raise WorkspaceError(f"{self.extracted_dir}: no extracted/ folder; run `make run` first")
        if not self.all_documents():
            raise WorkspaceError(f"{self.extracted_dir}: no extraction tables; run `make run` first")
        missing = [w for w in self.wanted if not any(self._names(d, w) for d in self.all_documents())]
        if missing:
            raise WorkspaceError(f"{self.extracted_dir}: no table of {', '.join(missing)} (there are: "
                                 f"{', '.join(d.name for d in self.all_documents())}); run `make run` on it first")

    # ---- caching ---------------------------------------------------------------------------

    def _cached(self, name: str, sig: tuple, make):
        with self._lock:
            hit = self._cache.get(name)
            if hit is not None and hit[0] == sig:
                return hit[1]
        value = make()
        with self._lock:
            self._cache[name] = (sig, value)
        return value

    def _tables(self) -> list[Path]:
        from .series import extraction_tables
        return extraction_tables(self.extracted_dir)

    def _tables_sig(self) -> tuple:
        return tuple(signature(p) for p in self._tables())

    def _findings_path(self) -> Path:
        return self.extracted_dir / "findings.csv"

    def _findings_sig(self) -> tuple:
        """What the findings and their rows depend on: the tables and findings.csv."""
        return self._tables_sig() + (signature(self._findings_path()),)

    def _state_sig(self) -> tuple:
        """Everything a row's status depends on: the tables, the findings, the decisions."""
        return self._findings_sig() + (signature(self.decisions_path),)

    # ---- documents -------------------------------------------------------------------------

    def all_documents(self) -> list[ReviewDoc]:
        return self._cached("documents", self._tables_sig(), self._read_documents)

    def documents(self) -> list[ReviewDoc]:
        """The documents shown: all, or those the DOC arguments name (a path, a source or a name)."""
        docs = self.all_documents()
        if not self.wanted:
            return docs
        return [d for d in docs if any(self._names(d, w) for w in self.wanted)]

    def _names(self, d: ReviewDoc, wanted: str) -> bool:
        w = Path(wanted)
        return wanted in (d.name, d.source, d.doc_id) or w.stem == d.name or w.name == d.table.name or (
            d.path is not None and w.exists() and w.resolve() == d.path.resolve())

    def _read_documents(self) -> list[ReviewDoc]:
        import pandas as pd
        out = []
        for p in self._tables():
            try:
                head = pd.read_csv(p, dtype=str, keep_default_na=False, nrows=1)
            except (pd.errors.EmptyDataError, pd.errors.ParserError, UnicodeDecodeError) as e:
                raise WorkspaceError(f"{p}: not an extraction table ({type(e).__name__})") from None
            if "doc_id" not in head.columns:
                continue
            first = head.iloc[0].to_dict() if len(head) else {}
            source = first.get("source", "")
            path = self._source_file(source, p.stem)
            doc_id = first.get("doc_id", "") or (_doc_id_of(path) if path else "")
            fmt = {".pdf": "pdf", ".md": "md", ".markdown": "md"}.get(path.suffix.lower(), "txt") if path else ""
            if path and source == "":
                from ..ingest import display_path
                source = display_path(path)
            out.append(ReviewDoc(p.stem, p, source, path, doc_id, first.get("edition", ""), fmt))
        return out

    def _source_file(self, source: str, name: str) -> Path | None:
        """The document a table was made from: its rows' source (relative to the repository), else a
        file of the table's name in raw/ (a table without rows names no source)."""
        if source:
            p = Path(source)
            for cand in (self.root / p, p) if not p.is_absolute() else (p,):
                if cand.is_file():
                    return cand
            return None
        found = sorted(q for q in (self.root / "raw").glob(f"{name}.*") if q.is_file())
        return found[0] if found else None

    def doc(self, key: str) -> ReviewDoc:
        for d in self.documents():
            if key in (d.name, d.doc_id):
                return d
        raise KeyError(key)

    # ---- texts -----------------------------------------------------------------------------

    def text(self, d: ReviewDoc) -> DocText:
        return self._cached(f"text:{d.name}", (signature(d.path), d.doc_id, d.edition), lambda: self._read_text(d))

    def _read_text(self, d: ReviewDoc) -> DocText:
        from ..errors import IngestError
        from ..ingest import read_document
        if d.path is None:
            return DocText("", (0,), f"{d.source or d.name}: the source document is not on disk")
        try:
            doc = read_document(d.path, d.edition or None)
        except IngestError as e:
            return DocText("", (0,), str(e))
        problem = "" if not d.doc_id or doc.doc_id == d.doc_id else (
            f"{d.source}: the file changed since it was extracted (doc_id {doc.doc_id}, the table has "
            f"{d.doc_id}); run `make run` again, the highlights may be off")
        return DocText(doc.text, doc.page_starts, problem, doc)

    # ---- rows ------------------------------------------------------------------------------

    def frame(self, d: ReviewDoc):
        """The document's rows with `uid` (row_id, made unique), the review columns of its decision,
        `status`, `severity` (worst finding) and `value_published`."""
        return self._cached(f"frame:{d.name}", self._state_sig(), lambda: self._make_frame(d))

    def raw_frame(self, d: ReviewDoc):
        from ..store import read_table
        return self._cached(f"raw:{d.name}", (signature(d.table),), lambda: read_table(d.table))

    def _make_frame(self, d: ReviewDoc):
        from .decisions import review_state
        f = self.raw_frame(d).copy()
        f["uid"] = [r["uid"] for r in self._uid_frame(d)]
        if not f.empty:
            f = f.join(review_state(f, self.decisions()))
        else:
            for c in ("review_status", "review_value", "review_note", "reviewed_by", "reviewed_at", "decision_id"):
                f[c] = []
        by_uid = self.findings_by_row()
        f["severity"] = [max((x["severity"] for x in by_uid.get(u, ())), key=SEVERITY_RANK.get, default="")
                         for u in f["uid"]]
        f["n_findings"] = [len(by_uid.get(u, ())) for u in f["uid"]]
        f["status"] = [row_status(m, rs, s) for m, rs, s in zip(f["metric"], f["review_status"], f["severity"])]
        f["value_published"] = [published(v, rs, rv) for v, rs, rv in zip(f["value"], f["review_status"],
                                                                             f["review_value"])]
        return f

    def decisions(self):
        from .decisions import load_decisions
        return self._cached("decisions", (signature(self.decisions_path),),
                            lambda: load_decisions(self.decisions_path))

    def find_row(self, uid: str) -> tuple[ReviewDoc, dict]:
        """(document, row as a dict) of a row id; KeyError when no shown document has it."""
        doc_id = uid.split(":", 1)[0]
        for d in self.documents():
            if d.doc_id != doc_id:
                continue
            f = self.frame(d)
            hit = f[f["uid"] == uid]
            if len(hit):
                return d, hit.iloc[0].to_dict()
        raise KeyError(uid)

    def marks(self, d: ReviewDoc) -> list[Mark]:
        """One mark per span, the status its rows give it together."""
        f = self.frame(d)
        spans: dict[tuple[int, int], list] = {}
        for r in f[["char_start", "char_end", "uid", "status", "page", "metric", "label", "value", "unit",
                    "nationality", "period_start", "period_end"]].itertuples(index=False):
            spans.setdefault((int(r.char_start), int(r.char_end)), []).append(r)
        out = []
        for (s, e), rs in spans.items():
            first = rs[0]
            title = (f"{first.metric or first.label} {first.nationality} {first.period_start}..{first.period_end}: "
                     f"{_fmt(first.value)} {first.unit}" + (f" (+{len(rs) - 1} more rows)" if len(rs) > 1 else ""))
            out.append(Mark(s, e, tuple(r.uid for r in rs), mark_status([r.status for r in rs]), int(first.page),
                            " ".join(title.split())))
        return out

    def decision_words(self, d: ReviewDoc) -> list[Words]:
        """The words that decided each row, from its explanation record (half-open spans of the text;
        none for a table written before the records)."""
        f = self.frame(d)
        if "explanation_record" not in f.columns:
            return []
        by_span: dict[tuple[int, int], list[str]] = {}
        for uid, rec in zip(f["uid"], f["explanation_record"]):
            for part in json.loads(rec) if isinstance(rec, str) and rec else ():
                for w in part.get("words", []) + part.get("row", []) + part.get("column", []):
                    by_span.setdefault((int(w["start"]), int(w["end"])), []).append(uid)
        return [Words(s, e, tuple(ids)) for (s, e), ids in sorted(by_span.items())]

    def document_html(self, d: ReviewDoc) -> str:
        """The document's text with its numbers marked (rendered once per state of its files)."""
        sig = self._state_sig() + (signature(d.path),)
        def make():
            t = self.text(d)
            return render_text(t.text, self.marks(d), t.page_starts, self.decision_words(d)) if t.text else ""
        return self._cached(f"html:{d.name}", sig, make)

    def counts(self, d: ReviewDoc) -> dict:
        f = self.frame(d)
        st = f["status"].value_counts()
        return {"rows": len(f), "core": int((f["metric"] != "").sum()), "errors": int((f["severity"] == "error").sum()),
                "warnings": int((f["severity"] == "warning").sum()), "reviewed": int(st.get("reviewed", 0)),
                "rereview": int(st.get("rereview", 0)),
                "doc_findings": sum(1 for x in self.findings() if x["doc"] == d.name)}

    # ---- one row in full -------------------------------------------------------------------

    def row_detail(self, uid: str) -> dict:
        """Everything the detail panel shows about a row: its fields, findings, decisions, series."""
        d, r = self.find_row(uid)
        return self._detail(d, r)

    def details(self, d: ReviewDoc) -> dict[str, dict]:
        """{uid: row_detail} of every row of a document (the static page embeds them)."""
        return {r["uid"]: self._detail(d, r) for r in self.frame(d).to_dict(orient="records")}

    def _detail(self, d: ReviewDoc, r: dict) -> dict:
        uid = r["uid"]
        history = [x for x in self.decisions() if x.matches(r)]
        return {
            "uid": uid, "doc": d.name, "fmt": d.fmt, "status": r["status"],
            "row": {c: (_num(r.get(c)) if c == "value" else (int(r[c]) if c in ("page", "char_start", "char_end")
                                                               else _text(r.get(c)))) for c in ROW_FIELDS},
            "review": {"status": _text(r["review_status"]), "value": _num(r["review_value"]),
                       "note": _text(r["review_note"]), "by": _text(r["reviewed_by"]), "at": _text(r["reviewed_at"])},
            "value_published": _num(r["value_published"]),
            "findings": [{k: x.get(k, "") for k in ("severity", "check", "message", "expected", "other_doc_id",
                                                    "other_source", "other_value")}
                         for x in self.findings_by_row().get(uid, ())],
            "decisions": [{"who": x.who, "when": x.when, "action": x.action, "old_value": _num(x.old_value),
                           "new_value": _num(x.new_value), "note": x.note} for x in history],
            "series": series_id(r) if r.get("metric") else "",
        }

    # ---- findings --------------------------------------------------------------------------

    def findings(self) -> list[dict]:
        """Every finding of a shown document, with `fid`, `doc` and the `uid` of its row ("" when it is
        about the document, or no row has its span or key)."""
        return self._cached("findings", self._findings_sig(), self._read_findings)

    def findings_by_row(self) -> dict[str, list[dict]]:
        def make():
            out: dict[str, list[dict]] = {}
            for x in self.findings():
                if x["uid"]:
                    out.setdefault(x["uid"], []).append(x)
            return out
        return self._cached("findings_by_row", self._findings_sig(), make)

    def _read_findings(self) -> list[dict]:
        import csv

        from .findings import read_findings
        path = self._findings_path()
        try:
            table = read_findings(path)
        except (UnicodeDecodeError, csv.Error) as e:
            raise WorkspaceError(f"{path}: not a findings table ({type(e).__name__})") from None
        shown = self.documents()
        by_source, by_id = {d.source: d for d in shown}, {d.doc_id: d for d in shown}
        out = []
        for i, x in enumerate(table):
            # the finding's document: its source where the table names one, else its doc_id
            d = by_source.get(x["source"]) if x.get("source") else by_id.get(x.get("doc_id", ""))
            if d is None:
                continue
            row = self._row_index(d).match(x)
            x.update(fid=f"f{i}", doc=d.name, uid=row["uid"] if row else "")
            out.append(x)
        return out

    def _uid_frame(self, d: ReviewDoc) -> list[dict]:
        """The document's rows as dicts with their `uid`: the row_id, with "~2" after a second row of
        the same id (one span read with two periods), so every row is reachable. What findings and
        diffs are matched against (no review state, which itself needs the findings)."""
        def make():
            seen: dict[str, int] = {}
            rows = []
            for r in self.raw_frame(d).to_dict(orient="records"):
                rid = row_id(r)
                n = seen.get(rid, 0)
                seen[rid] = n + 1
                r["uid"] = rid if n == 0 else f"{rid}~{n + 1}"
                rows.append(r)
            return rows
        return self._cached(f"uids:{d.name}", (signature(d.table),), make)

    def _row_index(self, d: ReviewDoc):
        """The document's rows (with their uid) indexed to find the row a finding or change is about."""
        from .findings import RowIndex
        return self._cached(f"index:{d.name}", (signature(d.table),), lambda: RowIndex(self._uid_frame(d)))

    # ---- changes ---------------------------------------------------------------------------

    def run_changes(self) -> list[dict]:
        """What the last run of each shown document changed in its table (extracted/changes.csv), each
        linked to its number where the number is still in the table."""
        import pandas as pd

        from ..names import CHANGES_FILE
        path = self.extracted_dir / CHANGES_FILE
        def make():
            if not path.exists():
                return []
            try:
                table = pd.read_csv(path, dtype=str, keep_default_na=False)
            except (pd.errors.EmptyDataError, pd.errors.ParserError, UnicodeDecodeError):
                raise WorkspaceError(f"{path}: not a changes table") from None
            by_source = {d.source: d for d in self.documents()}
            out = []
            for x in table.to_dict(orient="records"):
                d = by_source.get(x.get("document", ""))
                if d is None:
                    continue
                uid = self._span_uid(d, x.get("new_span", ""), x)
                out.append(_change(d, x, uid, "run"))
            return out
        return self._cached("run_changes", self._tables_sig() + (signature(path),), make)

    def edition_changes(self) -> list[dict]:
        """Every shown document against the previous edition of its report (pipeline.review.diff)."""
        from .diff import diff_frames, previous_edition
        def make():
            # the rows as dicts with their uid, converted once (not every table again for every document)
            tables = {d.source: self._uid_frame(d) for d in self.all_documents() if d.source}
            findings = self.findings()
            out = []
            for d in self.documents():
                mine = tables.get(d.source)
                if not mine:
                    continue
                prev = previous_edition(mine, tables)
                if prev is None:
                    continue
                own = [x for x in findings if x["doc"] == d.name]
                for r in diff_frames(tables[prev], mine, own):
                    out.append(_change(d, r.flat(), "" if r.new is None else r.new["uid"], prev))
            return out
        # what the diffs depend on: the tables and the findings (a decision changes none of them)
        return self._cached("edition_changes", self._findings_sig(), make)

    def _span_uid(self, d: ReviewDoc, span: str, key: dict) -> str:
        """The uid of the row of `d` with this span ("12-17") and, where several share it, this key
        ("" for a change without a new span: a removed number)."""
        s, _, e = span.partition("-")
        if not (s.isdigit() and e.isdigit()):
            return ""
        row = self._row_index(d).match({**key, "char_start": s, "char_end": e})
        return row["uid"] if row else ""

    # ---- series ----------------------------------------------------------------------------

    def series(self):
        """pipeline.review.series.build_series over the folder, with the decisions."""
        from .series import build_series
        return self._cached("series", self._state_sig(),
                            lambda: build_series(self.extracted_dir, self.decisions_path))

    # ---- decisions -------------------------------------------------------------------------

    def decide(self, uid: str, action: str, new_value=None, note: str = "", who: str | None = None):
        """Record a decision about a row (pipeline.review.decisions.record_decision). KeyError for an
        unknown row; DecisionError (a ValueError, one line) for a bad action or value."""
        from .decisions import record_decision
        d, r = self.find_row(uid)
        row = {c: r[c] for c in self.raw_frame(d).columns}
        return record_decision(row, action, new_value=new_value, note=note, who=who, path=self.decisions_path)


def _doc_id_of(path: Path) -> str:
    from ..errors import IngestError, read_bytes
    from ..ingest import doc_id_of
    try:
        return doc_id_of(read_bytes(path))
    except IngestError:
        return ""


def _fmt(v) -> str:
    """A value as written (pipeline.store.value_text): 2230, 33.33; "" when there is none."""
    return value_text(number(v))


def _change(d: ReviewDoc, x: dict, uid: str, against: str) -> dict:
    """One diff row for the lists: the diff's flat columns, its document, link and worst severity."""
    sev = max((s.split(":", 1)[0].strip() for s in _text(x.get("findings")).split(" | ") if s),
              key=lambda s: SEVERITY_RANK.get(s, 0), default="")
    return {**{k: _text(v) for k, v in x.items()}, "old_value": _fmt(x.get("old_value")),
            "new_value": _fmt(x.get("new_value")), "doc": d.name, "uid": uid, "against": against,
            "severity": sev if sev in SEVERITY_RANK else ""}


def row_status(metric: str, review_status: str, severity: str) -> str:
    if review_status == "re-review":
        return "rereview"
    if review_status:
        return "reviewed"
    if severity in ("error", "warning"):
        return "finding"
    return "core" if metric else "other"


def mark_status(statuses: list[str]) -> str:
    """One span's status from its rows': what still needs a look wins over what is done."""
    s = set(statuses)
    for st in ("rereview", "finding"):
        if st in s:
            return st
    for st in ("core", "other"):
        if st in s:
            return st
    return "reviewed"


def published(value, review_status: str, review_value) -> float | None:
    """The value a row publishes: the correction, nothing when rejected, else the value."""
    if review_status == "corrected":
        return number(review_value)
    if review_status == "rejected":
        return None
    return number(value)


def review_filter_status(review_status: str) -> str:
    return review_status or "unreviewed"


def series_id(row) -> str:
    """The chart a row belongs to: metric, nationality, category, unit and period kind."""
    parts = [_text(field(row, c)) or "-" for c in ("metric", "nationality", "category", "unit", "period_kind")]
    return "s-" + ".".join(p.replace(" ", "_") for p in parts)
