"""The lines of a PDF's pages made blocks (pdf_blocks -> PdfBlock): a block starts at every page
start, at a vertical gap clearly larger than the normal line spacing, at a change of font size or
boldness, and at a bullet at line start; a short block in a larger or bolder font than the body text
is a heading; each row (or line) of a ruled table is a block of its own, its cells joined by tabs.
The lines of a block are joined with hyphenated ends mended, its footnote markers placed in its text."""
from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from .hyphens import Vocabulary, join_lines, join_marked
from .lines import Line, Page


_GAP_FACTOR = 1.35  # a block break: baseline gap above this times the normal spacing
_SIZE_CHANGE = 0.06  # a block break: font size differs by more than this share
_HEADING_MAX_CHARS = 200
_HEADING_MAX_LINES = 3
_BULLET = re.compile(r"(?:[•●▪■◦►▶➢➤✓□\uf0b7\uf0a7]|o\s|[-–]\s|\d{1,2}[.)]\s|[a-z][.)]\s)")


@dataclass(frozen=True)
class PdfBlock:
    page: int  # 1-based
    text: str  # lines joined with "\n"; hyphenated line ends joined
    is_heading: bool  # larger or bolder font than the body text, and short
    is_table: bool = False  # one row of a ruled table, its cells joined by "\t" (see table_rows)
    # the superscript footnote markers dropped from the text: (offset in `text` where the
    # marker stood, its digits); a marker that opens a footnote ("41 Correctie ...") sits at
    # the start of that footnote's line (a line start or 0)
    markers: tuple[tuple[int, str], ...] = ()


def pdf_blocks(pages: list[Page]) -> list[PdfBlock]:
    all_lines = [line for p in pages for line in p.lines]
    if not all_lines:
        return []
    weights: Counter = Counter()
    for line in all_lines:
        weights[round(line.size * 2) / 2] += len(line.text)
    body_size = weights.most_common(1)[0][0]
    spacing = _normal_spacing(pages)
    vocab = Vocabulary(line.text for line in all_lines)

    blocks: list[PdfBlock] = []
    for p in pages:
        current: list[Line] = []
        lines = p.lines
        for i, line in enumerate(lines):
            if line.table:
                # a row (or a line) of a ruled table: a block of its own, never a heading
                if current:
                    blocks.append(_block(p.number, current, body_size, vocab))
                    current = []
                if line.cells is None:
                    row, marks = join_marked([line.text], [line.marks], vocab)
                else:
                    row, marks = _row_text(line, vocab)
                blocks.append(PdfBlock(page=p.number, text=row, is_heading=False, is_table=True,
                                       markers=_final_marks(marks, len(row))))
                continue
            if current and _breaks(current[-1], line, spacing) and not _table_rhythm(lines, i, body_size):
                blocks.append(_block(p.number, current, body_size, vocab))
                current = []
            current.append(line)
        if current:
            blocks.append(_block(p.number, current, body_size, vocab))
    return [b for b in blocks if b.text]


def _row_text(line: Line, vocab: Vocabulary) -> tuple[str, list]:
    """A table row's text, its cells joined by tabs (each cell's lines joined, hyphenated
    wraps mended, whitespace collapsed), and where its cells' markers stood."""
    texts, marks = [], []
    pos = 0
    for j, cell in enumerate(line.cells):
        cell_marks = line.cell_marks[j] if j < len(line.cell_marks) else ()
        if cell_marks:
            per_line = [[] for _ in cell]
            for k, q, d in cell_marks:
                per_line[min(k, len(cell) - 1)].append((q, d))
            joined, got = join_marked(list(cell), per_line, vocab)
            cell_text, got = _squash(joined, got)
            marks.extend((pos + q, d) for q, d in got)
        else:
            cell_text = " ".join(join_lines(list(cell), vocab).split())
        texts.append(cell_text)
        pos += len(cell_text) + 1
    return "\t".join(texts), marks


def _squash(text: str, marks) -> tuple[str, list]:
    """" ".join(text.split()), and the marks' positions in it (a mark in whitespace goes
    to the end of the word before it)."""
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    starts = [a for a, _ in words]
    new_starts, at = [], 0
    for a, b in words:
        new_starts.append(at)
        at += b - a + 1
    out = []
    for p, d in marks:
        j = bisect.bisect_right(starts, p) - 1
        if j < 0:
            out.append((0, d))
        else:
            a, b = words[j]
            out.append((new_starts[j] + min(p - a, b - a), d))
    return " ".join(text[a:b] for a, b in words), out


def _final_marks(marks, length: int) -> tuple[tuple[int, str], ...]:
    return tuple(sorted(((min(max(p, 0), length), d) for p, d in marks), key=lambda m: m[0]))


def _gap(lines: list[Line], i: int) -> float | None:
    """Baseline distance from line i-1 down to line i, when both have the same size."""
    if i <= 0 or i >= len(lines) or abs(lines[i].size - lines[i - 1].size) > 0.1:
        return None
    return lines[i - 1].y_last - lines[i].y_first


def _table_rhythm(lines: list[Line], i: int, body_size: float) -> bool:
    """Rows of a ruled table (set smaller than the body text) sit at a regular pitch that is
    wider than the spacing of wrapped lines: keep such a run of rows in one block."""
    line = lines[i]
    if line.size >= 0.9 * body_size or line.bold != lines[i - 1].bold:
        return False
    gap = _gap(lines, i)
    if gap is None or gap <= 0 or gap > 4 * line.size:
        return False
    return any(g is not None and abs(g - gap) <= 1.0 for g in (_gap(lines, i - 1), _gap(lines, i + 1)))


def _normal_spacing(pages: list[Page]) -> dict[float, float]:
    gaps: dict[float, list[float]] = defaultdict(list)
    for p in pages:
        for prev, line in zip(p.lines, p.lines[1:]):
            size = round(line.size * 2) / 2
            if abs(prev.size - line.size) < 0.1 and not prev.bold and not line.bold:
                gap = prev.y_last - line.y_first
                if 0.8 * size < gap < 2.5 * size:
                    gaps[size].append(round(gap * 2) / 2)
    spacing = {}
    for size, values in gaps.items():
        # the most common gap is the spacing inside a paragraph; ties go to the smaller
        counts = Counter(values)
        best = max(counts.values())
        spacing[size] = min(v for v, c in counts.items() if c == best)
    return spacing


def _breaks(prev: Line, line: Line, spacing: dict[float, float]) -> bool:
    size = max(line.size, 1.0)
    if abs(line.size - prev.size) > _SIZE_CHANGE * max(line.size, prev.size):
        return True
    if line.bold != prev.bold:
        return True
    normal = spacing.get(round(line.size * 2) / 2, 1.2 * size)
    gap = prev.y_last - line.y_first
    if gap > _GAP_FACTOR * normal or gap < -0.5 * size:
        return True
    return bool(_BULLET.match(line.text))


def _block(page: int, lines: list[Line], body_size: float, vocab: Vocabulary) -> PdfBlock:
    text, marks = join_marked([line.text for line in lines], [line.marks for line in lines], vocab)
    bigger = all(line.size > body_size * 1.1 for line in lines)
    bolder = all(line.bold for line in lines)
    short = len(text) <= _HEADING_MAX_CHARS and len(lines) <= _HEADING_MAX_LINES
    return PdfBlock(page=page, text=text, is_heading=bool((bigger or bolder) and short),
                    markers=_final_marks(marks, len(text)))
