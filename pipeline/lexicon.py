"""Nationality and category mentions: babel's Dutch country names plus the hand-written supplement."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .rules import load, spaced


@dataclass(frozen=True)
class Mention:
    code: str        # ISO alpha-2 / STATELESS / UNKNOWN / OTHER, or a category id
    start: int       # offsets in the searched text
    end: int
    surface: str
    is_location: bool = False   # "in Duitsland": a place, not a nationality (for categories:
                                # the category describes the whole sentence, e.g. eu_definition)


@functools.lru_cache(maxsize=1)
def _nationality_matcher():
    names: dict[str, str] = {}
    names.update(load("countries.babel")["countries"])
    sup = load("nationalities")
    names.update(sup["aliases"])
    for code, forms in sup["demonyms"].items():
        for f in forms:
            names[f] = code
    blocked = set(sup["not_nationalities"])
    names = {k: v for k, v in names.items() if k not in blocked}
    special = {k.lower(): v for k, v in sup["special"].items()}
    # Proper names are matched with their capital (Dutch writes them so); the special words in any case.
    esc = lambda w: re.escape(w).replace("\\ ", r"\s+")  # noqa: E731
    proper = "|".join(sorted(map(esc, names), key=len, reverse=True))
    spec = "|".join(sorted(map(esc, special), key=len, reverse=True))
    rx = re.compile(rf"(?<![\w-])(?:(?P<proper>{proper})|(?i:(?P<special>{spec})))(?![\w-])")
    preps = "|".join(map(re.escape, sup["location_prepositions"]))
    loc_rx = re.compile(rf"(?i)\b(?:{preps})\s+(?:de\s+|het\s+)?$")
    return rx, names, special, loc_rx


def nationality_mentions(text: str) -> list[Mention]:
    rx, names, special, loc_rx = _nationality_matcher()
    out = []
    for m in rx.finditer(text):
        if m.group("proper"):
            code = names[" ".join(m.group("proper").split())]
        else:
            code = special[" ".join(m.group("special").lower().split())]
        is_loc = bool(loc_rx.search(text[max(0, m.start() - 12):m.start()]))
        out.append(Mention(code, m.start(), m.end(), m.group(0), is_loc))
    return out


@functools.lru_cache(maxsize=1)
def _category_rules():
    cfg = load("categories")
    return [(c["category"], re.compile(spaced(c["pattern"])), c.get("scope", "local")) for c in cfg["categories"]]


def category_mentions(text: str) -> list[Mention]:
    out = []
    taken: list[tuple[int, int]] = []
    for cat, rx, scope in _category_rules():
        for m in rx.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            code = cat.format(*m.groups()) if "{" in cat else cat
            out.append(Mention(code, m.start(), m.end(), m.group(0), scope in ("sentence", "heading")))
            taken.append((m.start(), m.end()))
    return sorted(out, key=lambda x: x.start)


def heading_categories(text: str) -> list[str]:
    """Categories that a heading or a table caption gives to every figure under it (scope: heading)."""
    return [cat.format(*m.groups()) if "{" in cat else cat
            for cat, rx, scope in _category_rules() if scope == "heading" for m in [rx.search(text)] if m]
