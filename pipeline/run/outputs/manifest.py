"""What every table in extracted/ was made from: <out_dir>/.manifest.json, one entry a table (its
source file, the source's content hash, the code version and the edition given by hand), and beside it
<out_dir>/.cache/<table>.json.gz, what a run needs of a document besides its table (its observations
exactly as extracted, its own findings from validate.check_document, its text for the rounding check).
A document whose entry still matches is not extracted again: its cache stands in for the extraction,
so findings, series and the Parquet come out byte for byte as from a full run.

The code version is a hash of the files that decide a document's table and own findings: every
pipeline/**/*.py but the modules that only act on finished tables or the command line (review/,
run/outputs/, run/report.py, cli/, __main__.py) and every rules/ file but the two that extraction
never reads (known_values.csv, which only cross-document validation reads and that is redone on every
run, and sources.yaml, for fetching). A hash rather than a version string: nobody has to remember to
raise it, and a change that makes no difference costs one full run, never a stale table.
"""
from __future__ import annotations

import functools
import gzip
import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from ...extraction.coverage import Coverage
from ...ingest import doc_id_of
from ...model import Observation
from ...paths import PACKAGE_DIR, RULES_DIR
from ...results import DocResult
from ...store import write_bytes
from ...validate import Finding

MANIFEST_FILE = ".manifest.json"
CACHE_DIR = ".cache"
MANIFEST_FORMAT = 1
# not part of the code version: they never change a document's table or its own findings
_NOT_EXTRACTION = ("pipeline/review/", "pipeline/publish/", "pipeline/run/outputs/", "pipeline/run/report.py", "pipeline/cli/",
                   "pipeline/__main__.py", "rules/known_values.csv", "rules/sources.yaml")


@functools.lru_cache(maxsize=1)
def code_version() -> str:
    """sha256 (16 hex) over the names and bytes of the files that decide extraction (module docstring)."""
    return code_digest(_NOT_EXTRACTION)[:16]


@functools.lru_cache(maxsize=4)
def code_digest(leave_out: tuple[str, ...] = ()) -> str:
    """sha256 over the names ("pipeline/…", "rules/…": the same in a checkout and an installed
    package) and bytes of every pipeline module and rule file, but those whose name starts with one of
    `leave_out` (outputs.stamp takes them all: validation and known values shape the findings too)."""
    h = hashlib.sha256()
    named = [(f"pipeline/{p.relative_to(PACKAGE_DIR).as_posix()}", p) for p in PACKAGE_DIR.glob("**/*.py")
             if RULES_DIR not in p.parents]
    named += [(f"rules/{p.relative_to(RULES_DIR).as_posix()}", p) for p in RULES_DIR.glob("**/*")
              if p.is_file() and p.suffix in (".yaml", ".csv")]
    for rel, p in sorted(named):
        if (leave_out and rel.startswith(leave_out)) or "__pycache__" in rel:
            continue
        h.update(rel.encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


def content_hash(path: str | Path) -> str:
    """The document's doc_id as ingest computes it (first 12 hex of the sha256 of its bytes)."""
    return doc_id_of(Path(path).read_bytes())


@dataclass(frozen=True)
class ManifestEntry:
    table: str            # the table's file name in out_dir: "kerncijfers-2017-01.csv"
    source: str           # the document it was made from, as the table writes it (raw/x.txt)
    doc_id: str           # the document's content hash at that time
    code_version: str     # code_version() at that time
    edition_given: str    # the --edition it was run with ("" when read from the document)
    table_sha256: str     # the table's bytes as written (a table changed by hand is made again)

    def matches(self, doc_id: str, version: str, edition_given: str) -> bool:
        return (self.doc_id, self.code_version, self.edition_given) == (doc_id, version, edition_given)


def read_manifest(out_dir: str | Path) -> dict[str, ManifestEntry]:
    """{table name: entry}; an unreadable or foreign manifest counts as none (everything is extracted)."""
    path = Path(out_dir) / MANIFEST_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != MANIFEST_FORMAT:
            return {}
        return {d["table"]: ManifestEntry(**d) for d in data["documents"]}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def manifest_bytes(entries: dict[str, ManifestEntry]) -> bytes:
    docs = [asdict(entries[k]) for k in sorted(entries)]
    return (json.dumps({"format": MANIFEST_FORMAT, "documents": docs}, indent=1, ensure_ascii=False,
                       sort_keys=True) + "\n").encode("utf-8")


def write_manifest(out_dir: str | Path, entries: dict[str, ManifestEntry]) -> Path:
    return write_bytes(Path(out_dir) / MANIFEST_FILE, manifest_bytes(entries))


def file_sha256(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


# ---- the per-document cache -------------------------------------------------------------------

def cache_path(out_dir: str | Path, table: str) -> Path:
    return Path(out_dir) / CACHE_DIR / f"{table}.json.gz"


def write_cache(out_dir: str | Path, table: str, result) -> Path:
    """What a later run needs of this DocResult when the document is unchanged (gzip without a time
    stamp: the same document gives the same bytes)."""
    data = {"doc_id": result.doc_id, "edition": result.edition, "pages": result.pages,
            "repairs": list(result.repairs), "doc_text": result.doc_text,
            "observations": [asdict(o) for o in result.observations],
            "findings": [asdict(f) for f in result.findings],
            "coverage": result.coverage.as_dict() if result.coverage else None}
    raw = json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return write_bytes(cache_path(out_dir, table), gzip.compress(raw, compresslevel=1, mtime=0))


def read_cache(out_dir: str | Path, table: str, path: str):
    """The DocResult a run would have made of the unchanged document at `path`, from its cache; None
    when there is no readable cache."""
    try:
        data = json.loads(gzip.decompress(cache_path(out_dir, table).read_bytes()))
        observations = [Observation(**o) for o in data["observations"]]
        findings = [Finding(**f) for f in data["findings"]]
        coverage = Coverage(**data["coverage"])     # a cache from before coverage: extracted again
    except (OSError, ValueError, KeyError, TypeError, EOFError, gzip.BadGzipFile):
        return None
    # no frame: the table is unchanged (the plan checked its hash) and whoever needs its rows reads it
    return DocResult(str(path), True, doc_id=data["doc_id"], edition=data["edition"], pages=data["pages"],
                     rows=len(observations), core_rows=sum(1 for o in observations if o.metric), frame=None,
                     repairs=tuple(data["repairs"]), observations=observations, findings=findings,
                     doc_text=data["doc_text"], table=table, reused=True, coverage=coverage)
