"""migstat: Dutch migration reports to one table of observations.

    from pipeline import extract
    df = extract("raw/kerncijfers-2023-01.rendered.pdf")   # pandas DataFrame, spec columns
"""
from __future__ import annotations

__all__ = ["extract", "extract_document"]


def extract(path, edition=None):
    from .run.api import extract as _extract     # start-up: `import pipeline` loads no extraction
    return _extract(path, edition)


def extract_document(path, edition=None):
    from .run.api import extract_document as _ed     # start-up: as above
    return _ed(path, edition)
