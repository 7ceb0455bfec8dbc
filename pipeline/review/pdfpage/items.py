"""What is looked for on the page: a row's item (item_id, page, surface, quote[, occurrence]) checked
and made a Query, the surface with the quote's words before and after it.

Rows with the same page, surface and quote are the surface's occurrences in that quote in the order
given (document order: pipeline.store.to_frame's order), or one occurrence for all when the quote
has it once ("in zowel 2022 als 2023 3%": two rows, one number). That guess fails where a quote holds
the surface more often than it has rows (the article "een" beside the number "een"): items_for(doc,
rows) gives, instead of the quote, the document text around the number and which occurrence in it the
number is, which is exact."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from pipeline.model import Document

from .document import checked_page, whole
from .surfaces import CONTEXT_WORDS, Compact, compact_surface, goes_on, tokens


def items_for(doc: Document, rows, around: int = 120) -> list[tuple]:
    """locate_numbers' items for rows (item_id, char_start, char_end) of a Document read from
    the PDF: the number's page, its surface, the document text `around` characters either side
    of it, and which occurrence of the surface in that text it is, so that a number written
    twice in one sentence is told apart exactly."""
    out = []
    for item_id, char_start, char_end in rows:
        char_start, char_end = int(char_start), int(char_end)
        surface = doc.text[char_start:char_end]
        begin = max(0, char_start - around)
        context = doc.text[begin : char_end + around]
        compact = compact_surface(surface)
        starts = [a for a, b in Compact(context).spans(compact) if not goes_on(context, b)] if compact else []
        at = char_start - begin
        occurrence = starts.index(at) if at in starts else sum(1 for a in starts if a < at)
        out.append((item_id, doc.page_of(char_start), surface, context, occurrence))
    return out


def checked_item(pdf_path, item, n_pages: int) -> tuple:
    """(item_id, page, surface, quote[, occurrence]) with page and occurrence as int (a
    DataFrame gives numpy integers), the page inside the document."""
    item = tuple(item)
    if len(item) not in (4, 5):
        raise ValueError(f"{pdf_path}: item {item[:1]!r}... is not (item_id, page, surface, quote[, occurrence])")
    item_id, page, surface, quote, *occurrence = item
    checked = (item_id, checked_page(pdf_path, page, n_pages), surface, quote)
    return checked + tuple(whole(pdf_path, v, "occurrence") for v in occurrence)


@dataclass(frozen=True)
class Query:
    """What is looked for: a surface on a page, with the quote's words before and after it."""
    page: int
    surface: str  # white space removed
    before: tuple[str, ...]
    after: tuple[str, ...]


def queries(items) -> dict:
    """item_id -> its Query. Items with the same page, surface and quote are the surface's
    occurrences in the quote in the order given (all the same one when it has one)."""
    seen: Counter = Counter()
    out = {}
    for item_id, page, surface, quote, *occurrence in items:
        compact = compact_surface(surface)
        if not compact:
            continue
        quote = str(quote or "")
        if occurrence:
            rank = occurrence[0]
        else:
            rank = seen[(page, compact, quote)]
            seen[(page, compact, quote)] += 1
        spans = [(a, b) for a, b in Compact(quote).spans(compact) if not goes_on(quote, b)]
        if spans:
            a, b = spans[min(max(rank, 0), len(spans) - 1)]
            before = tuple(tokens(quote[:a])[-CONTEXT_WORDS:])
            after = tuple(tokens(quote[b:])[:CONTEXT_WORDS])
        else:
            before = after = ()  # a quote without the surface tells nothing about where it is
        out[item_id] = Query(page, compact, before, after)
    return out
