"""What a run tells its user, as the Prefect UI shows it: a markdown summary and flat tables. Pure
functions of the run's DocResults and its summary (tables.write_outputs + validation.validate_and_write);
flows/run_flow.py publishes them as artifacts under fixed keys, so the latest artifact of each key
is always the last run's, also when it has nothing to report.

    run_markdown(results, summary, out_dir) -> str   documents (with their coverage), findings by severity,
                                                    errors, changes
    review_table(summary) -> list[dict]             the errors and warnings (a one-row note when none)
    changes_table(summary) -> list[dict]            what the run changed (a one-row note when nothing)
"""
from __future__ import annotations

from pathlib import Path

from ..ingest import display_path
from ..publish.diff import DIFF_COLUMNS
from ..validate import SEVERITIES

NO_FINDINGS = "no errors or warnings"
NO_CHANGES = "no changes"
REVIEW_COLUMNS = ("severity", "check", "source", "doc_id", "key", "message")
MAX_LISTED = 50          # errors and warnings written out in the markdown (all of them: the table artifact)


def review_table(summary: dict) -> list[dict]:
    """summary["findings_to_review"] as table rows; a run without any: one row saying so (a table
    artifact must replace the previous run's even then)."""
    rows = [{c: _plain(r.get(c, "")) for c in REVIEW_COLUMNS} for r in summary.get("findings_to_review", [])]
    return rows or [{c: (NO_FINDINGS if c == "message" else "") for c in REVIEW_COLUMNS}]


def changes_table(summary: dict) -> list[dict]:
    """summary["changes"] (the diff rows of every document of the run, each with its `document`) and
    one row per new table (status "new table", its row count as `new_value`) as plain table rows, all
    with the same columns; a run that changed nothing: one row saying so."""
    cols = ("document", "doc_id", *DIFF_COLUMNS)
    rows = [{c: _plain(r.get(c, "")) for c in cols} for r in summary.get("changes", [])]
    rows += [{c: {"document": t["document"], "doc_id": t["doc_id"], "status": "new table",
                  "new_value": f"{t['rows']} rows"}.get(c, "") for c in cols} for t in summary.get("new_tables", [])]
    return rows or [{c: (NO_CHANGES if c == "status" else "") for c in cols}]


def run_markdown(results, summary: dict, out_dir: str | Path = "extracted") -> str:
    """The run in markdown: its documents (rows, core rows), findings by severity, the documents that
    could not be read, the errors and warnings, the review decisions' problems (a line of the decisions
    file that is not one, decisions of no document of the run) and what changed per document (when the
    summary says)."""
    ok = [r for r in results if r.ok]
    failed = [r for r in results if not r.ok]
    lines = [f"# migstat run: {len(ok)}/{len(results)} documents, {summary.get('rows', 0)} rows",
             "", f"Tables in `{out_dir}/`; observations.parquet: {summary.get('combined_rows', 0)} rows.", "",
             "## Documents", "", "| document | doc_id | edition | pages | rows | core rows | coverage |",
             "|---|---|---|---:|---:|---:|---|"]
    lines += [f"| {_cell(Path(r.path).name)} | {r.doc_id} | {r.edition} | {r.pages} | {r.rows} | {r.core_rows} | "
              f"{_cell(r.coverage.line().removeprefix('coverage: ')) if r.coverage else ''} |" for r in ok]
    if failed:
        lines += ["", f"## Could not be read ({len(failed)})", ""] + [f"- {_cell(r.error)}" for r in failed]
    if "findings_by_severity" in summary:
        by = summary["findings_by_severity"]
        lines += ["", "## Findings", "", f"{summary.get('findings_summary', '')} (all of them: `{out_dir}/findings.csv`)",
                  "", "| " + " | ".join(SEVERITIES) + " |", "|" + "---:|" * len(SEVERITIES),
                  "| " + " | ".join(str(by.get(s, 0)) for s in SEVERITIES) + " |"]
        review = summary.get("findings_to_review", [])
        lines += ["", "### Errors and warnings", ""]
        if not review:
            lines.append(NO_FINDINGS + ".")
        for r in review[:MAX_LISTED]:
            key = f" {_cell(r['key'])}:" if r.get("key") else ""
            lines.append(f"- **{r['severity']}** `{r['check']}` {_cell(r.get('source') or r.get('doc_id', ''))}:"
                         f"{key} {_cell(r['message'])}")
        if len(review) > MAX_LISTED:
            lines.append(f"- … and {len(review) - MAX_LISTED} more (table artifact `migstat-run-findings`)")
    if summary.get("decision_warnings"):
        lines += ["", "## Review decisions", ""] + [f"- {_cell(w)}" for w in summary["decision_warnings"]]
    if "change_counts" in summary:
        counts = summary["change_counts"]
        lines += ["", "## What changed", "", "| document | since its last run | added | removed | changed |",
                  "|---|---|---:|---:|---:|"]
        for r in ok:
            doc = display_path(Path(r.path))
            c = counts.get(doc)
            what = "new table" if c is None else "unchanged" if not any(c.values()) else "changed"
            lines.append(f"| {_cell(doc)} | {what} | " + " | ".join(
                "" if c is None else str(c.get(k, 0)) for k in ("added", "removed", "changed")) + " |")
        if summary.get("changes"):
            lines += ["", "Every changed row: table artifact `migstat-run-changes`."]
    return "\n".join(lines) + "\n"


def _cell(text) -> str:
    """Text inside a markdown table or list item: one line, pipes escaped."""
    return " ".join(str(text).split()).replace("|", "\\|")


def _plain(v):
    """A value a JSON table holds as it is (text, number, nothing); a list as 'a, b'; anything else as its text."""
    if v is None or isinstance(v, (str, bool, int, float)):
        return v
    if isinstance(v, (list, tuple)):
        return ", ".join(str(x) for x in v)
    if hasattr(v, "item"):           # numpy scalars
        return v.item()
    return str(v)
