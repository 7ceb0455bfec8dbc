"""The words of rules/tables.yaml compiled once: captions, source lines, change rows, places, policy
columns, the table of contents, cells cut off, units, what a total includes, the core-metric rules and
the parts of a year; with them the scales of language.text_tables ("( x 1 000)")."""
from __future__ import annotations

import functools
import re

from ..language.text_tables import scales
from ..rules import load


@functools.lru_cache(maxsize=1)
def table_rules():
    c = load("tables")
    return {
        "caption": re.compile(c["caption"]),
        "source": re.compile(c["source"]),
        "change": re.compile(c["change_label"]),
        "place": re.compile(c["place_headers"]),
        "policy": re.compile(c["policy_headers"]),
        "toc": re.compile(c["toc_heading"]),
        "part": re.compile(c["part_of_population"]),
        "truncated": re.compile(c["truncated_cell"]),
        "units": [(u["unit"], re.compile(u["pattern"])) for u in c["units"]],
        "scales": scales(),
        "includes": [(t["category"], [re.compile(p) for p in t.get("columns", [])],
                      re.compile(t["caption"]) if "caption" in t else None) for t in c["total_includes"]],
        "metrics": [{k: (re.compile(v) if k in ("caption", "context", "column", "row") else v) for k, v in r.items()}
                    for r in c["metrics"]],
        "year_parts": [(p["months"], re.compile(p["pattern"]), re.compile(p["header"]) if "header" in p else None)
                       for p in c["year_parts"]],
    }
