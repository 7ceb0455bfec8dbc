"""What a run is given: files as named, folders expanded to their documents; the table a document's
rows go to by default. Light on purpose: `migstat run` refuses a run without documents before it
loads extraction or Prefect."""
from __future__ import annotations

from pathlib import Path


def expand_paths(paths: list[str | Path]) -> list[Path]:
    """Files as given; folders expanded to their entries (hidden files and temp files left out).
    An entry that is no document (a file of an unknown format, a sub-folder, a symlink loop or a link
    to nothing) stays in the list, so the run reports it on one line, as when it is named, instead of
    passing over it in silence."""
    out: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            out.extend(sorted(f for f in p.iterdir() if not f.name.startswith(".")
                              and not f.name.endswith((".tmp", "~"))))
        else:
            out.append(p)
    return out


def output_name(path: str | Path) -> str:
    """extracted/<this>.csv for a source file: its name without the extension."""
    return Path(path).stem
