"""Known figures: a figure reported elsewhere (Known), another document's observation or a curated
value of rules/known_values.csv, made from observations or from an observation table; and how a table
cell without a core metric is recognised in another edition of its report (table_key)."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Known:
    """A figure reported elsewhere: another document's observation, or a curated known value."""
    doc_id: str          # the other document, or KNOWN_VALUE_PREFIX + its source
    edition: str
    metric: str
    nationality: str
    category: str
    period_start: str
    period_end: str
    period_kind: str
    value: float
    unit: str
    qualifier: str = ""
    source: str = ""
    table_key: str = ""  # a table cell without a core metric: its table and labels (see table_key)


KNOWN_VALUE_PREFIX = "known_values:"   # Known.doc_id of a curated value (rules/known_values.csv)


@functools.lru_cache(maxsize=4096)
def table_key(caption: str, label: str, rule_id: str) -> str:
    """A table cell without a core metric, recognisable in another edition of the report: its caption
    without the figure number, years and source, and its label without years ("Figuur 8: Instroom en
    afhandeling van aanvragen EU-documenten ..., 2022-2023 (Bron: IND)" + "2022 | Afgehandeld")."""
    if not caption or rule_id == "tables.change":
        return ""
    cap = re.sub(r"^\s*(?:figuur|tabel|grafiek|overzicht)\s+[\d.]+\s*:?", "", caption, flags=re.I)
    cap = re.split(r"(?i)\(\s*bron", cap)[0]
    cap = re.sub(r"(?:19|20)\d\d(?:\s*[-–/]\s*(?:19|20)?\d\d)?", "", cap)
    cap = " ".join(re.sub(r"[^\w%]+", " ", cap.lower()).split())
    lab = [p for p in label.split(" | ") if not re.fullmatch(r"(?:19|20)\d\d(?:\s*-\s*(?:19|20)\d\d)?", p.strip())]
    return f"{cap} || {' | '.join(lab).lower()}"


def known_from_observations(obs) -> list[Known]:
    out = []
    for o in obs:
        key = "" if o.metric else table_key(o.table_caption, o.label, o.rule_id)
        if o.metric or key:
            out.append(Known(o.doc_id, o.edition, o.metric, o.nationality, o.category, o.period_start, o.period_end,
                             o.period_kind, float(o.value), o.unit, o.qualifier, o.source, key))
    return out


_TABLE_FIELDS = ("doc_id", "edition", "metric", "nationality", "category", "period_start", "period_end",
                 "period_kind", "value", "unit", "qualifier", "source", "table_caption", "label", "rule_id")


def known_from_table(frame) -> list[Known]:
    """known_from_observations for the rows of an observation table (a DataFrame, or any mapping of
    column name to a sequence with .tolist()), read column by column."""
    out = []
    for (doc_id, edition, metric, nat, cat, start, end, kind, value, unit, qualifier, source, caption, label,
         rule_id) in zip(*(frame[c].tolist() for c in _TABLE_FIELDS)):
        key = "" if metric else table_key(caption, label, rule_id)
        if metric or key:
            out.append(Known(doc_id, edition, metric, nat, cat, start, end, kind, float(value), unit, qualifier,
                             source, key))
    return out
