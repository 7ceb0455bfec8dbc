"""The review web app: `migstat review` serves it on 127.0.0.1 and prints its URL.

Routes:
  GET  /                          documents with counts; findings and changes (?metric=&severity=&status=&change=)
  GET  /doc/{name}                a document's text with every number marked; click one for its row
  GET  /api/rows/{uid}            one row in full (JSON): fields, findings, review, published, decisions, series
  GET  /api/value?row=&text=      how a typed value reads for that row: {"value", "shown", "unit"} or 422
  POST /decisions                 {"row", "action": accept|reject|correct|withdraw, "value", "note", "who",
                                  "expected"} -> JSON (409 when "expected" is not the row's decision now);
                                  then extracted/series.csv/.parquet are rewritten with it
  POST /decisions/bulk            {"rows": [...], "action": accept|reject, "note", "who"} -> {"decided": n}
  GET  /api/bulk?doc=&metric=     the rows of a document without an error/warning finding or a decision
  GET  /decisions.csv?doc=&metric=&action=&status=   the decision log (Workspace.decision_log) as CSV
  GET  /doc/{name}/page/{n}.png   a PDF page as published (pipeline.review.pdfpage.render); ?w=<pixels>: that
                                  wide (the page's panel at its zoom and the screen's pixel ratio), else PAGE_SCALE
  GET  /doc/{name}/page/{n}/boxes where each number of that page stands on it: {uid: [[x0, y0, x1, y1], ...]}
  GET  /series                    a chart per series across editions
  GET  /decisions                 every decision, filtered (?doc=&metric=&action=&status=), linked to its number
  GET  /search?q=                 a figure or a word across all documents, linked to the numbers
  GET  /favicon.ico               the app's icon
  GET  /static/...                the page's script and stylesheet (nothing from elsewhere)
A bad request gets a 4xx with {"error": one line}; nothing is written then. Who may send requests
(a session token, the app's own origin): pipeline.review.guard.
"""
from __future__ import annotations

import json
import socket
import threading
from dataclasses import dataclass
from functools import lru_cache

from fastapi import BackgroundTasks, FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from ..publish.decisions import DecisionError, StaleDecision, default_reviewer
from ..values import ValueTextError, read_value, shown
from .decision_log import log_csv
from .lookup import decision_log
from .pdfpage.document import page_count
from .pdfpage.items import items_for
from .pdfpage.locate import locate_numbers
from .pdfpage.render import render_page_png
from .guard import Guard, check_address, configured_token, new_token
from .icon import favicon_ico
from .pages import (STATIC, Filters, LogFilters, render_decisions, render_document, render_index, render_search,
                    render_series)
from .folder import signature
from .status import mark_status
from .workspace import Workspace
from ..publish.series import write_series
import time
import sys

PAGE_SCALE = 1.5         # a page image without ?w= (108 dpi)
MAX_PAGE_WIDTH = 4000    # pixels: the widest page image asked for (a zoomed page on a 2x screen)
DEFAULT_PORT = 8377      # `migstat review` without --port (a free one when it is taken)


def create_app(extracted_dir, decisions_path=None, docs=None, reviewer: str | None = None, token: str | None = None):
    """The FastAPI app over an extracted/ folder and a decisions file (default: review/decisions.jsonl,
    or $MIGSTAT_DECISIONS); `docs` limits the documents shown (paths, sources or names); `reviewer`:
    who decides when a request names nobody (default: $MIGSTAT_REVIEWER, git's user.name, $USER).
    `token`: a configured token, which every request then needs; without one, the app makes a token
    of its own that state-changing requests need (pipeline.review.guard)."""
    ws = Workspace(extracted_dir, decisions_path, docs)
    who = " ".join(str(reviewer or "").split()) or default_reviewer()
    app = FastAPI(title="migstat review", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.workspace = ws
    app.state.reviewer = who
    app.state.token = tok = token or new_token()
    app.add_middleware(Guard, token=tok, require_everywhere=bool(token))
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")

    def error(status: int, message: str) -> JSONResponse:
        return JSONResponse({"error": " ".join(str(message).split())}, status_code=status)

    def document(name: str):
        try:
            return ws.doc(name)
        except KeyError:
            return None

    @app.get("/", response_class=HTMLResponse)
    def index(metric: str = "", severity: str = "", status: str = "", change: str = ""):
        return render_index(ws, Filters(metric, severity, status, change), who, token=tok)

    @app.get("/series", response_class=HTMLResponse)
    def series():
        return render_series(ws, who, token=tok)

    @app.get("/decisions", response_class=HTMLResponse)
    def decisions_page(doc: str = "", metric: str = "", action: str = "", status: str = "", start: int = 0):
        return render_decisions(ws, LogFilters(doc, metric, action, status), who, token=tok, start=start)

    @app.get("/search", response_class=HTMLResponse)
    def search(q: str = ""):
        return render_search(ws, q, who, token=tok)

    @app.get("/favicon.ico")
    def favicon():
        return Response(favicon_ico(), media_type="image/x-icon", headers={"cache-control": "max-age=86400"})

    @app.get("/doc/{name}", response_class=HTMLResponse)
    def document_page(name: str):
        d = document(name)
        if d is None:
            return HTMLResponse(f"<p>No document {name!r} here; see <a href='/'>the documents</a>.</p>", 404)
        return render_document(ws, d, who, token=tok)

    @app.get("/api/rows/{uid}")
    def row(uid: str):
        try:
            return ws.row_detail(uid)
        except KeyError:
            return error(404, f"unknown row {uid!r}")

    publish_lock = threading.Lock()

    def republish() -> None:
        """extracted/series.csv/.parquet rewritten with the decisions, after the response: under a lock,
        from the decisions file as it is then, so the last rewrite holds every decision."""

        with publish_lock:
            try:
                write_series(ws.extracted_dir, ws.decisions_path)
            except (OSError, ValueError) as e:
                print(f"warning: {ws.extracted_dir}/series.csv not rewritten: {e} (run `migstat publish`)",
                      file=sys.stderr)

    async def json_body(request: Request):
        try:
            return json.loads(await request.body() or b"{}")
        except (ValueError, UnicodeDecodeError):
            return None

    def decided(uid: str, decision) -> dict:
        d, r = ws.find_row(uid)
        f = ws.frame(d)
        same_span = f[(f["char_start"] == r["char_start"]) & (f["char_end"] == r["char_end"])]
        return {"decision": None if decision is None else decision.as_json(), "row": ws.row_detail(uid),
                "mark_status": mark_status(list(same_span["status"]))}

    @app.get("/api/value")
    def typed_value(row: str = "", text: str = ""):
        try:
            _, r = ws.find_row(row)
        except KeyError:
            return error(404, f"unknown row {row!r}")
        try:
            v = read_value(text, str(r["unit"]), r["value"])
        except ValueTextError as e:
            return error(422, str(e))
        return {"value": v, "shown": shown(v), "unit": str(r["unit"])}

    @app.post("/decisions")
    async def decide(request: Request, background: BackgroundTasks):
        body = await json_body(request)
        if body is None:
            return error(400, "the request is not JSON")
        if not isinstance(body, dict) or not isinstance(body.get("row"), str):
            return error(400, 'a decision needs {"row": <row id>, "action": accept|reject|correct|withdraw}')
        expected = body.get("expected")
        if "expected" in body and not isinstance(expected, (str, type(None))):
            return error(400, '"expected" is the decision id last seen on the row ("" for none)')
        uid = body["row"]
        try:
            decision = ws.decide(uid, str(body.get("action", "")), body.get("value"), str(body.get("note") or ""),
                                 str(body.get("who") or "") or app.state.reviewer,
                                 expected=(expected or "") if "expected" in body else None)
        except KeyError:
            return error(404, f"unknown row {uid!r}")
        except StaleDecision as e:
            return JSONResponse({"error": " ".join(str(e).split()),
                                 "current": None if e.current is None else e.current.as_json(),
                                 "row": ws.row_detail(uid)}, status_code=409)
        except DecisionError as e:
            return error(422, str(e))
        background.add_task(republish)
        return decided(uid, decision)

    @app.post("/decisions/bulk")
    async def decide_many(request: Request, background: BackgroundTasks):
        body = await json_body(request)
        if body is None:
            return error(400, "the request is not JSON")
        rows = body.get("rows") if isinstance(body, dict) else None
        if not isinstance(rows, list) or not all(isinstance(u, str) for u in rows):
            return error(400, 'a bulk decision needs {"rows": [<row id>, ...], "action": accept|reject}')
        try:
            made = ws.decide_many(rows, str(body.get("action", "accept")), str(body.get("note") or ""),
                                  str(body.get("who") or "") or app.state.reviewer)
        except KeyError as e:
            return error(404, f"unknown row {e.args[0]!r}; nothing was decided")
        except DecisionError as e:
            return error(422, f"{e}; nothing was decided")
        if made:
            background.add_task(republish)
        return {"decided": len(made)}

    @app.get("/api/bulk")
    def bulk_rows(doc: str = "", metric: str = ""):
        try:
            uids = ws.bulk_rows(doc, metric or None)
        except KeyError:
            return error(404, f"no document {doc!r} here")
        return {"rows": uids, "count": len(uids)}

    @app.get("/decisions.csv")
    def decisions_csv(doc: str = "", metric: str = "", action: str = "", status: str = ""):
        log = decision_log(ws, LogFilters(doc, metric, action, status))      # as the decisions page keeps them
        return Response(log_csv(log), media_type="text/csv; charset=utf-8",
                        headers={"content-disposition": 'attachment; filename="decisions.csv"'})

    @app.get("/doc/{name}/page/{page}.png")
    def page_image(name: str, page: int, w: int = 0):
        d = document(name)
        if d is None or d.fmt != "pdf" or d.path is None:
            return error(404, f"{name}: no PDF document of that name")
        n = page_count(d.path)
        if not 1 <= page <= n:
            return error(404, f"{name}: no page {page} (the PDF has {n})")
        if not 0 <= w <= MAX_PAGE_WIDTH:
            return error(422, f"{name}: a page image is 1 to {MAX_PAGE_WIDTH} pixels wide, not {w}")
        png = _page_png(str(d.path), signature(d.path), page, w or None)
        return Response(png, media_type="image/png", headers={"cache-control": "max-age=3600"})

    @app.get("/doc/{name}/page/{page}/boxes")
    def page_boxes(name: str, page: int):
        d = document(name)
        if d is None or d.fmt != "pdf" or d.path is None:
            return error(404, f"{name}: no PDF document of that name")
        t = ws.text(d)
        if t.document is None:
            return error(404, t.problem)
        f = ws.frame(d)
        rows = f[f["page"] == page]
        items = tuple(tuple(x) for x in items_for(t.document, rows[["uid", "char_start", "char_end"]].itertuples(index=False)))
        found = _boxes(str(d.path), signature(d.path), items)
        return {uid: [list(b) for b in nb.boxes] for uid, nb in found.items()}

    return app


@lru_cache(maxsize=64)
def _page_png(path: str, sig: tuple, page: int, width: int | None) -> bytes:
    return render_page_png(path, page, PAGE_SCALE, width)


@lru_cache(maxsize=64)
def _boxes(path: str, sig: tuple, items: tuple) -> dict:
    return locate_numbers(path, items)


@dataclass
class RunningServer:
    """A server started in a thread (tests, bench): its URL, and stop()."""
    url: str
    server: object
    thread: threading.Thread

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def _socket(host: str, port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(128)
    return sock


def _server(app, host: str, port: int, fallback: bool = False):
    """A uvicorn server and its bound socket; with `fallback`, a free port when `port` is taken."""
    import uvicorn     # start-up: the server, only when one is started
    try:
        sock = _socket(host, port)
    except OSError:
        if not fallback:
            raise
        sock = _socket(host, 0)
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    return uvicorn.Server(config), sock, f"http://{f'[{host}]' if ':' in host else host}:{sock.getsockname()[1]}/"


def start_server(app, host: str = "127.0.0.1", port: int = 0) -> RunningServer:
    """Serve `app` from a thread; returns when it accepts requests."""
    server, sock, url = _server(app, host, port)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.02)
    if not server.started:
        raise RuntimeError(f"the review app did not start on {url}")
    return RunningServer(url, server, thread)


def serve(extracted_dir, decisions_path=None, docs=None, host: str = "127.0.0.1", port: int | None = None,
          reviewer: str | None = None, token: str | None = None) -> None:
    """Run the app until interrupted, printing its URL first. `port` None: DEFAULT_PORT, or a free
    one when that is taken (the same port keeps the browser's remembered reviewer name); 0: a free one;
    `reviewer`: create_app. Another address than a loopback one only with a token (`token`, else
    $MIGSTAT_REVIEW_TOKEN): guard.UnsafeAddress otherwise."""
    token = configured_token(token)
    check_address(host, token)
    app = create_app(extracted_dir, decisions_path, docs, reviewer, token=token)
    server, sock, url = _server(app, host, DEFAULT_PORT if port is None else port, fallback=port is None)
    shown = f"{url}?token={token}" if token else url
    print(f"migstat review: {shown}  (decisions -> {app.state.workspace.decisions_path}; Ctrl+C stops)",
          file=sys.stderr, flush=True)
    server.run(sockets=[sock])
