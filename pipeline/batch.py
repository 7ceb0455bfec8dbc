"""Many documents: expand paths, process each on its own (a bad one never stops the others), write
per-document tables and the combined Parquet. Pure functions; flows/ wraps them in Prefect tasks."""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from .errors import IngestError

SUFFIXES = {".txt", ".md", ".markdown", ".pdf"}


@dataclass
class DocResult:
    path: str
    ok: bool
    error: str = ""
    doc_id: str = ""
    edition: str = ""
    pages: int = 0
    rows: int = 0
    core_rows: int = 0
    seconds: float = 0.0
    frame: object = field(default=None, repr=False)      # pandas DataFrame of the observations
    skipped: list = field(default_factory=list, repr=False)
    repairs: tuple = ()

    def summary(self) -> dict:
        return {"document": Path(self.path).name, "ok": self.ok, "error": self.error, "doc_id": self.doc_id,
                "edition": self.edition, "pages": self.pages, "rows": self.rows, "core_rows": self.core_rows,
                "seconds": round(self.seconds, 3)}


def expand_paths(paths: list[str | Path]) -> list[Path]:
    """Files as given; folders expanded to the files in them (hidden files and temp files left out).
    A file of an unknown format stays in the list, so the run reports it instead of ignoring it."""
    out: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            out.extend(sorted(f for f in p.iterdir() if f.is_file() and not f.name.startswith(".")
                              and not f.name.endswith((".tmp", "~"))))
        else:
            out.append(p)
    return out


def output_name(path: str | Path) -> str:
    """extracted/<this>.csv for a source file: its name without the extension."""
    return Path(path).stem


def process_document(path: str | Path, edition: str | None = None) -> DocResult:
    from .api import extract_document
    from .store import to_frame
    t0 = time.perf_counter()
    try:
        doc, result = extract_document(path, edition)
    except IngestError as e:
        return DocResult(str(path), False, error=str(e), seconds=time.perf_counter() - t0)
    except Exception as e:  # a bug must not stop the other documents either; say so plainly
        return DocResult(str(path), False, error=f"{path}: internal error {type(e).__name__}: {e}",
                         seconds=time.perf_counter() - t0)
    df = to_frame(result.observations)
    return DocResult(str(path), True, doc_id=doc.doc_id, edition=doc.edition, pages=len(doc.page_starts),
                     rows=len(df), core_rows=int((df["metric"] != "").sum()), seconds=time.perf_counter() - t0,
                     frame=df, skipped=result.skipped, repairs=doc.repairs)


def write_outputs(results: list[DocResult], out_dir: str | Path) -> dict:
    """extracted/<doc>.csv for every document read, then extracted/observations.parquet rebuilt from
    all the per-document tables in the folder (so a rerun of one document keeps the others)."""
    import pandas as pd

    from .store import read_table, write_table
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for r in results:
        if r.ok:
            written.append(str(write_table(r.frame, out_dir / f"{output_name(r.path)}.csv")))
    # this run's tables from memory; only the other documents' tables are read back
    frames = [r.frame for r in results if r.ok]
    for p in sorted(out_dir.glob("*.csv")):
        if str(p) not in written and not p.name.startswith(("findings", "errors", "run-")):
            f = read_table(p)
            if "doc_id" in f.columns:
                frames.append(f)
    combined = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    if not combined.empty:
        combined = combined.sort_values(["source", "char_start", "char_end", "nationality", "category"], kind="stable")
        write_table(combined.reset_index(drop=True), out_dir / "observations.parquet")
    return {"written": written, "documents": len(results), "failed": sum(not r.ok for r in results),
            "rows": int(sum(r.rows for r in results)), "combined_rows": int(len(combined))}
