"""A run that would change nothing does nothing: the run stamp.

Every run that publishes writes <out_dir>/.run-stamp.json with it: what its outputs were made from
(the code and rules, the review decisions, the documents in the folder and this run's documents, the
edition given) and the sha256 of every output derived from all documents together (findings, series,
Parquet, changes, coverage), with what a report needs of each document and of the run (rows, coverage,
the document warnings, the series summary; the findings it reads from findings.csv). A later run over the same documents, all unchanged
(`plan.reuse`), with the same inputs, the outputs still as the stamp says and no rows in changes.csv,
writes what is there already: `unchanged_run` gives its results and summary from the stamp instead of
reading every table, validating and rebuilding the series (what made an unchanged run over 400 documents
cost seconds). Anything else, or any doubt, runs in full.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ...extraction.coverage import Coverage
from ...paths import decisions_path
from ...results import DocResult
from ...publish.findings import read_findings
from ...store import file_identity, write_bytes
from ...validate import DOCUMENT_WARNINGS, Finding
from .manifest import code_digest, file_sha256
from .run_summary import findings_summary

STAMP = ".run-stamp.json"
DERIVED = ("findings.csv", "series.csv", "series.parquet", "observations.parquet", "changes.csv", "coverage.csv")
# what the summary of a run that changes nothing takes from the stamp; its findings it reads from
# findings.csv (run_summary): the stamp does not hold every error and warning of the folder a second time
SUMMARY_KEYS = ("series_summary", "combined_rows", "decision_warnings")


def read_stamp(out_dir: str | Path) -> dict | None:
    """The stamp in `out_dir` (None: none, or not readable), parsed once per version of the file (a
    run looks at it several times; the staging folder's hard link to it is the same file)."""
    path = Path(out_dir) / STAMP
    key = file_identity(path)
    if key is None:
        return None
    if _READ.get("key") != key:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        _READ.update(key=key, data=data if isinstance(data, dict) else None)
    return _READ["data"]


_READ: dict = {}      # the last stamp read (read_stamp)


def decisions_digest(decisions: Path | None = None) -> str:
    """The review decisions a run's series was made with ("": none)."""
    path = decisions_path(decisions)
    return file_sha256(path) if path.is_file() else ""


def inputs_digest(plan, decisions: Path | None = None) -> str:
    """What a run's derived outputs are made from (see the module)."""
    h = hashlib.sha256()
    h.update(code_digest().encode())      # every module and rule file: validation and known values too
    h.update((decisions_digest(decisions) or "no decisions").encode())
    h.update(json.dumps(sorted((t, e.source, e.doc_id, e.table_sha256) for t, e in plan.manifest.items())).encode())
    h.update(json.dumps(sorted((d.source, d.table, d.doc_id) for d in plan.documents)).encode())
    h.update(plan.edition_given.encode())
    return h.hexdigest()


def write_stamp(folder: str | Path, plan, results: list, summary: dict, decisions: Path | None = None) -> None:
    """The stamp of the run about to be published from `folder` (its staging folder), after every
    output is written there; `plan` with the manifest just recorded there (what the next run finds)."""
    folder = Path(folder)
    changes = folder / "changes.csv"
    rows_in_changes = max(0, len(changes.read_text(encoding="utf-8").splitlines()) - 1) if changes.exists() else -1
    planned = {d.path: d for d in plan.documents}    # by source: one name however the run was given it
    docs = {}
    for r in results:
        d = planned.get(r.path)
        entry = {"ok": r.ok, "doc_id": d.doc_id if d else r.doc_id, "error": r.error}
        if r.ok:
            entry.update(edition=r.edition, pages=r.pages, rows=r.rows, core_rows=r.core_rows,
                         coverage=r.coverage.as_dict() if r.coverage else None,
                         warnings=[f.as_row() for f in r.findings if f.check in DOCUMENT_WARNINGS])
        docs[d.source if d else r.path] = entry
    data = {"inputs": inputs_digest(plan, decisions), "decisions": decisions_digest(decisions),
            "rows_in_changes": rows_in_changes,
            "outputs": {n: file_sha256(folder / n) for n in DERIVED if (folder / n).exists()},
            "documents": docs, "summary": {k: summary[k] for k in SUMMARY_KEYS if k in summary},
            "fetch_failed": any(f.get("check") == "fetch" for f in summary.get("findings_to_review", []))}
    write_bytes(folder / STAMP, json.dumps(data, ensure_ascii=False, sort_keys=True, default=str).encode("utf-8"))


def unchanged_run(plan, out_dir: str | Path, decisions: Path | None = None, fetch_failures: list | None = None):
    """(results, summary) of a run that would change nothing, from the stamp; None when the run must
    be made (see the module). `fetch_failures` (the scheduled flow's poll; None: no poll): a poll that
    failed, or one that clears the failures of the poll before, changes findings.csv."""
    out_dir = Path(out_dir)
    data = read_stamp(out_dir)
    if data is None:
        return None
    if fetch_failures is not None and (fetch_failures or data.get("fetch_failed", True)):
        return None
    docs = data.get("documents", {})
    if plan.removed or data.get("rows_in_changes") != 0 or \
            any(d.source not in docs or docs[d.source]["doc_id"] != d.doc_id for d in plan.documents) or \
            any(not d.reuse and docs[d.source]["ok"] for d in plan.documents):
        return None
    if data.get("inputs") != inputs_digest(plan, decisions):
        return None
    if not all(as_stamped(out_dir, n, data) for n in data["outputs"]):
        return None
    return _results(plan, docs), _summary(plan, out_dir, docs, data["summary"])


def as_stamped(out_dir: Path, name: str, data: dict | None = None) -> bool:
    """Is out_dir/`name` the output the last run stamped (`data`: the stamp, read when not given)?"""
    if data is None:
        data = read_stamp(out_dir)
        if data is None:
            return False
    sha = (data.get("outputs") or {}).get(name)
    path = Path(out_dir) / name
    return sha is not None and path.is_file() and file_sha256(path) == sha


def _results(plan, docs: dict) -> list:
    """The run's DocResults as the stamp keeps them (_result)."""
    return [_result(d, docs[d.source]) if docs[d.source]["ok"] else DocResult(d.path, False, error=docs[d.source]["error"])
            for d in plan.documents]


def stamped_results(plan, out_dir: str | Path) -> dict:
    """{path: DocResult as the last run's stamp keeps it} for the plan's reused documents the stamp
    describes as they are now (the same content, read); {} without a stamp."""
    docs = (read_stamp(out_dir) or {}).get("documents", {})
    out = {}
    for d in plan.documents:
        e = docs.get(d.source)
        if d.reuse and isinstance(e, dict) and e.get("ok") and e.get("doc_id") == d.doc_id and "rows" in e:
            out[d.path] = _result(d, e)
    return out


def _result(d, e: dict):
    """A document's DocResult as the stamp keeps it: counts, coverage and the document warnings (light:
    its rows, own findings and text stay in its table and cache, documents.loaded reads them)."""
    return DocResult(d.path, True, doc_id=e["doc_id"], edition=e["edition"], pages=e["pages"],
                     rows=e["rows"], core_rows=e["core_rows"], table=d.table, reused=True, light=True,
                     coverage=Coverage(**e["coverage"]) if e.get("coverage") else None,
                     findings=[Finding(**f) for f in e.get("warnings", [])])


def _summary(plan, out_dir: Path, docs: dict, saved: dict) -> dict:
    ok = [d for d in plan.documents if docs[d.source]["ok"]]
    summary = {**saved, **findings_summary([], read_findings(out_dir / "findings.csv"))}
    summary.update({
        "written": [str(out_dir / d.table) for d in ok], "documents": len(plan.documents),
        "failed": len(plan.documents) - len(ok), "rows": sum(docs[d.source]["rows"] for d in ok),
        "changes": [], "change_counts": {d.source: {"added": 0, "removed": 0, "changed": 0} for d in ok},
        "diffs": {}, "new_tables": [], "reused": len(ok), "published": {"replaced": [], "removed": []},
        "removed_documents": [],
        "stale_documents": [f"stale: {out_dir / g.table}: {g.source} no longer exists (run its folder to remove the table)"
                            for g in plan.gone if not g.remove],
        "unchanged_run": True})
    return summary
