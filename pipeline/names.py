"""The names of an output folder's files (extracted/): which are extraction tables (one per
document) and which are the folder's own, shared by the stages that write and read them."""
from __future__ import annotations

CHANGES_FILE = "changes.csv"        # what each document's last run changed in its table (publish.diff rows)
COVERAGE_FILE = "coverage.csv"      # what of each document was understood (coverage.Coverage rows)
FINDINGS_FILE = "findings.csv"
_OWN = ("findings", "errors", "run-", "changes", "series", "coverage", ".")


def is_extraction_table(name: str) -> bool:
    """A document's table (x.csv), not one of the folder's own files (findings, series, changes ...)."""
    return name.endswith(".csv") and not name.startswith(_OWN)
