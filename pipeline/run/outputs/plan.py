"""What a run will do with the output folder, decided before any extraction: the table each document
writes (a unique name), which documents are unchanged since their table was made (reused, not
extracted), and which tables describe documents that are gone (removed, or reported as stale)."""
from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from pathlib import Path

from ...ingest import display_path
from ...names import is_extraction_table
from ...paths import project_dir
from .manifest import ManifestEntry, cache_path, code_version, content_hash, file_sha256, read_manifest


@dataclass(frozen=True)
class PlannedDocument:
    path: str           # the file as the run was given it
    source: str         # as the table writes it (ingest.display_path)
    table: str          # its table's file name in the output folder
    doc_id: str         # its content hash now ("" when it cannot be read: the extraction says why)
    reuse: bool         # unchanged since its table was made: not extracted again


@dataclass(frozen=True)
class GoneDocument:
    table: str          # a table in the output folder
    source: str         # the document it was made from, which no longer exists
    doc_id: str
    remove: bool        # its folder was one the run was given: table, rows and findings are removed


@dataclass(frozen=True)
class RunPlan:
    version: str                       # manifest.code_version()
    edition_given: str                 # --edition ("" when read from each document)
    documents: tuple[PlannedDocument, ...]
    gone: tuple[GoneDocument, ...]
    manifest: dict                     # {table: ManifestEntry} as the run found it

    @property
    def to_extract(self) -> list[str]:
        return [d.path for d in self.documents if not d.reuse]

    @property
    def removed(self) -> list[GoneDocument]:
        return [g for g in self.gone if g.remove]

    def table_of(self, path: str) -> str:
        return next(d.table for d in self.documents if d.path == path)


def _candidates(source: str) -> list[str]:
    """Table names for a document, in order of preference: its name without the extension
    (kerncijfers-2017-01.csv, the name every table had so far), with it (report.txt.csv) when another
    document has that, then with a hash of its path; never a name of the folder's own files (findings,
    series, changes ...)."""
    name = Path(source).name
    tag = hashlib.sha256(source.encode()).hexdigest()[:6]
    names = [f"{Path(name).stem}.csv", f"{name}.csv", f"{name}-{tag}.csv"]
    return [n for n in names if is_extraction_table(n)] or [f"doc-{n}" for n in names]


def assign_tables(sources: list[str], manifest: dict[str, ManifestEntry],
                  doc_ids: dict[str, str] | None = None) -> dict[str, str]:
    """{source: table name}, unique: a document that has a table keeps its name; a document renamed or
    moved (its content that of a table whose source is gone, `doc_ids` {source: content hash}) takes
    that table over; the others take the first free name of _candidates, in the order of their paths
    (so report.md gets report.csv and report.txt report.txt.csv, on every run)."""
    by_source = {e.source: t for t, e in manifest.items()}
    taken = {t: e.source for t, e in manifest.items()}
    wanted = set(sources)
    gone_by_id: dict[str, str] = {}
    for t, e in sorted(manifest.items()):
        if e.doc_id and e.source not in wanted and not _exists(e.source):
            gone_by_id.setdefault(e.doc_id, t)
    out = {}
    for s in sorted(wanted, key=lambda s: (s not in by_source, s)):
        if s in by_source:
            out[s] = by_source[s]
            continue
        moved = gone_by_id.pop((doc_ids or {}).get(s, ""), None)
        if moved is not None:
            out[s] = moved
            taken[moved] = s
            continue
        out[s] = next(n for n in _candidates(s) if taken.get(n, s) == s)
        taken[out[s]] = s
    return out


def _places(source: str) -> list[Path]:
    """Where a table's source can be: inside the project (raw/x.txt), or as it was given (absolute, or
    relative to where the run was started)."""
    p = Path(source)
    return [p] if p.is_absolute() else [project_dir() / p, Path.cwd() / p]


def _exists(source: str) -> bool:
    return any(p.exists() for p in _places(source))


def _in_folders(source: str, folders: set[Path]) -> bool:
    return any(p.parent.resolve() in folders for p in _places(source))


def _table_source(path: Path) -> tuple[str, str]:
    """(source, doc_id) of an extraction table's first row (('', '') for an empty or foreign table)."""
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            row = next(csv.DictReader(fh), None)
    except (OSError, UnicodeDecodeError, csv.Error):
        return "", ""
    return ((row or {}).get("source") or "", (row or {}).get("doc_id") or "")


def plan_run(inputs: list[str | Path], files: list[Path], out_dir: str | Path, edition: str | None = None,
             force: bool = False) -> RunPlan:
    """The run over `files` (expanded from `inputs`, the files and folders as given) into `out_dir`."""
    out_dir = Path(out_dir)
    manifest = read_manifest(out_dir)
    version, given = code_version(), edition or ""
    named: dict[str, Path] = {}      # one document per source, however often or however it was named
    for p in files:
        named.setdefault(display_path(Path(p)), Path(p))
    files = list(named.values())
    sources = list(named)
    doc_ids = {}
    for p, s in zip(files, sources):
        try:
            doc_ids[s] = content_hash(p)
        except OSError:
            doc_ids[s] = ""
    tables = assign_tables(sources, manifest, doc_ids)
    docs = []
    for p, s in zip(files, sources):
        doc_id = doc_ids[s]
        t = tables[s]
        e = manifest.get(t)
        reuse = (not force and bool(doc_id) and e is not None and e.source == s and e.matches(doc_id, version, given)
                 and (out_dir / t).is_file() and cache_path(out_dir, t).is_file()
                 and file_sha256(out_dir / t) == e.table_sha256)
        docs.append(PlannedDocument(str(p), s, t, doc_id, reuse))
    folders = {Path(i).resolve() for i in inputs if Path(i).is_dir()}
    in_run = set(tables.values())
    known = {t: (e.source, e.doc_id) for t, e in manifest.items()}
    for p in sorted(out_dir.glob("*.csv")):        # tables from before the manifest: their rows say
        if p.name not in known and is_extraction_table(p.name):
            source, doc_id = _table_source(p)
            if source:
                known[p.name] = (source, doc_id)
    gone = [GoneDocument(t, s, d, _in_folders(s, folders)) for t, (s, d) in sorted(known.items())
            if t not in in_run and not _exists(s)]
    return RunPlan(version, given, tuple(docs), tuple(gone), manifest)
