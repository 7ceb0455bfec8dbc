"""Load the YAML rule files in rules/ once per process (they are data; the code never hard-codes them)."""
from __future__ import annotations

import functools
from pathlib import Path

import yaml

RULES_DIR = Path(__file__).resolve().parents[1] / "rules"

try:  # the C loader is ~10x faster; fall back where libyaml is missing
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader


@functools.lru_cache(maxsize=None)
def load(name: str) -> dict:
    """Parsed contents of rules/<name>.yaml."""
    with open(RULES_DIR / f"{name}.yaml", encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_Loader) or {}
