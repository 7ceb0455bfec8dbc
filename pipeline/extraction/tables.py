"""Tables: tab-separated rows (Markdown/text, and PDF ruled tables whose rows pdftext writes with
their cells joined by tabs) -> Table records -> one observation per numeric cell.

    find_tables(doc) -> list[Table]
    table_observations(doc, table) -> (observations, skipped)

A table is a run of `table_row` blocks, joined across a page break. The layout rules (header rows,
row-label columns, spanning header cells, totals rows without a label, sub-tables) are written out
in docs/conventions.md ("Tables"); the words that decide something (captions, change rows, units,
places, policy columns, core metrics) are data in rules/tables.yaml.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Decimal

from .lexicon import category_mentions, heading_categories, nationality_mentions
from ..model import Document, Observation, Period
from ..language.periods import YEAR, find_periods, month_span
from ..rules import load
from ..language.text_tables import scales


@dataclass(frozen=True)
class Cell:
    text: str       # whitespace collapsed
    start: int      # [start, end) of the cell's text in Document.text (start == end: empty cell)
    end: int


@dataclass(frozen=True)
class Table:
    rows: tuple[tuple[Cell, ...], ...]   # every row padded to the table's width
    row_spans: tuple[tuple[int, int], ...]   # [start, end) of each row's line in Document.text
    header_rows: int   # rows at the top that hold no figure (column headers); the rest is the body
    ref: str           # "Figuur 51" (empty when the table has no caption)
    caption: str
    source_org: str    # "IND"
    heading: str
    page: int          # page of the first row
    start: int
    end: int
    lead: str = ""     # the paragraph or heading right before the table (what it is about, without a caption)

    @property
    def width(self) -> int:
        return len(self.rows[0]) if self.rows else 0


@dataclass(frozen=True)
class SkippedCell:
    start: int
    end: int
    surface: str
    reason: str


@functools.lru_cache(maxsize=1)
def _cfg():
    c = load("tables")
    return {
        "caption": re.compile(c["caption"]),
        "source": re.compile(c["source"]),
        "change": re.compile(c["change_label"]),
        "place": re.compile(c["place_headers"]),
        "policy": re.compile(c["policy_headers"]),
        "toc": re.compile(c["toc_heading"]),
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


# ---- finding tables ----------------------------------------------------------------------------

def _line_span(text: str, start: int, end: int) -> tuple[int, int]:
    ls = text.rfind("\n", 0, start) + 1
    le = text.find("\n", end)
    return ls, (len(text) if le < 0 else le)


def _cells(text: str, ls: int, le: int) -> list[Cell]:
    """The cells of one row: split at tabs, or at the pipes of a Markdown pipe table ("| a | b |")."""
    line = text[ls:le]
    sep = "\t"
    if "\t" not in line and line.strip().startswith("|") and line.strip().endswith("|"):
        sep = "|"
        inner_start = line.index("|") + 1
        ls, line = ls + inner_start, line[inner_start:line.rindex("|")]
    out, pos = [], ls
    for raw in line.split(sep):
        lead = len(raw) - len(raw.lstrip())
        body = raw.strip()
        s = pos + lead
        out.append(Cell(" ".join(body.split()), s, s + len(body)))
        pos += len(raw) + 1
    return out


def find_tables(doc: Document) -> list[Table]:
    text = doc.text
    blocks = doc.blocks
    runs: list[list[int]] = []          # indexes of table_row blocks, one list per table
    for i, b in enumerate(blocks):
        if b.kind != "table_row":
            continue
        if runs and _continues(doc, runs[-1][-1], i):
            runs[-1].append(i)
        else:
            runs.append([i])
    tables = []
    for run in runs:
        spans, rows = [], []
        for i in run:
            span = _line_span(text, blocks[i].start, blocks[i].end)
            if not spans or spans[-1] != span:
                spans.append(span)
                rows.append([Cell(" ".join(text[a:e].split()), a, e) for a, e in blocks[i].cells]
                            if blocks[i].cells else _cells(text, *span))
        width = max(len(r) for r in rows)
        rows = [r + [Cell("", r[-1].end, r[-1].end)] * (width - len(r)) for r in rows]
        cap_i = _caption_index(doc, run)
        caption = ref = org = ""
        if cap_i is not None:
            cb = blocks[cap_i]
            caption = " ".join(text[cb.start:cb.end].split())
            ref = _cfg()["caption"].match(caption).group("ref")
            org = _source_org(caption)
        after = run[-1] + 1
        if not org and after < len(blocks) and _cfg()["source"].match(text[blocks[after].start:blocks[after].end].lstrip("( ")):
            org = _source_org(text[blocks[after].start:blocks[after].end])    # "Bron: CBS, IND" under the table
        first = blocks[run[0]]
        lead = ""
        before = run[0] - 1
        if before >= 0 and before != cap_i and blocks[before].kind in ("paragraph", "heading", "list_item"):
            lead = " ".join(text[blocks[before].start:blocks[before].end].split())
        header = next((k for k, r in enumerate(rows) if any(_kind(c) == "value" for c in r)), len(rows))
        tables.append(Table(tuple(tuple(r) for r in rows), tuple(spans), header, ref, caption, org, first.heading,
                            first.page, spans[0][0], spans[-1][1], lead))
    return tables


def _source_org(caption: str) -> str:
    """'(Bron: KMar, Politie)' -> 'KMar, Politie'; '(Bron: DUO, peildatum 1 mei 2024)' -> 'DUO'."""
    m = _cfg()["source"].search(caption)
    if not m:
        return ""
    parts = [p.strip() for p in m.group("org").split(",")]
    keep = [parts[0]] + [p for p in parts[1:] if p[:1].isupper() and len(p.split()) <= 3 and not re.search(r"\d", p)]
    return ", ".join(keep)


def _continues(doc: Document, prev: int, nxt: int) -> bool:
    """Is block `nxt` a row of the same table as block `prev`? Yes when only blank text lies
    between them; across a page break also when what lies between is on the earlier page and is
    no caption (footnotes at the foot of the page), and the next page starts with the rows."""
    blocks = doc.blocks
    if nxt == prev + 1 and blocks[prev].page == blocks[nxt].page:
        return True
    if blocks[nxt].page != blocks[prev].page + 1:
        return False
    between = blocks[prev + 1:nxt]
    cap = _cfg()["caption"]
    if any(b.page != blocks[prev].page or cap.match(doc.text[b.start:b.end].lstrip()) for b in between):
        return False
    w1 = doc.text[blocks[prev].start:blocks[prev].end].count("\t")
    w2 = doc.text[blocks[nxt].start:blocks[nxt].end].count("\t")
    return w1 == w2 or not between


def _caption_index(doc: Document, run: list[int]) -> int | None:
    cap = _cfg()["caption"]
    blocks = doc.blocks
    for i in (run[-1] + 1, run[0] - 1):
        if 0 <= i < len(blocks) and blocks[i].kind != "table_row":
            if cap.match(doc.text[blocks[i].start:blocks[i].end].lstrip()):
                return i
    return None


# ---- cells -------------------------------------------------------------------------------------

_NUMBER = re.compile(
    r"(?P<lt><\s*)?(?P<sign>[+\-−–])?\s*"
    r"(?P<num>\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?|\d+(?:,\d+)?)"
    r"(?P<star>\*+)?(?P<pct>\s*%+)?(?P<star2>\*+)?(?P<note>\s*\([^)]*\))?")
_YEAR_CELL = re.compile(rf"(?P<y>{YEAR})")
_HALF = re.compile(rf"(?P<y>{YEAR})\s*[-–]?\s*(?P<h>I{{1,2}})\b")
_YEAR_PAIR = re.compile(rf"(?P<y1>{YEAR})\s*[-–/]\s*(?P<y2>{YEAR})")
_RANK = re.compile(r"\d{1,2}\.")
_NOT_APPLICABLE = re.compile(r"(?i)n\.?v\.?t\.?|-|–|—|x|\.")


@dataclass(frozen=True)
class _Value:
    value: float
    unit: str            # "percent" when the cell says %, else ""
    qualifier: str
    start: int           # span of the number as written (sign, "<", "%" included; note excluded)
    end: int
    digits: str = ""     # the number without sign, decimal point as ".": "4.47" (exact, for a scale)


def parse_value(cell: Cell) -> _Value | None:
    """The number a cell holds, or None when the cell is no number (text, n.v.t., empty)."""
    m = _NUMBER.fullmatch(cell.text)
    if not m:
        return None
    num = re.sub(r"[.\s\u00a0\u202f]", "", m.group("num")).replace(",", ".")
    value = float(num)
    if m.group("sign") and m.group("sign") != "+":
        value = -value
    written = cell.text[: m.end("pct") if m.group("pct") else m.end("num")]
    return _Value(value, "percent" if m.group("pct") else "", "minder dan" if m.group("lt") else "",
                  cell.start, cell.start + len(written.rstrip()), num)


def scale_of(text: str) -> int:
    """The factor a header or caption scales its figures by ("( x 1 000)" -> 1000), 1 when none."""
    return next((f for f, rx in _cfg()["scales"] if rx.search(text)), 1)


def _without_scale(text: str) -> str:
    """A header without its scale: "Aantal asielverzoeken ( x 1 000)" -> "Aantal asielverzoeken"."""
    for _, rx in _cfg()["scales"]:
        text = rx.sub(" ", text)
    return " ".join(text.split())


def _scaled(v: _Value, factor: int) -> float:
    """The value times the scale, computed exactly on the digits as written (4,47 x 1 000 = 4470, not
    4470.000000000001)."""
    if factor == 1 or not v.digits:
        return v.value * factor
    x = float(Decimal(v.digits) * factor)
    return -x if v.value < 0 else x


_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}


def year_part(label: str, header: str, year: int) -> Period | None:
    """A row label naming a quarter or half of `year` ("1e kwartaal", "2e kwartaal*", "Q1", "eerste
    halfjaar", "I" under a "Kwartaal" header): its `range` period (rules/tables.yaml year_parts)."""
    t = _NOTE.sub("", label.strip())
    ordinals = {str(k).lower(): v for k, v in load("periods")["ordinals"].items()}
    for months, rx, head in _cfg()["year_parts"]:
        m = rx.fullmatch(t)
        if not m or (head is not None and not head.search(header)):
            continue
        w = m.group("n")
        n = int(w) if w.isdigit() else _ROMAN.get(w) or ordinals.get(w.lower())
        if w.lower() == "laatste":
            n = 12 // months
        if n and 1 <= n <= 12 // months:
            return Period(month_span(year, months * (n - 1) + 1)[0], month_span(year, months * n)[1], "range")
    return None


_QUARTER = re.compile(rf"(?i)(?:Q|K|kwartaal\s*)(?P<q>[1-4])\s*[-–]?\s*(?P<y>{YEAR})|(?P<y2>{YEAR})\s*[-–]?\s*(?:Q|K|kwartaal\s*)(?P<q2>[1-4])"
                      rf"|(?P<q3>[1-4])e\s+kwartaal\s+(?P<y3>{YEAR})|(?P<y4>{YEAR})\s+(?P<q4>[1-4])e\s+kwartaal")
_NOTE = re.compile(r"\s*(?:\*+|\((?:voorlopig|vl|v|prognose|raming)[^)]*\))$", re.I)


@functools.lru_cache(maxsize=1)
def _month_names() -> tuple[re.Pattern, dict]:
    months = load("periods")["months"]
    alt = "|".join(sorted(map(re.escape, months), key=len, reverse=True))
    return re.compile(rf"(?i)(?P<m>{alt})\.?(?:\s*[-'’]?\s*(?P<y>{YEAR}|\d\d))?"), months


_MONTH_ALT = "|".join(sorted(map(re.escape, load("periods")["months"]), key=len, reverse=True))
_YEAR_FIRST_MONTH = re.compile(rf"(?i)(?P<y>{YEAR})\s*[-/]?\s*(?P<m>{_MONTH_ALT})\.?")   # CBS "2018 jan"


def _period_of(text: str) -> Period | None:
    """A cell or header that is a period: "2022", "2023*", "2023 (voorlopig)", "2023 - I", "2023-II",
    "2022-2023", "Q1 2023", "1e kwartaal 2023", "januari 2023", "jan-23", "januari" (year from the
    caller: kind "bare_month")."""
    t = _NOTE.sub("", text.strip())
    m = _QUARTER.fullmatch(t)
    if m:
        q = int(m.group("q") or m.group("q2") or m.group("q3") or m.group("q4"))
        y = int(m.group("y") or m.group("y2") or m.group("y3") or m.group("y4"))
        return Period(month_span(y, 3 * q - 2)[0], month_span(y, 3 * q)[1], "range")
    rx, months = _month_names()
    m = rx.fullmatch(t) or _YEAR_FIRST_MONTH.fullmatch(t)
    if m:
        mon = months[m.group("m").lower()]
        if not m.group("y"):
            return Period(f"{mon:02d}", "", "bare_month")
        y = int(m.group("y")) if len(m.group("y")) == 4 else 2000 + int(m.group("y"))
        return Period(*month_span(y, mon), "month")
    m = _HALF.fullmatch(t)
    if m:
        y, h = int(m.group("y")), len(m.group("h"))
        return Period(month_span(y, 6 * h - 5)[0], month_span(y, 6 * h)[1], "range")
    m = _YEAR_PAIR.fullmatch(t)
    if m and int(m.group("y2")) == int(m.group("y1")) + 1:
        return Period(m.group("y1"), m.group("y2"), "pair")   # resolved by the caller (academic year?)
    m = _YEAR_CELL.fullmatch(t)
    if m:
        y = int(m.group("y"))
        return Period(f"{y}-01-01", f"{y}-12-31", "year")
    return None


def _kind(cell: Cell) -> str:
    """empty | period | value | text"""
    return _text_kind(cell.text)


@functools.lru_cache(maxsize=8192)
def _text_kind(text: str) -> str:
    if not text:
        return "empty"
    if _period_of(text):
        return "period"
    if parse_value(Cell(text, 0, len(text))):
        return "value"
    return "text"


# ---- layout ------------------------------------------------------------------------------------

@dataclass
class _Layout:
    header_rows: list[int]        # indexes of the header rows at the top
    label_cols: int               # leading row-label columns
    period_cols: set[int]         # label columns holding periods (filled down)
    rows: list[list[Cell]]        # rows after shifting misplaced rows


def _layout(table: Table) -> _Layout:
    rows = [list(r) for r in table.rows]
    kinds = [[_kind(c) for c in r] for r in rows]
    header = list(range(table.header_rows))
    body = [i for i in range(len(rows)) if i not in header and "value" in kinds[i] and not _is_change_row(rows[i])]
    width = table.width
    label_cols = 0
    counting = bool(body) and _counting_column([rows[i][0] for i in body])
    for c in range(width):
        vals = [kinds[i][c] for i in body]
        if not vals:
            break
        n_value = vals.count("value")
        if c == 0 and counting:
            label_cols = 1
            continue
        if n_value * 2 >= len(vals) or (c == label_cols and n_value and _is_data_column(rows, header, c)):
            break
        label_cols = c + 1
    label_cols = min(label_cols, max(width - 1, 0))
    # a row whose numbers start inside the label columns and that ends in empty cells: shift it right
    for i in body:
        r = rows[i]
        first = next((c for c in range(1 if counting else 0, width) if kinds[i][c] == "value"), None)
        if first is None or first >= label_cols:
            continue
        trailing = 0
        while trailing < width and not r[width - 1 - trailing].text:
            trailing += 1
        k = min(trailing, label_cols - first)
        if k:
            pad = [Cell("", r[first].start, r[first].start)] * k
            rows[i] = r[:first] + pad + r[first:width - k]
    period_cols = set()
    for c in range(label_cols):
        ks = [_kind(rows[i][c]) for i in body if rows[i][c].text]
        if ks and all(k == "period" for k in ks):
            period_cols.add(c)
    return _Layout(header, label_cols, period_cols, rows)


def _is_data_column(rows, header, c) -> bool:
    """A column with a header of its own (not a corner label over the row labels)."""
    return any(rows[i][c].text for i in header) and c > 0


def _counting_column(cells: list[Cell]) -> bool:
    """1, 2, 3 ... (row labels that count, e.g. 'Aantal verhuisbewegingen'), a totals row allowed."""
    nums = [c.text for c in cells if c.text]
    return len(nums) >= 3 and nums == [str(k) for k in range(1, len(nums) + 1)]


def _is_change_row(row: list[Cell]) -> bool:
    return any(_cfg()["change"].search(c.text) for c in row[:3] if c.text and not parse_value(c))


# ---- observations ------------------------------------------------------------------------------

def _join(parts: list[str]) -> str:
    out: list[str] = []
    for p in parts:
        p = " ".join(p.split())
        if p and (not out or out[-1] != p):
            out.append(p)
    return " | ".join(out)


def _year_of(p: Period) -> int:
    return int(p.start[:4])


def _whole_period(p: Period, context: str, year: int | None = None) -> Period:
    """A period cell made whole: "2022-2023" (a pair of years: an academic year in a student table,
    else the two years) and a bare month (its year: the one year the caption names, else `year`)."""
    if p.kind == "bare_month":
        years = set(re.findall(YEAR, context))
        y = int(years.pop()) if len(years) == 1 else year
        if y is None:
            return Period("", "", "month")
        return Period(*month_span(y, int(p.start)), "month")
    if p.kind != "pair":
        return p
    y1, y2 = int(p.start), int(p.end)
    if re.search(r"(?i)studie|student|academisch|schooljaar|collegejaar", context):
        return Period(f"{y1}-09-01", f"{y2}-08-31", "range")
    return Period(f"{y1}-01-01", f"{y2}-12-31", "range")


@functools.lru_cache(maxsize=1)
def _day_pattern() -> re.Pattern:
    alt = "|".join(sorted(map(re.escape, load("periods")["months"]), key=len, reverse=True))
    return re.compile(rf"(?i)(?:(?P<d>\d{{1,2}})|\beind)\s+(?P<m>{alt})\b(?!\s*{YEAR})")


def _day_without_year(text: str) -> tuple[int, int] | None:
    """'(31 december)', 'stand op 31 december', 'peildatum 1 januari', 'stand eind december'."""
    m = _day_pattern().search(text)
    if not m:
        return None
    month = load("periods")["months"][m.group("m").lower()]
    return month, int(m.group("d")) if m.group("d") else -1     # -1: the month's last day


def _with_day(p: Period, day: tuple[int, int] | None) -> Period:
    if day is None or p.kind != "year":
        return p
    month, d = day
    iso = month_span(_year_of(p), month)[1] if d == -1 else f"{_year_of(p)}-{month:02d}-{d:02d}"
    return Period(iso, iso, "point")


def _caption_period(table: Table, doc: Document) -> Period | None:
    cap = table.caption
    m = _cfg()["caption"].match(cap)
    body = cap[m.end():] if m else cap
    body = re.split(r"(?i)\(\s*bron", body)[0]
    if _YEAR_PAIR.search(body):
        return None          # "2022-2023": the rows or columns say which year
    ps = [p for p in find_periods(body, 0, doc.edition, doc.annual) if not p.reference]
    ranges = [p for p in ps if p.kind == "range"]
    if ranges:
        return ranges[0]
    years = [p for p in ps if p.kind in ("year", "ytd")]
    if years:
        y = _year_of(years[-1])
        return Period(f"{y}-01-01", f"{y}-12-31", "year")
    return None


def _header_period(texts: list[str], doc: Document, context: str) -> Period | None:
    for t in reversed(texts):       # nearest header row first
        p = _period_of(t)
        if p:
            return _whole_period(p, context, int(doc.edition[:4]))
        for q in find_periods(t, 0, doc.edition, doc.annual):
            if not q.reference and q.kind in ("point", "range", "month"):
                return q
        years = re.findall(rf"\b{YEAR}\b", t)
        if years and _cfg()["change"].search(t):      # "% verschil 2023 t.o.v. 2022": the later year
            y = max(map(int, years))
            return Period(f"{y}-01-01", f"{y}-12-31", "year")
    return None


def _unit(texts: list[str]) -> str:
    for t in texts:
        for unit, rx in _cfg()["units"]:
            if rx.search(t):
                return unit
    return ""


def _metric(table: Table, column: str, row: str, unit: str, change: bool, nationality: str,
            nationality_columns: bool = False) -> tuple[str, str, str, str]:
    """The first metric rule of rules/tables.yaml that holds: (metric, category, rule id, the words of
    the caption or text before the table that named the population, for a `context` rule). When that
    is a `context` rule, of the `context` rules that hold the one whose words stand nearest the table."""
    if change:
        return "", "", "", ""
    context = f"{table.caption} {table.heading}"
    about = table.caption or f"{table.heading} {table.lead}"     # nearest the table last
    column = _without_scale(column)
    best: tuple[int, dict, str] | None = None
    for r in _cfg()["metrics"]:
        if best is not None and "context" not in r:
            continue
        if "caption" in r and not r["caption"].search(context):
            continue
        hits = list(r["context"].finditer(about)) if "context" in r else None
        if hits == []:
            continue
        if r.get("nationality_columns") and not nationality_columns:
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
        if best is None or hits[-1].end() > best[0]:
            best = (hits[-1].end(), r, hits[-1].group(0))
    if best is not None:
        _, r, words = best
        return r["metric"], r.get("category", ""), r["id"], words
    return "", "", "", ""


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
    cfg = _cfg()
    obs: list[GridCell] = []
    skipped: list[SkippedCell] = []

    def skip(cell: Cell, reason: str) -> None:
        if cell.text and (parse_value(cell) or _period_of(cell.text) or _RANK.fullmatch(cell.text)):
            skipped.append(SkippedCell(cell.start, cell.end, cell.text, reason))

    if cfg["toc"].match(table.heading or ""):
        for r in table.rows:
            for c in r:
                skip(c, "page number (table of contents)")
        return obs, skipped
    lay = _layout(table)
    rows, L, width = lay.rows, lay.label_cols, table.width
    context = f"{table.caption} {table.heading}"
    year_hint = int(doc.edition[:4])
    edition_year = Period(f"{year_hint}-01-01", f"{year_hint}-12-31", "year")

    @functools.lru_cache(maxsize=None)
    def column_facts(heads: tuple[str, ...]) -> _Column:
        """What a column's headers say, worked out once per column (not once per cell)."""
        joined = " ".join(heads)
        return _Column(_join(list(heads)), any(cfg["policy"].search(h) for h in heads),
                       any(cfg["change"].search(h) for h in heads), _header_period(list(heads), doc, context),
                       _day_without_year(joined), _unit(list(heads)), scale_of(joined),
                       any(not m.is_location and m.code not in _GROUP_CODES for m in nationality_mentions(joined)))

    def nationality_columns() -> bool:
        """Are the table's (current) columns nationalities? Two or more of their headers name one."""
        return sum(1 for c in range(L, width) if col_headers[c] and column_facts(tuple(col_headers[c])).nationality) >= 2
    scale = scale_of(context)
    cap_period = _caption_period(table, doc)
    cap_day = _day_without_year(re.sub(r"(?i)peildatum\s+\d{1,2}\s+\w+\s+" + YEAR, "", table.caption))
    col_headers: list[list[str]] = [[] for _ in range(width)]
    corner: list[str] = []
    block_period: Period | None = None
    filled: list[str] = [""] * L
    header_set = set(lay.header_rows)

    def set_headers(hrows: list[list[Cell]]) -> None:
        nonlocal col_headers, corner
        col_headers = [[] for _ in range(width)]
        corner = []
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

    if lay.header_rows:
        set_headers([rows[i] for i in lay.header_rows])
        for i in lay.header_rows:
            for c in rows[i]:
                if _kind(c) == "period" or (c.text and not re.search(r"\D", c.text.replace(".", ""))):
                    skip(c, "period or label in a header")
    corner_period = next((p for p in (_period_of(t) for t in corner) if p), None)
    if corner_period:
        block_period = _whole_period(corner_period, context, year_hint)

    label_headers = [" ".join(rows[i][c].text for i in lay.header_rows) for c in range(L)]
    last_row_period: Period | None = None
    ranked = sum(1 for r in rows if r[0].text and _RANK.fullmatch(r[0].text)) >= 2
    for i, row in enumerate(rows):
        if i in header_set:
            continue
        kinds = [_kind(c) for c in row]
        if "value" not in kinds:
            # a sub-table header: "2023\tIngediend\tAfgehandeld\t% gegrond", "2023 verleend\t..."
            if sum(1 for c in row if c.text) >= 2:
                set_headers([row])
                p = next((q for q in (_period_of(t) for t in corner) if q), None)
                if p is None:
                    m = re.match(rf"({YEAR})\b", row[0].text)
                    p = _period_of(m.group(1)) if m else None
                block_period = _whole_period(p, context, year_hint) if p else block_period
                filled = [""] * L
                last_row_period = None
            for c in row:
                if _kind(c) == "period":
                    skip(c, "period or label in a header")
            continue
        if ranked:
            for c in row:
                skip(c, "rank in a ranking table (no values)")
            continue
        change = _is_change_row(row)
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
        parts = []
        for c in range(L):
            p = _period_of(labels[c]) if labels[c] else None
            if p:
                row_period = _whole_period(p, context, year_hint)
            elif labels[c]:
                parts.append(c)
        # "2020 | 1e kwartaal": a quarter or half of the row's year (else the sub-table's or caption's)
        base = next((q for q in (row_period, block_period, cap_period) if q and q.kind == "year"), None)
        for c in parts if base else ():
            q = year_part(labels[c], label_headers[c], _year_of(base))
            if q:
                row_period = q
                break
        if row_period is not None:
            last_row_period = row_period
        elif not change:
            row_period = last_row_period     # "waarvan vernieuwingsaanvragen" under its year row
        if change:
            row_period = _header_period([row_text], doc, context) or row_period
        for c in range(L):
            cell = row[c]
            if cell.text and _kind(cell) in ("value", "period"):
                skip(cell, "row label" if _kind(cell) == "value" else "period or label in a header")
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
            period = _with_day(period, col.day or cap_day)
            unit = v.unit or col.unit or _unit([row_text]) or ("percent" if is_change else "count")
            column_text = col.text
            nationality = ""
            by_nationality = nationality_columns()
            if not cfg["place"].search(" ".join(corner)):
                nationality = _nationality(row_parts + heads, " ".join(corner) + " " + table.caption, by_nationality)
            metric, category, rule, about = _metric(table, column_text, row_text, unit, is_change, nationality,
                                                    by_nationality)
            # what is counted: the population the text names when the headers do not ("Syrisch ( x 1 000)")
            label = _join(([about] if about else []) + corner + row_parts + heads) \
                or f"{table.ref or 'tabel'}, rij {i + 1}, kolom {c + 1}"
            if not category:
                category = _category(corner + row_parts + heads, column_text, col_headers, L, table.caption)
            value = _scaled(v, col.scale if col.scale != 1 else scale) if unit == "count" else v.value
            obs.append(GridCell(Observation(
                doc_id=doc.doc_id, source=doc.source, edition=doc.edition, metric=metric, label=label,
                nationality=nationality, category=category, period_start=period.start,
                period_end=period.end, period_kind=period.kind, value=value, unit=unit,
                qualifier=v.qualifier, page=doc.page_of(v.start), char_start=v.start, char_end=v.end,
                quote=" | ".join(c.text for c in table.rows[i] if c.text),
                rule_id=f"tables.{rule}" if rule else ("tables.change" if is_change else "tables.cell"),
                table=table.ref, source_org=table.source_org, table_caption=table.caption,
                explanation=f"table cell: row «{row_text}», column «{column_text}»"
                            + (f", caption «{table.caption or table.heading}»" if table.caption or table.heading else "")
                            + (f", population «{about}» from the {'caption' if table.caption else 'text before the table'}"
                               if about else ""),
            ), i, c, tuple(row_parts), tuple(heads), is_change, table.start))
    return obs, skipped


_GROUP_CODES = {"OTHER", "UNKNOWN"}
_NATIONALITY_WORD = re.compile(r"(?i)nationalit|herkomst|\bland(en)?\b")


def _nationality(parts: list[str], context: str, by_nationality: bool = False) -> str:
    """The one nationality the labels name. "Overig"/"Onbekend" are nationalities only where the
    label, the corner header or the caption speaks of nationality or origin ("andere nationaliteit",
    a "Nationaliteit" column), or next to columns that are nationalities (`by_nationality`: "Syrisch |
    Turks | Overig"); elsewhere they are categories."""
    codes = []
    by_nationality = by_nationality or bool(_NATIONALITY_WORD.search(context))
    for p in parts:
        for m in nationality_mentions(p):
            if m.is_location or (m.code in _GROUP_CODES and not (by_nationality or _NATIONALITY_WORD.search(p))):
                continue
            if m.code not in codes:
                codes.append(m.code)
    return codes[0] if len(codes) == 1 else ""


def _category(parts: list[str], column_text: str, col_headers: list[list[str]], label_cols: int,
              caption: str = "") -> str:
    total_column = bool(re.match(r"(?i)totaal\b", column_text.split(" | ")[-1] if column_text else ""))
    total_row = any(re.match(r"(?i)totaal\b", p) for p in parts)      # the row's (or a header's) "Totaal"
    if total_column or total_row:
        others = " ".join(" ".join(h) for h in col_headers[label_cols:])
        for category, needs, in_caption in _cfg()["includes"]:
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


# ---- review ------------------------------------------------------------------------------------

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
