"""Tables, cell to observation: every numeric cell of a found table -> one observation (its label,
period, unit, scale, metric, nationality, category), or a SkippedCell with the reason it gives no row.

    table_find.find_tables(doc) -> list[Table]
    table_observations(doc, table) -> (observations, skipped)
    table_grid(doc, table) -> (a GridCell for every observation, skipped)

The walk over a table is here: header rows and sub-table headers, row labels filled down, the period of
each row, then per cell what its column's headers say. What it reads with, one module each:
table_model (the records), table_rules (rules/tables.yaml), table_find (blocks -> Table), table_cells
(the number in a cell, its scale, its kind), table_periods (the period a cell, header or caption
names), table_layout (row-label columns, shifted rows, change rows), table_labels (unit, metric,
nationality, category); table_review lists every cell for a reviewer. The layout rules are written out
in docs/conventions.md ("Tables"); the words that decide something (captions, change rows, units,
places, policy columns, core metrics) are data in rules/tables.yaml.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace

from ..language.period_patterns import YEAR
from ..language.period_arithmetic import edition_period, month_span
from ..model import Document, Observation, Period, explanation_json
from .lexicon import country_names, nationality_mentions
from .table_cells import cell_kind, parse_value, scale_of, scaled
from .table_labels import GROUP_CODES, cell_category, cell_metric, cell_nationality, title_lead, unit_of, without_total
from .table_layout import is_change_row, layout
from .table_model import Cell, SkippedCell, Table
from .table_periods import (caption_period, caption_year_part, day_without_year, header_period, period_of, whole_period,
                            with_day, year_of, year_part)
from .table_rules import table_rules


_RANK = re.compile(r"\d{1,2}\.")


def _join(parts: list[str]) -> str:
    out: list[str] = []
    for p in parts:
        p = " ".join(p.split())
        if p and (not out or out[-1] != p):
            out.append(p)
    return " | ".join(out)


@dataclass(frozen=True)
class _Column:
    text: str                     # the headers joined
    policy: bool                  # a legal parameter ("Wettelijke termijn")
    change: bool                  # a "% verschil" column
    period: Period | None         # a period the headers name
    day: tuple[int, int] | None   # a day without a year ("(31 december)")
    unit: str
    scale: int                    # "( x 1 000)" in a header: 1000 (1: none)
    nationality: bool             # a header names one nationality ("Syrisch ( x 1 000)"; no group like "Overig")


@dataclass(frozen=True)
class GridCell:
    """An observation with its place in the table (for the checks that add up rows and columns)."""
    obs: Observation
    row: int                        # index into Table.rows
    col: int
    row_parts: tuple[str, ...]      # the row's labels (filled down; "Totaal" for an unlabeled total)
    col_parts: tuple[str, ...]      # the column's headers, top to bottom
    change: bool                    # a "% verschil" row or column
    table_start: int = -1           # Table.start: which table the cell belongs to


def table_observations(doc: Document, table: Table) -> tuple[list[Observation], list[SkippedCell]]:
    cells, skipped = table_grid(doc, table)
    return [c.obs for c in cells], skipped


def table_grid(doc: Document, table: Table) -> tuple[list[GridCell], list[SkippedCell]]:
    cfg = table_rules()
    obs: list[GridCell] = []
    skipped: list[SkippedCell] = []

    def skip(cell: Cell, reason: str) -> None:
        if cell.text and (parse_value(cell) or period_of(cell.text) or _RANK.fullmatch(cell.text)):
            skipped.append(SkippedCell(cell.start, cell.end, cell.text, reason))

    if cfg["toc"].match(table.heading or ""):
        for r in table.rows:
            for c in r:
                skip(c, "page number (table of contents)")
        return obs, skipped
    lay = layout(table)
    part_of_population = bool(cfg["part"].search(f"{table.lead} {table.caption}"))
    # "In 2016 hebben 1.590 personen met de Marokkaanse nationaliteit ... De verdeling van de eerste aanvragen over
    # de maanden is als volgt:" over a table that names no nationality: the one nationality the lead-in is about
    # ... and so does a caption (or a title right above) that names one's people ("Tabel Eritreeërs in de asielinstroom,
    # januari t/m juli 2014"; not a country as origin: "ontheemden uit Oekraïne")
    title = table.caption or title_lead(table)
    lead_codes = {m.code for m in nationality_mentions(table.lead) if not m.is_location and m.code not in GROUP_CODES} \
        if not table.caption and table.lead.rstrip().endswith(":") else \
        {m.code for m in nationality_mentions(title) if not m.is_location and m.code not in GROUP_CODES
         and m.surface not in country_names()} \
        if not any(nationality_mentions(c.text) for r in table.rows for c in r if c.text and not parse_value(c)) else set()
    lead_nationality = next(iter(lead_codes)) if len(lead_codes) == 1 else ""
    rows, L, width = lay.rows, lay.label_cols, table.width
    context = f"{table.caption} {table.heading}"
    year_hint = int(doc.edition[:4])
    # a figure whose table names no period is of the edition: its year in an annual report, else its month
    edition_year = edition_period(doc.edition, doc.annual) if not doc.annual else \
        Period(f"{year_hint}-01-01", f"{year_hint}-12-31", "year")

    @functools.lru_cache(maxsize=None)
    def column_facts(heads: tuple[str, ...]) -> _Column:
        """What a column's headers say, worked out once per column (not once per cell)."""
        joined = " ".join(heads)
        return _Column(_join(list(heads)), any(cfg["policy"].search(h) for h in heads),
                       any(cfg["change"].search(h) for h in heads), header_period(list(heads), doc, context),
                       day_without_year(joined), unit_of(list(heads)), scale_of(joined),
                       any(not m.is_location and m.code not in GROUP_CODES for m in nationality_mentions(joined)))

    def nationality_columns() -> bool:
        """Are the table's (current) columns nationalities? Two or more of their headers name one."""
        return sum(1 for c in range(L, width) if col_headers[c] and column_facts(tuple(col_headers[c])).nationality) >= 2
    scale = scale_of(context)
    for i in lay.header_rows:       # "\t( x 1 000)\t\t\t": a header row whose one scale stands alone holds for every column
        texts = [c.text for c in rows[i][L:]]
        scales = [scale_of(t) for t in texts if t.strip()]
        if scale == 1 and len(scales) == 1 and scales[0] != 1:
            scale = scales[0]
    cap_period = caption_period(table, doc)
    cap_part = caption_year_part(table.caption or title_lead(table))      # "..., eerste halfjaar" over columns of years
    cap_day = day_without_year(re.sub(r"(?i)peildatum\s+\d{1,2}\s+\w+\s+" + YEAR, "", table.caption))
    col_headers: list[list[str]] = [[] for _ in range(width)]
    corner: list[str] = []
    block_period: Period | None = None
    filled: list[str] = [""] * L
    # a line of one label over a group of rows ("Eerste asielverzoeken" / "Nareizigers" over rows of
    # nationalities): what the rows under it count; the last such line of the header too
    group_rows = {i for i, r in enumerate(rows) if _group_label(r, L) and i + 1 < len(rows)
                  and any(cell_kind(c) == "value" for c in rows[i + 1])}
    header_set = set(lay.header_rows) - group_rows
    group, group_table = "", None     # the label over the rows below, and the table read with it as its caption

    def set_headers(hrows: list[list[Cell]]) -> None:
        nonlocal col_headers, corner
        col_headers = [[] for _ in range(width)]
        corner = []
        if len(hrows) > 1 and all(_plain_line(doc.text, r) for r in hrows):
            # names wrapped over the lines of a plain-text header ("Asielzoekers en / nareizigers / (aantal)"): one name each
            for c in range(width):
                words = " ".join(r[c].text for r in hrows if r[c].text)
                if words:
                    (corner if c < L else col_headers[c]).append(words)
            return
        for k, r in enumerate(hrows):
            last = k == len(hrows) - 1
            carry = ""
            for c in range(width):
                t = r[c].text
                if c < L:
                    if t:
                        corner.append(t)
                    continue
                if t:
                    carry = t
                    col_headers[c].append(t)
                elif carry and not last:
                    col_headers[c].append(carry)

    if header_set:
        set_headers([rows[i] for i in sorted(header_set)])
        for i in sorted(header_set):
            for c in rows[i]:
                if cell_kind(c) == "period" or (c.text and not re.search(r"\D", c.text.replace(".", ""))):
                    skip(c, "period or label in a header")
    corner_period = next((p for p in (period_of(t) for t in corner) if p), None)
    if corner_period:
        block_period = whole_period(corner_period, context, year_hint)

    # rows that are nationalities (two or more name one): their "Totaal" is the table's population's total
    nationality_rows = sum(1 for i, r in enumerate(rows) if i not in header_set
                           and cell_nationality([r[c].text for c in range(L)], "")) >= 2
    # rows that are months of no year ("januari" under columns "2024 | 2023"): two or more
    period_rows = L > 0 and sum(1 for i, r in enumerate(rows) if i not in header_set and r[0].text
                                and getattr(period_of(r[0].text), "kind", "") == "bare_month") >= 2
    label_headers = [" ".join(rows[i][c].text for i in lay.header_rows) for c in range(L)]
    last_row_period: Period | None = None
    month_rows: list[int] = []          # the months of the rows of months just above
    ranked = sum(1 for r in rows if r[0].text and _RANK.fullmatch(r[0].text)) >= 2
    for i, row in enumerate(rows):
        if i in header_set:
            continue
        if i in group_rows:
            group = row[0].text
            group_table = replace(table, caption=group, heading="", lead="")
            continue
        kinds = [cell_kind(c) for c in row]
        if "value" not in kinds:
            # a sub-table header: "2023\tIngediend\tAfgehandeld\t% gegrond", "2023 verleend\t..."
            if sum(1 for c in row if c.text) >= 2:
                set_headers([row])
                p = next((q for q in (period_of(t) for t in corner) if q), None)
                if p is None:
                    m = re.match(rf"({YEAR})\b", row[0].text)
                    p = period_of(m.group(1)) if m else None
                block_period = whole_period(p, context, year_hint) if p else block_period
                filled = [""] * L
                last_row_period = None
            for c in row:
                if cell_kind(c) == "period":
                    skip(c, "period or label in a header")
            continue
        if ranked:
            for c in row:
                skip(c, "rank in a ranking table (no values)")
            continue
        change = is_change_row(row)
        # row labels, filled down where the conventions say so
        labels = [row[c].text for c in range(L)]
        has_right_label = [any(labels[k] for k in range(c + 1, L)) for c in range(L)]
        for c in range(L):
            if labels[c]:
                filled[c] = labels[c]
                for k in range(c + 1, L):
                    filled[k] = ""
            elif not change and (c in lay.period_cols or has_right_label[c]):
                labels[c] = filled[c]
        row_parts = [t for t in labels if t]
        if not row_parts and not change and L:
            row_parts = ["Totaal"]
        row_text = _join(row_parts)
        row_period = None
        row_months: tuple[int, int] | None = None     # a month row ("januari") under columns of years: its months
        parts = []
        for c in range(L):
            p = period_of(without_total(labels[c])) if labels[c] else None
            if p:
                row_period = whole_period(p, context, year_hint)
                if p.kind == "bare_month":
                    row_months = (int(p.start), int(p.start))
            elif labels[c]:
                parts.append(c)
        # "2020 | 1e kwartaal": a quarter or half of the row's year (else the sub-table's or caption's)
        base = next((q for q in (row_period, block_period, cap_period) if q and q.kind == "year"), None) \
            or (cap_period if cap_period and cap_period.kind in ("range", "ytd") else None)   # "Eerste kwartaal 2024" above
        for c in parts if base else ():
            q = year_part(without_total(labels[c]), label_headers[c], year_of(base))
            if q:
                row_period = q
                break
        if row_months is not None:
            month_rows.append(row_months[0])
        elif month_rows and len(month_rows) >= 2 and _TOTAL_ROW.fullmatch(row_text):
            # the "Totaal" under rows of months: those months together
            row_months = (min(month_rows), max(month_rows))
            if last_row_period is not None:
                y = year_of(last_row_period)
                row_period = Period(month_span(y, row_months[0])[0], month_span(y, row_months[1])[1], "range")
        else:
            month_rows = []
        if row_period is not None:
            last_row_period = row_period
        elif not change:
            row_period = last_row_period     # "waarvan vernieuwingsaanvragen" under its year row
        if change:
            row_period = header_period([row_text], doc, context) or row_period
        for c in range(L):
            cell = row[c]
            if cell.text and cell_kind(cell) in ("value", "period"):
                skip(cell, "row label" if cell_kind(cell) == "value" else "period or label in a header")
        for c in range(L, width):
            cell = row[c]
            v = parse_value(cell)
            if v is None:
                if cell.text and cfg["truncated"].search(cell.text):
                    skipped.append(SkippedCell(cell.start, cell.end, cell.text, "cell cut off in the source"))
                continue
            heads = col_headers[c]
            col = column_facts(tuple(heads))
            if col.policy:
                skip(cell, "policy parameter (legal time limit), not a statistic")
                continue
            is_change = change or col.change
            period = row_period or col.period or block_period or cap_period or edition_year
            if row_months and col.period and col.period.kind == "year":     # "januari" under "2023"
                y = year_of(col.period)
                period = Period(month_span(y, row_months[0])[0], month_span(y, row_months[1])[1],
                                "month" if row_months[0] == row_months[1] else "range")
            if cap_part and period.kind == "year":
                period = year_part(cap_part, "", year_of(period)) or period
            period = with_day(period, col.day or cap_day)
            unit = v.unit or col.unit or unit_of([row_text]) or ("percent" if is_change else "count")
            column_text = col.text
            nationality = ""
            by_nationality = nationality_columns()
            if not cfg["place"].search(" ".join(corner)):
                nationality = cell_nationality(row_parts + heads, " ".join(corner) + " " + (table.caption or table.lead), by_nationality)
            if not nationality and lead_nationality and not nationality_rows and not by_nationality:
                nationality = lead_nationality
            shape = frozenset(n for n, yes in (("nationality_columns", by_nationality),
                                               ("nationality_rows", nationality_rows),
                                               ("period_rows", period_rows)) if yes)
            metric, category, rule, about = cell_metric(table, column_text, row_text, unit, is_change, nationality,
                                                    shape, group_table)
            if metric and part_of_population:      # "Leeftijd: Jonger dan 18 jaar" above the table
                metric, rule = "", ""
            # what is counted: the population the text names when the headers do not ("Syrisch ( x 1 000)")
            label = _join(([about] if about and about != group else []) + ([group] if group else []) + corner + row_parts + heads) \
                or f"{table.ref or 'tabel'}, rij {i + 1}, kolom {c + 1}"
            if not category:
                category = cell_category(corner + row_parts + heads, column_text, col_headers, L, table.caption)
            value = scaled(v, col.scale if col.scale != 1 else scale) if unit == "count" else v.value
            obs.append(GridCell(Observation(
                doc_id=doc.doc_id, source=doc.source, edition=doc.edition, metric=metric, label=label,
                nationality=nationality, category=category, period_start=period.start,
                period_end=period.end, period_kind=period.kind, value=value, unit=unit,
                qualifier=v.qualifier, page=doc.page_of(v.start), char_start=v.start, char_end=v.end,
                quote=" | ".join(c.text for c in table.rows[i] if c.text),
                rule_id=rule_id_of(rule, is_change),
                table=table.ref, source_org=table.source_org, table_caption=table.caption,
                explanation=f"table cell: row «{row_text}», column «{column_text}»"
                            + (f", caption «{table.caption or table.heading}»" if table.caption or table.heading else "")
                            + (f", population «{about}» from the {'caption' if table.caption else 'text before the table'}"
                               if about else ""),
                explanation_record=_cell_record(doc.text, table, row, L, c, rule_id_of(rule, is_change)),
            ), i, c, tuple(row_parts), tuple(heads), is_change, table.start))
    return obs, skipped


def _plain_line(text: str, row) -> bool:
    """Is a row a line of a plain-text table (cells apart by spaces only, no tab or pipe)?"""
    cells = [c for c in row if c.end > c.start]
    return bool(cells) and not re.search(r"[\t|]", text[cells[0].start:cells[-1].end])


def rule_id_of(rule: str, is_change: bool) -> str:
    """A cell's rule: its table metric rule, else a change cell's or a plain cell's."""
    return f"tables.{rule}" if rule else ("tables.change" if is_change else "tables.cell")


def _cell_record(text: str, table: Table, row: tuple[Cell, ...], label_cols: int, col: int, rule_id: str) -> str:
    """A cell's explanation record: its rule, the row's own label cells and the column's header cells
    as half-open spans of Document.text."""
    def words(cells):
        return [{"start": c.start, "end": c.end, "text": text[c.start:c.end]} for c in cells if c.text and c.end > c.start]
    heads = [table.rows[h][col] for h in range(table.header_rows) if col < len(table.rows[h])]
    return explanation_json([{"part": "table", "rule": rule_id, "row": words(row[:label_cols]), "column": words(heads)}])


def _group_label(row, label_cols: int) -> bool:
    """Is the row one label over the rows under it: text in its first cell only, no period, no nationality?"""
    t = row[0].text if row else ""
    return bool(label_cols and t and not any(c.text for c in row[1:]) and period_of(t) is None
                and not cell_nationality([t], "") and re.search(r"[^\W\d_]{3}", t))


_TOTAL_ROW = re.compile(r"(?i)totaal\*?")
