"""A row's review status, as the marks, the legend and the lists show it.

A row's status, in the order it wins:
  rereview  a decision was made on another value than the document now gives
  reviewed  accepted, corrected or rejected
  finding   an error or warning finding on the number
  core      a core metric
  other     no metric (a real number the vocabulary does not classify)
A number several rows share shows what still needs a look first (mark_status).
"""
from __future__ import annotations

STATUSES = ("core", "other", "finding", "reviewed", "rereview")
STATUS_LABELS = {
    "core": "core metric",
    "other": "other number (no metric)",
    "finding": "has an error or warning finding",
    "reviewed": "reviewed (accepted, corrected or rejected)",
    "rereview": "re-review: the number changed since its decision",
}
SEVERITY_RANK = {"error": 3, "warning": 2, "info": 1, "": 0}
# the review status of a row as the lists filter it ("" in the decisions' columns)
REVIEW_FILTER = ("unreviewed", "accepted", "corrected", "rejected", "re-review")


def row_status(metric: str, review_status: str, severity: str) -> str:
    if review_status == "re-review":
        return "rereview"
    if review_status:
        return "reviewed"
    if severity in ("error", "warning"):
        return "finding"
    return "core" if metric else "other"


def mark_status(statuses: list[str]) -> str:
    """One span's status from its rows': what still needs a look wins over what is done."""
    s = set(statuses)
    for st in ("rereview", "finding"):
        if st in s:
            return st
    for st in ("core", "other"):
        if st in s:
            return st
    return "reviewed"


def review_filter_status(review_status: str) -> str:
    return review_status or "unreviewed"
