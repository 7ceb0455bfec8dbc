"""What the stages hand each other about one document: DocResult, made by run.documents.process_document
(or from a document's cache or the run stamp: pipeline.run.outputs) and read by validation, the outputs
and the reports."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


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
    observations: list = field(default_factory=list, repr=False)
    findings: list = field(default_factory=list, repr=False)   # the document's own checks (validate.check_document)
    doc_text: str = field(default="", repr=False)
    table: str = ""          # its table's file name in the output folder ("": output_name(path) + ".csv")
    reused: bool = False     # unchanged since its table was made: taken from the cache, not extracted
    coverage: object = None  # coverage.Coverage: what of the document was understood (kept in the cache)
    light: bool = False      # reused as the last run's stamp keeps it: counts, coverage and document
                             # warnings only (no rows, own findings or text: `loaded` reads them)

    def summary(self) -> dict:
        c = self.coverage
        return {"document": Path(self.path).name, "ok": self.ok, "error": self.error, "doc_id": self.doc_id,
                "edition": self.edition, "pages": self.pages, "rows": self.rows, "core_rows": self.core_rows,
                "numbers": c.numbers if c else 0, "other_rows": c.other_rows if c else 0,
                "passed_over": c.passed_over if c else 0, "not_understood": c.not_understood if c else 0,
                "language": c.language if c else "", "coverage": c.line() if c else "",
                "seconds": round(self.seconds, 3), "reused": self.reused}
