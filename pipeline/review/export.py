"""`migstat review --out review.html`: the review as one self-contained, read-only HTML file.

The same views as the app (documents, findings, changes, series charts, each document's text with
its numbers marked and every row's detail), with the stylesheet and the script inlined and the
charts as inline SVG; nothing in it refers to anything outside the file, so it opens offline and can
be mailed. Page images are left out (the app renders them); decisions are made in the app.
"""
from __future__ import annotations

from pathlib import Path

from .pages import render_static
from .workspace import Workspace
from ..store import write_bytes


def static_html(extracted_dir, decisions_path=None, docs=None) -> str:
    return render_static(Workspace(extracted_dir, decisions_path, docs))


def write_static(path, extracted_dir, decisions_path=None, docs=None) -> Path:
    """Write the static page to `path` atomically (pipeline.store.write_bytes)."""
    return write_bytes(path, static_html(extracted_dir, decisions_path, docs).encode("utf-8"))
