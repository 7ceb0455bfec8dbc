"""The documents under review: one per extraction table, with its source file and its text.

A table extracted/<name>.csv names its document in its rows' `source` (relative to the repository);
a table without rows names none, and the file of its name in raw/ stands for it. The text is read
the way the extraction read it (pipeline.ingest.read_document), so the rows' spans index into it; a
text whose doc_id is not the table's is still shown, with a warning that the highlights may be off.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import IngestError, read_bytes
from ..ingest import display_path, doc_id_of, read_document
from .folder import WorkspaceError


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


def read_documents(tables: list[Path], root: Path) -> list[ReviewDoc]:
    """The document of every extraction table (a table without a doc_id column is none); `root`:
    where raw/ is."""
    out = []
    for p in tables:
        try:
            head = pd.read_csv(p, dtype=str, keep_default_na=False, nrows=1)
        except (pd.errors.EmptyDataError, pd.errors.ParserError, UnicodeDecodeError) as e:
            raise WorkspaceError(f"{p}: not an extraction table ({type(e).__name__})") from None
        if "doc_id" not in head.columns:
            continue
        first = head.iloc[0].to_dict() if len(head) else {}
        source = first.get("source", "")
        path = source_file(root, source, p.stem)
        doc_id = first.get("doc_id", "") or (_doc_id_of(path) if path else "")
        fmt = {".pdf": "pdf", ".md": "md", ".markdown": "md"}.get(path.suffix.lower(), "txt") if path else ""
        if path and source == "":
            source = display_path(path)
        out.append(ReviewDoc(p.stem, p, source, path, doc_id, first.get("edition", ""), fmt))
    return out


def source_file(root: Path, source: str, name: str) -> Path | None:
    """The document a table was made from: its rows' source (relative to the repository), else a
    file of the table's name in raw/ (a table without rows names no source)."""
    if source:
        p = Path(source)
        for cand in (root / p, p) if not p.is_absolute() else (p,):
            if cand.is_file():
                return cand
        return None
    found = sorted(q for q in (root / "raw").glob(f"{name}.*") if q.is_file())
    return found[0] if found else None


def names(d: ReviewDoc, wanted: str) -> bool:
    """Does a DOC argument (a path, a source or a name) name this document?"""
    w = Path(wanted)
    return wanted in (d.name, d.source, d.doc_id) or w.stem == d.name or w.name == d.table.name or (
        d.path is not None and w.exists() and w.resolve() == d.path.resolve())


def read_text(d: ReviewDoc) -> DocText:
    """The document's text and pages, with the problem when it is missing or not the extracted one."""
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


def _doc_id_of(path: Path) -> str:
    try:
        return doc_id_of(read_bytes(path))
    except IngestError:
        return ""
