"""What a table cell counts, from its row labels, column headers, corner and caption: its unit, its
core metric (the metric rules of rules/tables.yaml, a `context` rule from the caption or the text
before the table), its one nationality, and its category (a "Totaal" and what it includes)."""
from __future__ import annotations

import functools
import re

from .lexicon import category_mentions, heading_categories, nationality_mentions
from .table_cells import without_scale
from .table_model import Table
from .table_periods import period_of, without_note, without_period, year_part
from .table_rules import table_rules


def unit_of(texts: list[str]) -> str:
    for t in texts:
        for unit, rx in table_rules()["units"]:
            if rx.search(t):
                return unit
    return ""


def cell_metric(table: Table, column: str, row: str, unit: str, change: bool, nationality: str,
                shape: frozenset[str] = frozenset(), group: Table | None = None) -> tuple[str, str, str, str]:
    """The first metric rule of rules/tables.yaml that holds: (metric, category, rule id, the words of
    the caption or text before the table that named the population, for a `context` rule). When that
    is a `context` rule, of the `context` rules that hold the one whose words stand nearest the table.
    Under a column that is a period ("2021"), the row's label names what is counted ("Eerste aanvragen",
    "Nareizigers", "Totaal"): the rules read it as they read a column's header. `shape` holds what the
    table is laid out by: "nationality_columns", "nationality_rows", "period_rows" (the rules' conditions of that name).
    `group`: the table with the label over the cell's group of rows ("Nareizigers") as its caption, read first."""
    if group is not None:
        found = cell_metric(group, column, row, unit, change, nationality, shape)
        if found[0]:
            return found
    what, says_nothing = _column_says(column)
    row = _COUNT_NOTE.sub("", row)
    found = _cell_metric(table, what, row, unit, change, nationality, shape)
    if not found[0] and _TOTAL_OF.search(what):       # "Eerste asielverzoeken totaal": that type's total
        found = _cell_metric(table, " | ".join(without_total(p) for p in what.split(" | ")), row, unit, change,
                             nationality, shape)
    if not found[0] and row and says_nothing and not nationality:
        return _cell_metric(table, row.split(" | ")[-1], "", unit, change, nationality, shape)
    return found


@functools.lru_cache(maxsize=4096)
def _column_says(column: str) -> tuple[str, bool]:
    """What a column's headers say is counted — without its scale, "(aantal)" and the headers that are
    periods ("januari", "2023 1e kwartaal", "1e halfjaar", "Eerste asielverzoeken | 2022": they say when) — and whether that
    leaves nothing but "Aantal" (then the row's label says what: "2022 | Aantal")."""
    parts = [q for q in (without_note(without_scale(_COUNT_NOTE.sub("", p))) for p in column.split(" | ")) if q]   # ("2016 | (aantal)", "Asielzoekers 1)")
    parts = [p for p in parts if not _BARE_UNIT.fullmatch(p)] or parts      # "Asielzoekers 1) | aantal" (StatLine's unit row)
    what = " | ".join(without_period(p) for p in parts if period_of(p) is None and year_part(p, "", 2000) is None)
    return what, not re.sub(r"(?i)\b(?:aantal|absoluut)\b", "", what).strip(" |")


def _cell_metric(table: Table, column: str, row: str, unit: str, change: bool, nationality: str,
                 shape: frozenset[str]) -> tuple[str, str, str, str]:
    if change:
        return "", "", "", ""
    context = caption_context(table)
    about = table.caption or f"{table.heading} {table.lead}"     # nearest the table last
    column = without_scale(column)
    best: tuple[int, dict, str] | None = None
    for k, r in enumerate(table_rules()["metrics"]):
        if best is not None and "context" not in r:
            continue
        if "caption" in r and not _caption_holds(k, context):
            continue
        hits = _context_hits(k, about) if "context" in r else None
        if hits == ():
            continue
        if any(r.get(flag) and flag not in shape for flag in _SHAPES):
            continue
        if "column" in r and not r["column"].search(column):
            continue
        if "row" in r and not r["row"].search(row):
            continue
        if r.get("unit") and r["unit"] != unit:
            continue
        if r.get("needs_nationality") and not nationality:
            continue
        if hits is None:
            return r["metric"], r.get("category", ""), r["id"], ""
        if best is None or hits[-1][0] > best[0]:
            best = (hits[-1][0], r, hits[-1][1])
    if best is not None:
        _, r, words = best
        return r["metric"], r.get("category", ""), r["id"], words
    return "", "", "", ""


def caption_context(table: Table) -> str:
    """What the `caption` rules read: the caption and the heading; a table without a caption is read by
    the title right above it, its heading and its own labels ("Eerste asielaanvragen", "Herhaalde
    asielaanvragen", "Nareizigers", "Totaal" over "maart 2018 | april 2018": they say what it counts)."""
    if table.caption:
        return f"{table.caption} {table.heading}"
    return f"{title_lead(table)} {table.heading} {table.label_words}"


def title_lead(table: Table) -> str:
    """The line right above a table without a caption, when it is a title (short: no paragraph)
    ("Alleenstaande minderjarige vreemdelingen (amv) en eerste asielverzoeken per kwartaal 1)"):
    what the table counts, read as its caption is."""
    return table.lead if len(table.lead) <= _TITLE_CHARS and not _SENTENCE_END.search(table.lead) else ""


_TITLE_CHARS = 150
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")      # a sentence is no title
_SHAPES = ("nationality_columns", "nationality_rows", "period_rows")
# "Eerste asielverzoeken totaal", "Totaal eerste asielaanvragen": the type's total is the type;
# "Totaal eerste kwartaal": the total of that period
_TOTAL_OF = re.compile(r"(?i)^totaal\s+(?=\S)|(?<=\S)\s+\(?totaal\)?$")


def without_total(text: str) -> str:
    """A label without its "Totaal" ("Totaal eerste kwartaal" -> "eerste kwartaal")."""
    return _TOTAL_OF.sub("", text)
_BARE_UNIT = re.compile(r"(?i)aantal|absoluut|x\s*1\s*000")
_COUNT_NOTE = re.compile(r"(?i)\s*\((?:aantal|absoluut|abs\.|personen)\)")


@functools.lru_cache(maxsize=4096)
def _caption_holds(k: int, context: str) -> bool:
    """Does metric rule k's `caption` hold for a table's caption and heading (the same for all its cells)?"""
    return table_rules()["metrics"][k]["caption"].search(context) is not None


@functools.lru_cache(maxsize=4096)
def _context_hits(k: int, about: str) -> tuple[tuple[int, str], ...]:
    """Where metric rule k's `context` words stand in what the table is about: (end, words) of each."""
    return tuple((m.end(), m.group(0)) for m in table_rules()["metrics"][k]["context"].finditer(about))


GROUP_CODES = {"OTHER", "UNKNOWN"}
_NATIONALITY_WORD = re.compile(r"(?i)nationalit|herkomst|\bland(en)?\b")


def cell_nationality(parts: list[str], context: str, by_nationality: bool = False) -> str:
    """The one nationality the labels name. "Overig"/"Onbekend" are nationalities only where the
    label, the corner header or the caption speaks of nationality or origin ("andere nationaliteit",
    a "Nationaliteit" column), or next to columns that are nationalities (`by_nationality`: "Syrisch |
    Turks | Overig"); elsewhere they are categories."""
    codes = []
    by_nationality = by_nationality or bool(_NATIONALITY_WORD.search(context))
    for p in parts:
        for m in nationality_mentions(p):
            if m.is_location or (m.code in GROUP_CODES and not (by_nationality or _NATIONALITY_WORD.search(p))):
                continue
            if m.code not in codes:
                codes.append(m.code)
    return codes[0] if len(codes) == 1 else ""


def cell_category(parts: list[str], column_text: str, col_headers: list[list[str]], label_cols: int,
              caption: str = "") -> str:
    total_column = bool(re.match(r"(?i)totaal\b", column_text.split(" | ")[-1] if column_text else ""))
    total_row = any(re.match(r"(?i)totaal\b", p) for p in parts)      # the row's (or a header's) "Totaal"
    if total_column or total_row:
        others = " ".join(" ".join(h) for h in col_headers[label_cols:])
        for category, needs, in_caption in table_rules()["includes"]:
            if in_caption is not None and in_caption.search(caption):
                return category          # "Totaal" of a table whose caption says what the total includes
            if needs and total_column and all(rx.search(others) for rx in needs):
                return category          # "Totaal" beside the columns it includes
    for p in parts:          # the first category the labels name ("Spoor 2 ... veilig land van herkomst")
        mentions = category_mentions(p)
        if mentions:
            return mentions[0].code
    under = heading_categories(caption)     # a caption naming "de caseload van DTenV"
    return under[0] if len(under) == 1 else ""
