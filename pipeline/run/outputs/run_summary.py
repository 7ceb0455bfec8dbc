"""What a run's summary says of its findings: how many, by severity, and the errors and warnings to
review, from the findings just made and the rows of findings.csv kept (a run), or from findings.csv
alone (a run that changed nothing: outputs.stamp)."""
from __future__ import annotations

from ...validate import SEVERITIES, summary_of


def findings_summary(findings: list, rows: list[dict] = ()) -> dict:
    """A run's findings for its summary — `findings` (Finding) and `rows` (findings.csv rows as
    read) together, in the order of findings.csv: how many, by severity, and the errors and warnings."""
    entries = [(f.order(), f.severity, f) for f in findings]
    entries += [((r["doc_id"], SEVERITIES.index(r["severity"]) if r["severity"] in SEVERITIES else 9,
                  int(r.get("char_start") or -1), r["check"], r["message"]), r["severity"], r) for r in rows]
    entries.sort(key=lambda e: e[0])
    severities = [e[1] for e in entries]
    return {"findings": len(entries), "findings_summary": summary_of(severities),
            "findings_by_severity": {s: severities.count(s) for s in SEVERITIES},
            "findings_to_review": [review_row(f) for _, s, f in entries if s in ("error", "warning")]}


def review_row(f) -> dict:
    """An error or warning (a Finding, or a findings.csv row as read) as a flat row for a report: the
    document by file and content hash, the key in full."""
    if isinstance(f, dict):     # describe_key(months=True) of the text cells, as Finding.key_text gives it
        get = f.get
        about = get("metric") or get("period_start") or get("period_end") or get("value")
        key = (f"{get('metric') or '(no metric)'} {get('nationality') or '-'} (category {get('category') or '-'}) "
               f"{(get('period_start') or '')[:7] or '?'}..{(get('period_end') or '')[:7] or '?'}") if about else ""
        return {"severity": f["severity"], "check": f["check"], "source": get("source", ""), "doc_id": f["doc_id"],
                "key": key, "message": f["message"]}
    return {"severity": f.severity, "check": f.check, "source": f.source, "doc_id": f.doc_id,
            "key": f.key_text() if f.about_figure else "", "message": f.message}
