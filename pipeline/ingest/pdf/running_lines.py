"""Running headers, footers and page numbers removed from a PDF's pages: lines that recur (digits
ignored) at the same height at the top or bottom of most pages, a recurring footer cut off where it
is glued to other text, bare page numbers that count up with the pages, and page counters ("22/36",
"pagina 3 van 12") as the first or last line of a page."""
from __future__ import annotations

import re
import statistics
from collections import Counter, defaultdict

from .lines import Page


_ZONE_LINES = 3  # running headers/footers are looked for in the first/last lines of a page
_MARGIN = 0.15  # ... that lie in the top or bottom 15% of the page
_PAGE_NUMBER = re.compile(r"[-–]?\s*(\d{1,4})\s*[-–]?")
_PAGE_COUNTER = re.compile(r"(?:(?:pagina|page|blz\.?|p\.)\s*)?(\d{1,4})\s*(?:/|van|of)\s*(\d{1,4})", re.I)
_TRAILING_COUNTER = re.compile(r"\s(\d{1,4})\s*/\s*(\d{1,4})$")


def _key(text: str) -> str:
    return " ".join(re.sub(r"\d+", "#", text).split()).lower()


def _zone(page: Page) -> list[int]:
    """Indexes of the lines nearest the top and the bottom of the page, in its margins."""
    order = sorted(range(len(page.lines)), key=lambda i: -page.lines[i].y_first)
    top = [i for i in order[:_ZONE_LINES] if page.lines[i].y_first > (1 - _MARGIN) * page.height]
    bottom = [i for i in order[-_ZONE_LINES:] if page.lines[i].y_first < _MARGIN * page.height]
    return sorted(set(top + bottom))


def remove_running_lines(pages: list[Page]) -> None:
    text_pages = [p for p in pages if p.lines]
    n = len(text_pages)
    drop: dict[int, set[int]] = defaultdict(set)  # page number -> line indexes
    zones = {p.number: _zone(p) for p in text_pages}

    # 1. lines that recur (digits ignored) at the same height at the top or bottom of most pages
    if n >= 2:
        where: dict[str, list[tuple[int, int, float]]] = defaultdict(list)
        for p in text_pages:
            seen = set()
            for i in zones[p.number]:
                key = _key(p.lines[i].text)
                if key.strip("# ") and key not in seen:
                    seen.add(key)
                    where[key].append((p.number, i, p.lines[i].y_first))
        recurring = []
        for key, hits in where.items():
            y = statistics.median(h[2] for h in hits)
            hits = [h for h in hits if abs(h[2] - y) <= 8]
            if len(hits) >= 2 and len(hits) >= 0.5 * n:
                recurring.append((key, y))
                for number, i, _ in hits:
                    drop[number].add(i)
        # a recurring footer glued to other text on one page ("’s-Gravenhage 2024 Tweede
        # Kamer, vergaderjaar 2023–2024, Aanhangsel 1" on page 1): cut the footer off
        for key, y in recurring:
            pattern = _key_pattern(key)
            for p in text_pages:
                for i in zones[p.number]:
                    line = p.lines[i]
                    if i in drop[p.number] or abs(line.y_first - y) > 8:
                        continue
                    m = pattern.search(line.text)
                    if m and (m.start() == 0 or m.end() == len(line.text)):
                        glued = line.text[: m.start()] + line.text[m.end() :]
                        rest = glued.strip()
                        if rest:
                            if line.marks:
                                line.marks = _cut_marks(line.marks, m.start(), m.end(), glued, rest)
                            line.text = rest
                        else:
                            drop[p.number].add(i)

    # 2. page numbers: a bare number in the top or bottom margin that counts up with the
    #    pages; a page counter ("22/36", "pagina 3 van 12") as the first or last line of a
    #    page, alone or ending a footer line ("Totaallijst ... (36360 -VI-1) 22/36")
    candidates = []
    for p in text_pages:
        order = sorted((i for i in range(len(p.lines)) if i not in drop[p.number]), key=lambda i: -p.lines[i].y_first)
        if not order:
            continue
        ends = {order[0], order[-1]}
        zone = set(zones[p.number])
        for i in set(order[:2] + order[-2:]):
            text = p.lines[i].text.strip()
            m = _PAGE_NUMBER.fullmatch(text)
            if m:
                if i in zone:
                    candidates.append((p.number, i, int(m.group(1)) - p.number))
                continue
            if i not in ends and i not in zone:
                continue
            m = _PAGE_COUNTER.fullmatch(text) or (_TRAILING_COUNTER.search(text) if i in ends else None)
            if m and 0 < int(m.group(1)) <= int(m.group(2)):
                drop[p.number].add(i)
    offsets = Counter(c[2] for c in candidates)
    if offsets:
        offset, count = offsets.most_common(1)[0]
        if count >= 2:
            for number, i, off in candidates:
                if off == offset:
                    drop[number].add(i)

    for p in text_pages:
        if drop[p.number]:
            p.lines = [line for i, line in enumerate(p.lines) if i not in drop[p.number]]


def _cut_marks(marks, start: int, end: int, glued: str, rest: str) -> tuple[tuple[int, str], ...]:
    """A line's marks after text[start:end] was cut out (giving `glued`) and the result
    stripped (giving `rest`); a mark inside the cut goes to where the cut was."""
    lead = len(glued) - len(glued.lstrip())
    out = []
    for p, d in marks:
        if p > start:
            p = p - (end - start) if p >= end else start
        out.append((min(max(p - lead, 0), len(rest)), d))
    return tuple(out)


def _key_pattern(key: str) -> re.Pattern:
    parts = []
    for token in key.split():
        parts.append(r"\d+".join(re.escape(piece) for piece in token.split("#")))
    return re.compile(r"\s+".join(parts), re.I)
