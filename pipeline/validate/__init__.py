"""Validation: every extraction checked, and a findings table that tells a reviewer which numbers to
look at and why.

    check_document(doc, result) -> list[Finding]     arithmetic, periods, footnotes, source quality
    check_history(doc_text, observations, history, acknowledged) -> list[Finding]
                                                      the neighbouring editions (this run, extracted/)
                                                      and the known values, indexed once: History
(pipeline.run.validation.validate_results runs both for documents checked together.)

Checks are named (the `check` column); their parameters are in rules/checks.yaml (`config`). Rounding
is part of every comparison (`rounding`): a count that is a multiple of ten in a document whose counts
are mostly rounded to tens stands for anything within +-5, a whole percent for anything within +-0.5,
so a check flags only what no rounding can explain.

The modules: `findings` (Finding, its severities and columns, the summary line), `config`, `rounding`;
inside one document `document` (check_document) with `tables`, `prose`, `periods` and `quality`;
across documents `known` (Known, the figures reported elsewhere), `history` (History and its lookups)
and `history_checks` (check_history). This package exposes the names the later stages use.
"""
from __future__ import annotations

from .document import DOCUMENT_WARNINGS, check_document
from .findings import FINDING_COLUMNS, SEVERITIES, Finding, acknowledged_spans, summary_line, summary_of
from .history import OUTLIER_MONTHS, History, figure_lookups, history_key, history_key_of
from .history_checks import HISTORY_CHECKS, check_history
from .known import KNOWN_VALUE_PREFIX, Known, known_from_observations, known_from_table, table_key
from .periods import edition_far_from_text
from .quality import coverage_findings
from .rounding import written_half

__all__ = [
    "DOCUMENT_WARNINGS", "FINDING_COLUMNS", "HISTORY_CHECKS", "KNOWN_VALUE_PREFIX", "OUTLIER_MONTHS", "SEVERITIES",
    "Finding", "History", "Known", "acknowledged_spans", "check_document", "check_history", "coverage_findings",
    "edition_far_from_text", "figure_lookups", "history_key", "history_key_of", "known_from_observations",
    "known_from_table", "summary_line", "summary_of", "table_key", "written_half",
]
