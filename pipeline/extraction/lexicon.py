"""Nationality and category mentions: babel's Dutch country names plus the hand-written supplement."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ..rules import load, spaced
from ..language.nlp import nlp
from ..language.nlp import make_doc


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
    """Two PhraseMatchers over the block's tokens: country names and demonyms (babel's Dutch names
    plus rules/nationalities.yaml) matched with their capital as Dutch writes them, and the special
    words ("staatloos", "onbekend", "overige nationaliteit") in any case."""
    from spacy.matcher import PhraseMatcher     # start-up: spaCy, imported when the matcher is first built

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
    p = nlp()
    proper = PhraseMatcher(p.vocab, attr="ORTH")
    for name, code in names.items():
        proper.add(code, [p.make_doc(" ".join(name.split()))])
    lower = PhraseMatcher(p.vocab, attr="LOWER")
    for word, code in special.items():
        lower.add(code, [p.make_doc(word)])
    return proper, lower, {w.lower() for w in sup["location_prepositions"]}


def country_names() -> frozenset[str]:
    """Country names (babel's and the aliases), not demonyms."""
    return _country_names_and_verbs()[0]


@functools.lru_cache(maxsize=1)
def _country_names_and_verbs() -> tuple[frozenset[str], frozenset[str]]:
    """Country names (not demonyms) and the verbs after which such a name is the place that counted."""
    sup = load("nationalities")
    return frozenset(load("countries.babel")["countries"]) | frozenset(sup["aliases"]), \
        frozenset(w.lower() for w in sup.get("place_verbs", []))


def nationality_spans(bdoc, offset: int = 0) -> list[Mention]:
    """Nationality mentions of a block's Doc (pipeline.language.nlp.BlockDoc; offsets + `offset`),
    longest first where they overlap; a name after "in", "naar", "binnen" ... ("in Duitsland"), and the
    names listed with it ("vanuit Griekenland en Italië"), and a country's name before a verb of counting ("Duitsland
    registreerde"), is a place (`is_location`); "overige" before a
    word of rules/nationalities.yaml `not_other_before` ("overige arbeid") is no nationality."""
    from spacy.util import filter_spans     # start-up: spaCy, imported when first used
    doc = bdoc.doc
    proper, lower, preps = _nationality_matcher()
    spans = sorted(filter_spans([s for m in (proper, lower) for s in m(doc, as_spans=True)]), key=lambda sp: sp.start)
    not_other = _not_other_before()
    out = []
    prev_loc_end = -1       # the last token of a place: "vanuit Griekenland en Italië" are both places
    names, verbs = _country_names_and_verbs()
    for sp in spans:
        if sp.label_ == "OTHER" and sp.end < len(doc) and doc[sp.end].lower_ in not_other:
            continue        # "overige arbeid", "overige verblijfsdoelen": a category, no nationality
        k = sp.start - 1
        while k >= 0 and doc[k].lower_ in ("de", "het") and k >= sp.start - 2:
            k -= 1
        is_loc = (k >= 0 and doc[k].lower_ in preps) or \
            (sp.text in names and sp.end < len(doc) and doc[sp.end].lower_ in verbs) or \
            (prev_loc_end >= 0 and sp.start > prev_loc_end and
             all(t.lower_ in (",", "en", "of") or t.text in _places() for t in doc[prev_loc_end:sp.start]))
        prev_loc_end = sp.end if is_loc else -1
        s, e = bdoc.span_offsets(sp.start_char, sp.end_char)
        out.append(Mention(sp.label_, offset + s, offset + e, sp.text, is_loc))
    return out


@functools.lru_cache(maxsize=1)
def _places() -> frozenset[str]:
    """Names that are never a nationality ("Nederland"): in a list of places they are places too."""
    return frozenset(load("nationalities")["not_nationalities"])


@functools.lru_cache(maxsize=1)
def _not_other_before() -> frozenset[str]:
    return frozenset(w.lower() for w in load("nationalities")["not_other_before"])


@functools.lru_cache(maxsize=8192)
def _nationality_mentions(text: str) -> tuple[Mention, ...]:
    return tuple(nationality_spans(make_doc(text)))


def nationality_mentions(text: str) -> list[Mention]:
    """Nationality mentions in a short text (a table label, a rule example)."""
    return list(_nationality_mentions(text))


@functools.lru_cache(maxsize=1)
def _category_rules():
    cfg = load("categories")
    return [(c["category"], re.compile(spaced(c["pattern"])), c.get("scope", "local")) for c in cfg["categories"]]


@functools.lru_cache(maxsize=1)
def _any_category() -> re.Pattern:
    """All category patterns as one (each keeping its own flags): most sentences name none, and one search
    tells so."""
    parts = []
    for c in load("categories")["categories"]:
        p = spaced(c["pattern"])
        parts.append(f"(?i:{p[4:]})" if p.startswith("(?i)") else f"(?:{p})")
    return re.compile("|".join(parts))


def category_mentions(text: str) -> list[Mention]:
    if not _any_category().search(text):
        return []
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
