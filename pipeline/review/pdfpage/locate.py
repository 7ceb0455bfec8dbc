"""locate_numbers: each row's number found on its PDF page, and its boxes.

Where the surface stands more than once on the page, the occurrence whose words before and after it
best match the words around it in the quote wins. A number whose page does not have it, or has it
only in other words, is looked for on the pages before and after too (a paragraph joined across a
page break has the page it starts on). Rows that share a surface are given distinct occurrences,
best-matching first (the rows' own order in a shared quote: items). The PDF is opened once per call,
under the pdfium lock (document.opened), and each page's text read once."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .document import opened
from .items import Query, checked_item, queries
from .pagetext import Box, Pages
from .surfaces import shared

_LOOK_AROUND = 0.5  # the neighbouring pages are searched when the best match on the row's page
#                     shares fewer than this share of the quote's words around the number
_MIN_SHARE = 0.25  # an occurrence sharing fewer of them is not the number (when the quote has 4+)


@dataclass(frozen=True)
class NumberBox:
    page: int  # 1-based
    # one box a printed line the number's characters are on (normally one)
    boxes: tuple[Box, ...]


def locate_numbers(pdf_path, items) -> dict:
    """{item_id: NumberBox} for the items found on their page or the pages next to it; items
    are (item_id, page, surface, quote): the row's 1-based page, the number as written
    (Document.text[char_start:char_end]) and the row's quote (or any text around the number).
    Give all rows of a document in one call, in document order. An item may have a fifth
    element, which occurrence of the surface in the quote the number is (0-based), as
    items_for gives: then no order is assumed."""
    items = list(items)
    with opened(pdf_path) as doc:
        items = [checked_item(pdf_path, item, len(doc)) for item in items]
        pages = Pages(doc)
        try:
            wanted = queries(items)
            chosen = _choose(list(dict.fromkeys(wanted.values())), pages)
            out = {}
            boxes_at: dict[tuple[int, int, int], tuple[Box, ...]] = {}
            for item_id, query in wanted.items():
                where = chosen.get(query)
                if where is None:
                    continue
                if where not in boxes_at:
                    boxes_at[where] = pages.get(where[0]).boxes(where[1], where[2])
                if boxes_at[where]:
                    out[item_id] = NumberBox(where[0], boxes_at[where])
            return out
        finally:
            pages.close()


def _choose(looked_for: list[Query], pages: Pages) -> dict:
    """Query -> (page, start, end) of the occurrence chosen for it; queries without one left out."""
    options: dict[Query, list[tuple[float, int, int, int]]] = {}  # (share, page, start, end)
    for q in looked_for:
        own = _options(q, q.page, pages)
        opts = list(own)
        if not own or max(o[0] for o in own) < _LOOK_AROUND:
            for page in (q.page + 1, q.page - 1):
                if 1 <= page <= pages.n_pages:
                    opts += _options(q, page, pages)
        if len(q.before) + len(q.after) >= 4:
            opts = [o for o in opts if o[0] >= _MIN_SHARE]
        if opts:
            options[q] = opts

    # queries with the same surface get distinct occurrences where there are enough: the
    # best-matching pairs first (the row's own page before another at the same share)
    chosen: dict[Query, tuple[int, int, int]] = {}
    by_surface: dict[str, list[Query]] = defaultdict(list)
    for q in options:
        by_surface[q.surface].append(q)
    for group in by_surface.values():
        pairs = sorted(((share, page != q.page, abs(page - q.page), start, k, page, end)
                        for k, q in enumerate(group) for share, page, start, end in options[q]),
                       key=lambda p: (-p[0], p[1], p[2], p[3], p[4]))
        taken: set[tuple[int, int, int]] = set()
        for _, _, _, start, k, page, end in pairs:
            q = group[k]
            if q not in chosen and (page, start, end) not in taken:
                chosen[q] = (page, start, end)
                taken.add((page, start, end))
        for q in group:
            if q not in chosen:  # more rows than occurrences: the best one, shared
                share, page, start, end = max(options[q], key=lambda o: (o[0], o[1] == q.page))
                chosen[q] = (page, start, end)
    return chosen


def _options(q: Query, page: int, pages: Pages) -> list[tuple[float, int, int, int]]:
    """(share of the quote's words around the number found around it, page, start, end) for each
    occurrence of the query's surface on `page`."""
    p = pages.get(page)
    found = p.find(q.surface)
    if not found:
        return []
    total = len(q.before) + len(q.after)
    out = []
    for start, end in found:
        if total == 0:
            share = 1.0
        else:
            before, after = pages.context(page, start, end)
            share = (shared(q.before, before) + shared(q.after, after)) / total
        out.append((share, page, start, end))
    return out
