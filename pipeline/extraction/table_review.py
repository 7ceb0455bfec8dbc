"""Every cell of every table with what became of it, for a reviewer (`migstat tables DOC --out
cells.csv`): an observation, a number passed over with its reason, a header, a label, empty, not
applicable."""
from __future__ import annotations

import re

from ..model import Document
from .table_find import find_tables
from .tables import table_observations


_NOT_APPLICABLE = re.compile(r"(?i)n\.?v\.?t\.?|-|–|—|x|\.")


CELL_COLUMNS = ("table", "caption", "source_org", "page", "row", "column", "text", "char_start", "char_end",
                "outcome", "metric", "label", "value", "unit", "reason")


def cell_rows(doc: Document) -> list[dict]:
    """Every cell of every table with what became of it (an observation, a logged reason, a header
    or label, empty), for a reviewer: `migstat tables DOC --out cells.csv`."""
    out = []
    for t in find_tables(doc):
        obs, skipped = table_observations(doc, t)
        by_start = {o.char_start: o for o in obs}
        reasons = {s.start: s.reason for s in skipped}
        for i, row in enumerate(t.rows):
            for c, cell in enumerate(row):
                o = by_start.get(cell.start) if cell.text else None
                if o is not None:
                    outcome = "observation"
                elif cell.start in reasons and cell.text:
                    outcome = "skipped"
                elif not cell.text:
                    outcome = "empty"
                elif _NOT_APPLICABLE.fullmatch(cell.text):
                    outcome = "not applicable"
                else:
                    outcome = "header" if i < t.header_rows else "label or text"
                out.append({
                    "table": t.ref, "caption": t.caption, "source_org": t.source_org,
                    "page": doc.page_of(cell.start), "row": i + 1, "column": c + 1, "text": cell.text,
                    "char_start": cell.start, "char_end": cell.end, "outcome": outcome,
                    "metric": o.metric if o else "", "label": o.label if o else "",
                    "value": o.value if o else None, "unit": o.unit if o else "",
                    "reason": reasons.get(cell.start, "") if o is None and cell.text else "",
                })
    return out
