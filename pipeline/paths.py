"""Where migstat finds its rules and its project folder.

The rules (rules/*.yaml, the known values, the publication sources) ship inside the package: a wheel
holds them as pipeline/_rules (pyproject.toml maps the repository's rules/ there), and a checkout
reads its own rules/ at the top of the repository. The project folder — raw/, extracted/, review/,
.prefect/ — is the current directory, or MIGSTAT_PROJECT when it is set: never where the code lies, so
an installed `migstat` works from any folder.
"""
from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
_CHECKOUT_RULES = PACKAGE_DIR.parent / "rules"
RULES_DIR = _CHECKOUT_RULES if (_CHECKOUT_RULES / "attachment.yaml").is_file() else PACKAGE_DIR / "_rules"
PROJECT_ENV = "MIGSTAT_PROJECT"


DECISIONS_ENV = "MIGSTAT_DECISIONS"


def decisions_path(path: str | Path | None = None) -> Path:
    """The review decisions file: `path`, else MIGSTAT_DECISIONS, else review/decisions.jsonl in the
    project folder."""
    return Path(path or os.environ.get(DECISIONS_ENV) or project_dir() / "review" / "decisions.jsonl")


def project_dir() -> Path:
    """The project folder: MIGSTAT_PROJECT, else the current directory."""
    given = os.environ.get(PROJECT_ENV)
    return Path(given).resolve() if given else Path.cwd()
