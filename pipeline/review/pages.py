"""The review's HTML pages from a Workspace, for the app and for the static file alike.

One set of Jinja2 templates (pipeline/review/templates) renders both: in the app the pages link to
each other and load /static/review.js and review.css; in the static file every view is a section of
one page, the script and the stylesheet are inlined and the rows' details are embedded as JSON.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from ..values import dutch
from .charts import series_list, svg_chart
from .documents import ReviewDoc
from .decision_log import LOG_STATUSES
from .lookup import LogFilters, decision_log, search
from .status import REVIEW_FILTER, SEVERITY_RANK, STATUS_LABELS, STATUSES, review_filter_status
from .workspace import Workspace

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
SEVERITIES = ("error", "warning", "info")
CHANGES = ("added", "removed", "changed")
LIST_LIMIT = 500     # items of one list on the app's index (filters narrow them down)
LOG_PAGE = 500       # decisions on one page of the decisions page
KEYS = (("j", "→", "next number"), ("k", "←", "previous number"), ("n", "", "next unreviewed number"),
        ("f", "", "next number with a finding"), ("/", "", "search"), ("a", "", "accept"), ("r", "", "reject"),
        ("c", "", "correct: type the value and a note, Enter saves"), ("u", "", "undo the row's decision"),
        ("A", "", "accept every row of the number"), ("+", "-", "zoom the page"), ("Esc", "", "close the form"))
# the document view's scripts, loaded before review.js (which starts the page); the static page inlines them
DOC_SCRIPTS = ("detail.js", "decide.js", "pageimg.js", "search.js")
STATIC_SCRIPTS = ("detail.js", "search.js")     # read-only: no decisions, no page images


@dataclass(frozen=True)
class Filters:
    """What the lists show: a metric ("*" any core metric, "-" none), a severity, a review status
    (REVIEW_FILTER) and, for the diff lists, a change (added, removed, changed). Empty: all."""
    metric: str = ""
    severity: str = ""
    status: str = ""
    change: str = ""

    def keep(self, item: dict) -> bool:
        m = item.get("metric", "")
        if self.metric == "*" and not m or self.metric == "-" and m or self.metric not in ("", "*", "-") and m != self.metric:
            return False
        if self.severity and item.get("severity", "") != self.severity:
            return False
        if self.status and item.get("review", "unreviewed") != self.status:
            return False
        return not (self.change and item.get("status", "") != self.change)


@lru_cache(maxsize=1)
def environment():
    import jinja2     # start-up: templates, only when a page is rendered
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    return env


def asset(name: str) -> str:
    return (STATIC / name).read_text(encoding="utf-8")


@dataclass(frozen=True)
class Listing:
    """One list of the index: the items shown, how many match the filters, how many there are."""
    items: tuple[dict, ...]
    matched: int
    total: int


class Links:
    """Where a link goes: the app's pages, or the sections of the static page."""

    def __init__(self, static: bool):
        self.static = static

    def doc(self, name: str) -> str:
        return f"#doc={quote(name)}" if self.static else f"/doc/{quote(name)}"

    def row(self, name: str, uid: str) -> str:
        if not uid:
            return ""
        return (f"#doc={quote(name)}&r={quote(uid)}" if self.static else f"/doc/{quote(name)}#r={quote(uid)}")

    def series(self, sid: str) -> str:
        return f"#{sid}" if self.static else f"/series#{sid}"

    def index(self) -> str:
        return "#" if self.static else "/"


def _common(ws: Workspace, static: bool, who: str = "", token: str = "") -> dict:
    return {"static": static, "links": Links(static), "who": who, "legend_items": [(s, STATUS_LABELS[s]) for s in STATUSES],
            "key_items": KEYS, "css": asset("review.css") + asset("pages.css") if static else "",
            "js": _inline_js() if static else "", "token": token, "problems": ws.decision_problems()}


def _inline_js() -> str:
    js = "\n".join(asset(name) for name in STATIC_SCRIPTS + ("review.js",))
    return js.replace("</", "<\\/")     # a "</script" inside the script would end it


def _review_status(ws: Workspace) -> dict[str, str]:
    """{uid: review status for the lists} over the shown documents."""
    out = {}
    for d in ws.documents():
        f = ws.frame(d)
        out.update(zip(f["uid"], (review_filter_status(s) for s in f["review_status"])))
    return out


def lists(ws: Workspace, filters: Filters = Filters(), limit: int | None = None) -> dict:
    """The index's lists: documents with counts, findings, changes since the last run and since the
    previous edition, each item carrying the review status of the number it links to. Each list is a
    Listing of at most `limit` items (the app; the static page filters all of them in the browser)."""
    status = _review_status(ws)
    def listing(items: list[dict]) -> Listing:
        items = [{**x, "review": status.get(x["uid"], "unreviewed")} for x in items]
        kept = [x for x in items if filters.keep(x)]
        return Listing(tuple(kept[:limit] if limit else kept), len(kept), len(items))
    # the work queue: core rows before the others, not yet reviewed before reviewed, errors first
    queue = sorted(ws.findings(), key=lambda x: (not x.get("metric"), status.get(x["uid"], "unreviewed") != "unreviewed",
                                                 -SEVERITY_RANK.get(x["severity"], 0)))
    findings, run, edition = listing(queue), listing(ws.run_changes()), listing(ws.edition_changes())
    every = [x for part in (ws.findings(), ws.run_changes(), ws.edition_changes()) for x in part]
    return {
        "docs": [(d, {**ws.counts(d), "bulk": len(ws.bulk_rows(d.name))}) for d in ws.documents()],
        "findings": findings, "run_changes": run, "edition_changes": edition,
        "filters": filters, "metrics": sorted({x["metric"] for x in every if x.get("metric")}),
        "severities": SEVERITIES, "statuses": REVIEW_FILTER, "changes": CHANGES,
        "all_metrics": sorted({m for d in ws.documents() for m in ws.frame(d)["metric"]} - {""}),
    }




def charts(ws: Workspace, static: bool = False) -> list[tuple]:
    """(Series, svg) for every series of the shown documents with two periods or more; each published
    point links to the row it comes from when that row's document is shown."""
    sources = {d.source for d in ws.documents()}
    names = {d.doc_id: d.name for d in ws.documents()}
    links = Links(static)
    link = lambda p: links.row(names[p.row[0]], p.row[1]) if p.row[0] in names else ""  # noqa: E731
    return [(s, svg_chart(s, link=link)) for s in series_list(ws.series(), sources=sources)]


def render_index(ws: Workspace, filters: Filters = Filters(), who: str = "", limit: int | None = LIST_LIMIT,
                 token: str = "") -> str:
    return environment().get_template("index.html").render(**_common(ws, False, who, token), **lists(ws, filters, limit))


def render_series(ws: Workspace, who: str = "", token: str = "") -> str:
    return environment().get_template("series.html").render(**_common(ws, False, who, token), charts=charts(ws))


def render_decisions(ws: Workspace, filters: LogFilters = LogFilters(), who: str = "", token: str = "",
                     start: int = 0) -> str:
    """The decisions page: every decision (newest first) that the filters keep, LOG_PAGE at a time."""
    log, kept = decision_log(ws), decision_log(ws, filters)
    start = max(0, min(start, len(kept) - 1)) if kept else 0
    options = {k: sorted({str(x.get(k) or "") for x in log} - {""}) for k in ("doc", "metric", "action", "status")}
    options["status"] = [s for s in LOG_STATUSES if s in options["status"]]
    return environment().get_template("decisions.html").render(
        **_common(ws, False, who, token), log=kept[start:start + LOG_PAGE], matched=len(kept), total=len(log),
        start=start, page=LOG_PAGE, filters=filters, options=options, query=filters.query(), fmt=_value_text)


def render_search(ws: Workspace, q: str, who: str = "", token: str = "") -> str:
    results, total = search(ws, q)
    return environment().get_template("search.html").render(**_common(ws, False, who, token), q=q, results=results,
                                                           total=total)


def _value_text(v) -> str:
    return "" if v is None or v == "" else dutch(v)


def document_context(ws: Workspace, d: ReviewDoc) -> dict:
    t = ws.text(d)
    return {"d": d, "counts": ws.counts(d), "html": ws.document_html(d), "problem": t.problem,
            "pages": len(t.page_starts),
            "doc_findings": [x for x in ws.findings() if x["doc"] == d.name and not x["uid"]]}


def render_document(ws: Workspace, d: ReviewDoc, who: str = "", token: str = "") -> str:
    return environment().get_template("document.html").render(**_common(ws, False, who, token), **document_context(ws, d),
                                                             doc_scripts=DOC_SCRIPTS)


def render_static(ws: Workspace) -> str:
    """Every view in one page: the lists, the charts and each document with its rows embedded."""
    docs = []
    for d in ws.documents():
        ctx = document_context(ws, d)
        ctx["rows_json"] = json.dumps(ws.details(d), ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
        docs.append(ctx)
    return environment().get_template("static.html").render(**_common(ws, True), **lists(ws), charts=charts(ws, True),
                                                           documents=docs)
