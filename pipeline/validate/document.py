"""check_document: every check inside one document, at one rounding — its tables (tables), its
running text (prose), its periods (periods), its footnotes and source (quality) — and which of its
findings are warnings about the document as a whole (DOCUMENT_WARNINGS)."""
from __future__ import annotations

from ..model import Document
from .findings import Finding
from .periods import edition_far_from_text, period_checks
from .prose import prose_sums, repeats
from .quality import acknowledged_revisions, coverage_findings, source_quality
from .rounding import Rounding
from .tables import table_checks


def check_document(doc: Document, result) -> list[Finding]:
    obs = result.observations
    rounding = Rounding([o.value for o in obs if o.unit == "count"], doc.text)
    out: list[Finding] = []
    out += table_checks(result.grid, rounding)
    out += prose_sums(obs, rounding)
    out += repeats(obs, rounding)
    out += period_checks(doc, obs)
    out += acknowledged_revisions(doc, obs)
    out += source_quality(doc, obs)
    out += edition_far_from_text(doc)
    out += coverage_findings(doc, result)
    return out


# warnings about a whole document, which `run` prints before its per-document lines (all: findings.csv)
# and the run stamp keeps for an unchanged run to print again
DOCUMENT_WARNINGS = ("edition_far_from_text", "low_coverage", "language")
