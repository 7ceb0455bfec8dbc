"""findings.csv: one row per finding, in a fixed order (document, severity, position, check, message),
the earlier findings of the documents not in this run kept."""
from __future__ import annotations

from pathlib import Path

from ..publish.findings import read_findings
from ..store import atomic_write, csv_rows
from ..validate import FINDING_COLUMNS
from ..values import value_text


def write_findings(findings: list, path: str | Path, keep_others: bool = True, doc_ids: set[str] = frozenset(),
                   drop_sources: set[str] = frozenset(), previous: list[dict] | None = None) -> Path:
    """findings.csv: one row per finding (atomic write), by document, severity, position, check and
    message. With `keep_others`, the earlier findings of documents not in this run (`doc_ids`) are
    kept, but for those of the files in `drop_sources` (gone); `previous`: the file's rows as just read
    (publish.findings.read_findings), not read again."""
    return write_finding_rows(finding_rows(findings, path, keep_others, doc_ids, drop_sources, previous), path)


def finding_rows(findings: list, path: str | Path, keep_others: bool = True, doc_ids: set[str] = frozenset(),
                 drop_sources: set[str] = frozenset(), previous: list[dict] | None = None,
                 replaced: set[tuple[str, str]] = frozenset()) -> list[list[str]]:
    """The cells of findings.csv as write_findings writes it (FINDING_COLUMNS), in its order.
    `replaced`: (doc_id, source) of documents extracted again whose content changed: their earlier
    findings go too."""
    path = Path(path)
    numeric = {"value", "expected", "other_value"}
    rows = [[value_text(v) if c in numeric else "" if v is None else str(v) for c, v in f.as_row().items()]
            for f in findings]
    if keep_others and (previous is not None or path.exists()):
        drop = set(doc_ids) | {f.doc_id for f in findings}
        rows = [[r.get(c) or "" for c in FINDING_COLUMNS]       # an older table: fewer columns
                for r in (read_findings(path) if previous is None else previous)
                if r.get("doc_id", "") not in drop and r.get("source", "") not in drop_sources
                and (r.get("doc_id", ""), r.get("source", "")) not in replaced] + rows
    rows.sort(key=_finding_order)
    return rows


def write_finding_rows(rows: list[list[str]], path: str | Path) -> Path:
    return atomic_write(Path(path), lambda tmp: csv_rows(tmp, FINDING_COLUMNS, rows))


_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def _finding_order(cells: list[str]) -> tuple:
    """findings.csv's order of a row (FINDING_COLUMNS): doc_id, severity, char_start (a cell that is no
    number after those that are), check, message."""
    doc_id, check, severity, message = cells[0], cells[2], cells[3], cells[4]
    s = _SEVERITY_ORDER.get(severity)
    try:
        c = (0, float(cells[15]))
    except ValueError:
        c = (1, 0.0)
    return doc_id, (0, s) if s is not None else (1, 0), c, check, message
