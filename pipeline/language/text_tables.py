"""Tables written as plain text, without tab or pipe separators (web pages saved as text, PDF text):

    Eerste asielverzoeken Nareizigers          <- header: words over the numeric columns
    2018 jan 1560 700                          <- rows: a label (a period, a name) and k numbers
    2018 feb 1200 705

and space-aligned ones ("Syrië      1.234    25%": columns at runs of two or more spaces). A run of at
least three lines of the same shape (a short label, then the same count of numbers) is a table; the
line right above it, when it holds no number, is its header. Each row's cells are found here (their
offsets go into Block.cells); pipeline.extraction.tables reads them as it reads tab-separated rows.

Numbers are never joined across columns: in "2019 jan 850 270" under two column names, 850 and 270 are
two cells (a space as thousands separator, "35 540", is read only inside a cell of an aligned table).

Markdown pipe tables are found here too (pipe_table_rows): a header line over a "---|---" rule line and
the lines with a pipe under it, with or without the outer pipes ("Jaartal | Kwartaal | 4,47 |"); and
runs of pipe lines of the same width without the rule line; and tables saved as CSV with semicolons
("Nationaliteit;jan;feb;1e halfjaar" over "Syrisch;145;120;1 075": semicolon_table_rows).
"""
from __future__ import annotations

import functools
import re

from ..rules import load

_NUM = re.compile(r"(?:<\s?)?[+\-−]?\d+(?:[.,]\d+)*\*?%?|n\.v\.t\.|-")
_YEAR = re.compile(r"(?:19|20)\d\d\*?")
_WIDE = re.compile(r"\S+(?: \S+)*")         # cells of an aligned line: text between runs of 2+ spaces
_SENTENCE_END = re.compile(r"[.!?:;,]$")
MIN_ROWS = 3


def _tokens(line: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"\S+", line)]


def _row_shape(line: str) -> tuple[int, list[tuple[int, int]]] | None:
    """(number of numeric columns, cell spans in the line) of a table row, or None for prose."""
    s = line.rstrip()
    if not s.strip() or _SENTENCE_END.search(s) or len(s) > 160 or "\t" in s or s.lstrip().startswith("|"):
        return None
    if re.search(r"\S {2,}\S", s.strip()):           # aligned: cells between runs of spaces
        cells = [(m.start(), m.end()) for m in _WIDE.finditer(s)]
        nums = [c for c in cells if _NUM.fullmatch(re.sub(r"(?<=\d) (?=\d{3}\b)", "", s[c[0]:c[1]]))]
        if len(cells) >= 2 and nums and nums[-1] == cells[-1]:
            k = 0
            for c in reversed(cells):
                if not _NUM.fullmatch(re.sub(r"(?<=\d) (?=\d{3}\b)", "", s[c[0]:c[1]])):
                    break
                k += 1
            if k == len(cells) and k > 1 and _YEAR.fullmatch(s[cells[0][0]:cells[0][1]]):
                k -= 1                                # "2022      49.420   35.540": the year is the label
            label = cells[:len(cells) - k]
            if len(label) <= 2:
                return k, ([(label[0][0], label[-1][1])] if label else []) + cells[len(cells) - k:]
        return None
    toks = _tokens(s)
    k = 0
    for a, b in reversed(toks):
        if not _NUM.fullmatch(s[a:b]):
            break
        k += 1
    label = toks[:len(toks) - k]
    if k == len(toks) and k > 1 and _YEAR.fullmatch(s[toks[0][0]:toks[0][1]]):
        k, label = k - 1, toks[:1]                    # "2018 1560 700": the year is the label
    if k == 0 or len(label) > 4 or (not label and k < 2):
        return None
    if label and any(_SENTENCE_END.search(s[a:b]) for a, b in label):
        return None
    return k, ([(label[0][0], label[-1][1])] if label else []) + toks[len(toks) - k:]


@functools.lru_cache(maxsize=1)
def scales() -> tuple[tuple[int, re.Pattern], ...]:
    """rules/tables.yaml `scales`: (factor, the words that say it) — "( x 1 000)" -> 1000 (also tables')."""
    return tuple((x["factor"], re.compile(x["pattern"])) for x in load("tables")["scales"])


def _masked_scales(line: str) -> str:
    """The line with each scale ("(x 1 000)", rules/tables.yaml) written over by letters of the same
    length: part of its column's name, and no number that makes the header a row."""
    for _, rx in scales():
        line = rx.sub(lambda m: re.sub(r"\S", "x", m.group(0)), line)
    return line


def _header_cells(line: str, k: int) -> list[tuple[int, int]] | None:
    """The header above k numeric columns: its words split over the columns (by runs of spaces, else
    one column name per capitalised word group, else one word each); None when they do not split.
    A column's scale ("Asielverzoeken (x 1 000)") belongs to its name."""
    s = _masked_scales(line.rstrip())
    if not s.strip() or _SENTENCE_END.search(s) or any(_NUM.fullmatch(s[a:b]) and not _YEAR.fullmatch(s[a:b])
                                                        for a, b in _tokens(s)):
        return None
    wide = [(m.start(), m.end()) for m in _WIDE.finditer(s)]
    if len(wide) >= k and re.search(r"\S {2,}\S", s.strip()):
        return wide[-(k + 1):]           # the column names, and the corner name over the labels
    toks = _tokens(s)
    if len(toks) > 3 * k + 2:
        return None
    groups: list[list[tuple[int, int]]] = []
    for a, b in toks:
        if s[a].isupper() or s[a].isdigit() or not groups:
            groups.append([(a, b)])
        else:
            groups[-1].append((a, b))
    if len(groups) != k and len(toks) == k:
        groups = [[t] for t in toks]
    if len(groups) != k:
        return None
    return [(g[0][0], g[-1][1]) for g in groups]


def text_table_rows(lines: list[tuple[int, str]]) -> dict[int, list[tuple[int, int]]]:
    """For the lines of a text (offset, line): the offset of every line that is a row of a plain-text
    table -> its cells as offsets. Header rows get an empty corner cell over the row labels."""
    shapes = [_row_shape(line) for _, line in lines]
    _regroup_under_headers(lines, shapes)           # "Syrisch 9 950 13 030" under "2022 2023"
    out: dict[int, list[tuple[int, int]]] = {}
    i = 0
    while i < len(lines):
        if shapes[i] is None:
            i += 1
            continue
        k = shapes[i][0]
        j = i
        while j < len(lines) and shapes[j] is not None and shapes[j][0] == k:
            j += 1
        groups = []         # lines that label the group of rows under them ("Eerste asielverzoeken", "Nareizigers")
        while j + 1 < len(lines) and _is_group_label(lines[j][1]) and shapes[j + 1] is not None and shapes[j + 1][0] == k:
            groups.append(j)
            j += 1
            while j < len(lines) and shapes[j] is not None and shapes[j][0] == k:
                j += 1
        if j - i >= MIN_ROWS:
            has_label = any(len(shapes[r][1]) > k for r in range(i, j) if r not in groups)
            stacked = _stacked_header(lines, i, k, shapes[i][1]) if has_label else None
            if has_label and i >= 2 and _is_group_label(lines[i - 1][1]):
                # the first group's label, right under the header (read as if the label were not there)
                above = _stacked_header(lines[:i - 1] + lines[i:], i - 1, k, shapes[i][1])
                if above or _header_cells(lines[i - 2][1], k) is not None:
                    i -= 1
                    groups.insert(0, i)
                    stacked = above
            for r in range(i, j):
                off = lines[r][0]
                if r in groups:
                    a = len(lines[r][1]) - len(lines[r][1].lstrip())
                    out[off] = [(off + a, off + len(lines[r][1].rstrip()))] + [(off + a, off + a)] * k
                    continue
                cells = [(off + a, off + b) for a, b in shapes[r][1]]
                if has_label and len(cells) == k:
                    cells = [(cells[0][0], cells[0][0])] + cells
                out[off] = cells
            h = i - 1
            if h > 0 and not lines[h][1].strip() and lines[h - 1][1].strip():
                h -= 1       # one blank line between the header and the rows ("juli augustus ..." / "" / "Syrisch 1 640 ...")
            if stacked:
                out.update(stacked)
            elif h >= 0 and lines[h][1].strip():
                head = _header_cells(lines[h][1], k)
                if head is not None:
                    off = lines[h][0]
                    cells = [(off + a, off + b) for a, b in head]
                    out[off] = ([(off, off)] if has_label and len(cells) == k else []) + cells
        i = j
    return out


MAX_HEADER_LINES = 5


def _is_group_label(line: str) -> bool:
    """A line that labels the rows under it inside a table ("Eerste asielverzoeken", "Nareizigers"):
    a few words, no figure, no sentence."""
    t = line.strip()
    return bool(t) and len(t.split()) <= 4 and not re.search(r"\d", t) and not _SENTENCE_END.search(t) \
        and not re.search(r"\S {2,}\S", t)


def _stacked_header(lines: list[tuple[int, str]], i: int, k: int, first: list[tuple[int, int]]) -> dict[int, list[tuple[int, int]]] | None:
    """Column names wrapped over two or more lines above an aligned table (StatLine as text):

        Onderwerp   Asielzoekers en   Nareizigers
                    nareizigers       (aantal)
                    (aantal)
        Perioden
        2023        48 550            11 210

    each line's words placed under the column they stand over (by where they start); a line of one label
    right above the rows ("Perioden") is the corner's. The lines as header rows, or None."""
    starts = [a for a, _ in first[-k:]]
    bounds = [s - 2 for s in starts] + [10 ** 6]
    h = i - 1
    rows: list[tuple[int, list[tuple[int, int]]]] = []
    if h >= 0 and re.fullmatch(r"\s*[^\W\d][\w-]*\s*", lines[h][1]) and lines[h][1][:1].strip():
        off = lines[h][0]
        a = len(lines[h][1]) - len(lines[h][1].lstrip())
        rows.append((h, [(off + a, off + len(lines[h][1].rstrip()))] + [(off, off)] * k))
        h -= 1
    while h >= 0 and len(rows) < MAX_HEADER_LINES + 1:
        line = lines[h][1]
        if not line.strip() or _SENTENCE_END.search(line.rstrip()) or \
                any(_NUM.fullmatch(t) and not _YEAR.fullmatch(t) for t in line.split()):
            break
        cells: list[tuple[int, int] | None] = [None] * (k + 1)
        for m in _WIDE.finditer(line):
            col = 0 if m.start() < bounds[0] else next(c + 1 for c in range(k) if bounds[c] <= m.start() < bounds[c + 1])
            if cells[col] is not None:
                return None                     # two names over one column: no such header
            cells[col] = (m.start(), m.end())
        off = lines[h][0]
        rows.append((h, [(off + c[0], off + c[1]) if c else (off, off) for c in cells]))
        h -= 1
    names = [r for r in rows if any(b > a for a, b in r[1][1:])]
    if len(names) < 2:
        return None
    return {lines[r][0]: cells for r, cells in rows}


_GROUP_HEAD, _GROUP_TAIL = re.compile(r"\d{1,3}"), re.compile(r"\d{3}")


def _groupings(toks: list[str], h: int) -> list[list[int]]:
    """The ways to split number tokens into h numbers written with a space between thousands ("9 950
    13 030": [9 950] [13 030]): each number one to three digits, then groups of three; the sizes."""
    if h == 0:
        return [[]] if not toks else []
    out = []
    for n in range(1, len(toks) - h + 2):
        if _GROUP_HEAD.fullmatch(toks[0]) and all(_GROUP_TAIL.fullmatch(t) for t in toks[1:n]):
            out += [[n] + rest for rest in _groupings(toks[n:], h - 1)]
    return out


def _regroup_under_headers(lines: list[tuple[int, str]], shapes: list) -> None:
    """Rows under a header that names fewer columns than they hold number tokens (h): when every row of
    the run (at least MIN_ROWS) splits one way only into h numbers with spaces between thousands, those
    are its cells (shapes changed in place)."""
    for i in range(1, len(lines)):
        above = _masked_scales(lines[i - 1][1])
        if shapes[i] is None or not above.strip() or \
                any(_NUM.fullmatch(t) and not _YEAR.fullmatch(t) for t in above.split()):
            continue          # (a row of the run above, not a header: each run is looked at from its top only)
        j = i
        while j < len(lines) and shapes[j] is not None:
            j += 1
        if j - i < MIN_ROWS or all(shapes[r][0] == shapes[i][0] for r in range(i, j)) and \
                _header_cells(lines[i - 1][1], shapes[i][0]) is not None:
            continue
        top = max(shapes[r][0] for r in range(i, j))
        if not any(_header_cells(lines[i - 1][1], h) is not None for h in range(1, top)):
            continue                                  # the line above is no header (a row of the run itself)
        for h in range(top - 1, 0, -1):
            if _header_cells(lines[i - 1][1], h) is None:
                continue
            new = []
            for r in range(i, j):
                k, cells = shapes[r]
                label, nums = cells[:len(cells) - k], cells[len(cells) - k:]
                ways = _groupings([lines[r][1][a:b] for a, b in nums], h)
                if len(ways) != 1:
                    break
                at, grouped = 0, []
                for size in ways[0]:
                    grouped.append((nums[at][0], nums[at + size - 1][1]))
                    at += size
                new.append((h, label + grouped))
            else:
                shapes[i:j] = new
                break


# ---- Markdown pipe tables ------------------------------------------------------------------------

_PIPE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?\s*$")    # ---|---| or |:---|---:|
_PIPE = re.compile(r"(?<!\\)\|")


def is_pipe_rule(line: str) -> bool:
    """The |---|---| line under a pipe table's header (leading and trailing pipes optional)."""
    return bool(_PIPE_RULE.match(line))


def pipe_cells(line: str) -> list[tuple[int, int]]:
    """The cells of one pipe-table line as [start, end) offsets in the line (white space trimmed;
    an empty cell is (pos, pos)): split at unescaped pipes, a leading and a trailing pipe optional."""
    bars = [m.start() for m in _PIPE.finditer(line)]
    bounds = [-1] + bars + [len(line)]
    parts = list(zip(bounds[:-1], bounds[1:]))
    if bars and not line[:bars[0]].strip():
        parts = parts[1:]                                    # "| a | b": nothing before the first pipe
    if len(parts) > 1 and not line[parts[-1][0] + 1:].strip():
        parts = parts[:-1]                                   # "a | b |": nothing after the last pipe
    out = []
    for a, b in parts:
        raw = line[a + 1:b]
        lead = len(raw) - len(raw.lstrip())
        s = a + 1 + lead
        out.append((s, s + len(raw.strip())))
    return out


def pipe_table_rows(lines: list[tuple[int, str]]) -> dict[int, list[tuple[int, int]]]:
    """For the lines of a text (offset, line): every line of a Markdown pipe table -> its cells as
    offsets. A pipe table is a header line with a pipe, the |---|---| rule line under it, and the
    lines with a pipe that follow (up to the first line without one); leading and trailing pipes are
    optional ("Jaartal | Kwartaal | Aantal |" over "---|---|---|"). The rule line itself is no row."""
    out: dict[int, list[tuple[int, int]]] = {}
    for r, (_, line) in enumerate(lines):
        if r == 0 or not is_pipe_rule(line) or "|" not in lines[r - 1][1]:
            continue
        rows = [lines[r - 1]]
        for off, ln in lines[r + 1:]:
            if "|" not in ln or not ln.strip() or is_pipe_rule(ln):
                break
            rows.append((off, ln))
        for off, ln in rows:
            out[off] = [(off + a, off + b) for a, b in pipe_cells(ln)]
    _pipe_runs_without_rule(lines, out)
    return out


def _pipe_runs_without_rule(lines: list[tuple[int, str]], out: dict[int, list[tuple[int, int]]]) -> None:
    """Pipe tables without their |---| line ("Jaar | Eerste asielverzoeken | Nareizigers" over "2015 | 43 090 |
    4 890"): a run of at least MIN_ROWS lines of the same number (2 or more) of pipe-separated cells, short,
    two or more of them holding a number; added to `out` (lines it already holds are left)."""
    def width(ln: str) -> int:
        return len(pipe_cells(ln)) if ln.count("|") >= 1 and len(ln) <= 200 and not is_pipe_rule(ln) else 0
    r = 0
    while r < len(lines):
        w = width(lines[r][1])
        if w < 2 or lines[r][0] in out:
            r += 1
            continue
        end = r
        while end < len(lines) and lines[end][0] not in out and width(lines[end][1]) == w:
            end += 1
        run = lines[r:end]
        if len(run) >= MIN_ROWS and sum(bool(re.search(r"\d", ln)) for _, ln in run) >= 2:
            for off, ln in run:
                out[off] = [(off + a, off + b) for a, b in pipe_cells(ln)]
        r = max(end, r + 1)


def semicolon_table_rows(lines: list[tuple[int, str]]) -> dict[int, list[tuple[int, int]]]:
    """Tables saved as CSV with semicolons ("Nationaliteit;jan;feb;mrt" over "Syrisch;145;120;160"): a run
    of at least MIN_ROWS short lines with the same number (2 or more) of semicolon-separated cells, none
    of them a sentence, two or more lines holding a cell that is a number. Line -> its cells as offsets."""
    def cells(ln: str) -> list[tuple[int, int]]:
        out, pos = [], 0
        for raw in ln.split(";"):
            lead = len(raw) - len(raw.lstrip())
            out.append((pos + lead, pos + lead + len(raw.strip())))
            pos += len(raw) + 1
        return out

    def width(ln: str) -> int:
        if ";" not in ln or len(ln) > 200 or "\t" in ln or "|" in ln:
            return 0
        parts = ln.split(";")
        return len(parts) if all(len(p.strip()) <= _CELL_CHARS and not _SENTENCE_END.search(p.strip()) for p in parts) else 0

    out: dict[int, list[tuple[int, int]]] = {}
    r = 0
    while r < len(lines):
        w = width(lines[r][1])
        if w < 2:
            r += 1
            continue
        end = r
        while end < len(lines) and width(lines[end][1]) == w:
            end += 1
        run = lines[r:end]
        numeric = sum(any(_NUMBER_CELL.fullmatch(p.strip()) for p in ln.split(";")) for _, ln in run)
        if len(run) >= MIN_ROWS and numeric >= 2:
            for off, ln in run:
                out[off] = [(off + a, off + b) for a, b in cells(ln)]
        r = max(end, r + 1)
    return out


_CELL_CHARS = 60
_NUMBER_CELL = re.compile(r"[<>]?\s?[+\-−]?\d{1,3}(?:[ .]\d{3})*(?:,\d+)?\*?%?|[+\-−]?\d+(?:,\d+)?\*?%?")
