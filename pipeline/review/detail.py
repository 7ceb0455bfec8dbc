"""One row in full, as the detail panel shows it (GET /api/rows/{uid}; the static page embeds one per
row): its fields, its review, the value it publishes, its findings, its decisions and its chart."""
from __future__ import annotations

from .cells import cell_text, json_number
from .charts import series_id
from .documents import ReviewDoc

ROW_FIELDS = ("metric", "label", "value", "unit", "qualifier", "nationality", "category", "period_start",
              "period_end", "period_kind", "page", "char_start", "char_end", "quote", "rule_id", "explanation",
              "explanation_record", "table", "table_caption", "source_org", "edition", "source", "doc_id")
FINDING_FIELDS = ("severity", "check", "message", "expected", "other_doc_id", "other_source", "other_value")


def row_detail(d: ReviewDoc, r: dict, findings: list[dict], history: list) -> dict:
    """The detail of row `r` (a record of Workspace.frame) of document `d`, with the findings about
    it and the decisions made on it (pipeline.publish.decisions.Decision, oldest first), as JSON."""
    return {
        "uid": r["uid"], "doc": d.name, "fmt": d.fmt, "status": r["status"],
        "row": {c: (json_number(r.get(c)) if c == "value" else (int(r[c]) if c in ("page", "char_start", "char_end")
                                                                 else cell_text(r.get(c)))) for c in ROW_FIELDS},
        "review": {"status": cell_text(r["review_status"]), "value": json_number(r["review_value"]),
                   "note": cell_text(r["review_note"]), "by": cell_text(r["reviewed_by"]),
                   "at": cell_text(r["reviewed_at"])},
        "value_published": json_number(r["value_published"]),
        "findings": [{k: x.get(k, "") for k in FINDING_FIELDS} for x in findings],
        "decisions": [{"who": x.who, "when": x.when, "action": x.action, "old_value": json_number(x.old_value),
                       "new_value": json_number(x.new_value), "note": x.note} for x in history],
        "series": series_id(r) if r.get("metric") else "",
    }
