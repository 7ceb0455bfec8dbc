"""A document's identity: the name its source is written under in the tables (display_path: one
name per file however a run was given it, remembered per run) and its doc_id (doc_id_of: the
content hash of its bytes)."""
from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path

from ..paths import PROJECT_ENV, project_dir


def display_path(path: Path) -> str:
    """The source as written to the table, one name per file however the run was given it
    ("docs/x.pdf", "./docs/x.pdf", "$PWD/docs/x.pdf", a worker's absolute path): relative to the project
    when inside it (paths.project_dir: stable across clones), else the resolved absolute path.
    Remembered per working folder, project and name until forget_display_paths() (each run starts
    with it: a link may have moved)."""
    try:
        cwd = os.getcwd()
    except OSError:                      # the working folder is gone: nothing to remember it by
        return _resolved_name("/", str(path))
    return _display_path(cwd, os.environ.get(PROJECT_ENV, ""), str(path))


@functools.lru_cache(maxsize=65536)
def _display_path(cwd: str, project_given: str, path: str) -> str:
    return _resolved_name(_project_name(cwd, project_given), path)


def _resolved_name(project: str, path: str) -> str:
    try:
        resolved = _realpath(path)
    except (RuntimeError, OSError):      # a symlink loop: the run says it cannot be read
        return path
    if resolved == project:
        return "."
    inside = project.rstrip("/") + "/"   # Path.relative_to, as strings (a run names every file here)
    return resolved[len(inside):] if resolved.startswith(inside) else resolved


@functools.lru_cache(maxsize=64)
def _project_name(cwd: str, project_given: str) -> str:
    return str(project_dir())


def _realpath(path: str) -> str:
    """Path(path).resolve(), with the folder's resolved once per run (_real_folder): a file that is no
    link (one lstat) lies in its folder's resolved path."""
    folder, name = os.path.split(os.path.abspath(path))
    if not name or ".." in path.split(os.sep) or os.path.islink(path):     # ".." after a link: resolve() it
        return str(Path(path).resolve())
    return os.path.join(_real_folder(folder), name)


@functools.lru_cache(maxsize=4096)
def _real_folder(folder: str) -> str:
    return str(Path(folder).resolve())


def forget_display_paths() -> None:
    _display_path.cache_clear()
    _project_name.cache_clear()
    _real_folder.cache_clear()


def doc_id_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:12]
