"""One row in full, as the detail panel shows it (GET /api/rows/{uid}; the static page embeds one per
row): its fields, its review, the value its figure publishes and where that comes from (the rule of
series.csv: rows.Editions), the previous edition's value, the other rows of its number, its findings,
its decisions and its chart."""
from __future__ import annotations

import re

from ..keys import number
from ..values import shown
from .cells import cell_text, json_number
from .charts import series_id
from .documents import ReviewDoc

ROW_FIELDS = ("metric", "label", "value", "unit", "qualifier", "nationality", "category", "period_start",
              "period_end", "period_kind", "page", "char_start", "char_end", "quote", "rule_id", "explanation",
              "explanation_record", "table", "table_caption", "source_org", "edition", "source", "doc_id")
FINDING_FIELDS = ("severity", "check", "message", "expected", "other_doc_id", "other_source", "other_value")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
YOUR = {"accepted": "your acceptance", "corrected": "your correction", "rejected": "your rejection",
        "re-review": "your decision (to re-review)"}


def row_detail(d: ReviewDoc, r: dict, findings: list[dict], history: list, editions, others: list) -> dict:
    """The detail of row `r` (a record of Workspace.frame) of document `d`, with the findings about
    it, the decisions made on it (pipeline.publish.decisions.Decision, in file order; shown newest
    first), `editions` (rows.Editions) and `others`: (uid, status) of the other rows of its number."""
    value, source = editions.published(r)
    prev = editions.previous(r)
    return {
        "uid": r["uid"], "doc": d.name, "fmt": d.fmt, "status": r["status"],
        "row": {c: (json_number(r.get(c)) if c == "value" else (int(r[c]) if c in ("page", "char_start", "char_end")
                                                                 else cell_text(r.get(c)))) for c in ROW_FIELDS},
        "review": {"status": cell_text(r["review_status"]), "value": json_number(r["review_value"]),
                   "note": cell_text(r["review_note"]), "by": cell_text(r["reviewed_by"]),
                   "at": cell_text(r["reviewed_at"]), "decision_id": cell_text(r["decision_id"])},
        "value_published": json_number(value),
        "published": {"value": json_number(value), "shown": shown(value),
                      "source": "" if source is None else cell_text(source["source"]),
                      "edition": "" if source is None else cell_text(source["edition"]),
                      "decision_id": "" if source is None else cell_text(source["decision_id"]),
                      "text": published_text(value, source, r)},
        "previous": None if prev is None else {"value": json_number(prev["value"]), "shown": shown(number(prev["value"])),
                                               "edition": cell_text(prev["edition"]), "source": cell_text(prev["source"])},
        "others": [{"uid": u, "status": s} for u, s in others],
        "findings": [{k: x.get(k, "") for k in FINDING_FIELDS} for x in findings],
        "decisions": [x.as_json() for x in reversed(history)],
        "series": series_id(r) if r.get("metric") else "",
    }


def edition_name(edition: str) -> str:
    """'2020-02' -> 'February 2020' (anything else as it is)."""
    m = re.fullmatch(r"(\d{4})-(\d\d)", str(edition))
    return f"{MONTHS[int(m[2]) - 1]} {m[1]}" if m and 1 <= int(m[2]) <= 12 else str(edition)


def published_text(value, source: dict | None, r: dict) -> str:
    """What the row's figure publishes and where from, in one sentence: "published 2 601 from the
    February 2020 edition; your correction applies to the January 2020 edition"."""
    own = edition_name(r["edition"])
    status = cell_text(r["review_status"])
    if source is None:
        return "published: nothing (every edition of this figure is rejected)"
    corrected = " as corrected" if cell_text(source["review_status"]) == "corrected" else ""
    if (source["uid"], source["source"]) == (r["uid"], r["source"]):
        where = "this number" if not r.get("metric") else f"this, the {own} edition"
        return f"published {shown(value)}{corrected} from {where}"
    other = edition_name(source["edition"])
    if source["edition"] == r["edition"] or source["source"] == r["source"]:
        other = f"{other} ({source['source']})" if source["source"] != r["source"] else f"{other} (another row)"
    text = f"published {shown(value)}{corrected} from the {other} edition"
    if status in YOUR:
        return f"{text}; {YOUR[status]} applies to the {own} edition"
    return f"{text}; this is the {own} edition"
