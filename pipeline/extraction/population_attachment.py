"""The population of a number: the nearest candidate in the directions of rules/attachment.yaml (a rate
noun, the base of a share, the noun after it, before it, after it), applications filed by a population
("ingediend door amv's"), a generic population refined by a specific one in the sentence or the frame
(the `parent` tree of rules/populations.yaml), the document's own use of a generic word, else the
frame."""
from __future__ import annotations

import functools
import re

from ..rules import load
from .attachment import Choice, spans_of
from .constructions import list_tail, pattern
from .frame import Frame
from .in_scope import nearest, visible
from .mentions import Mention, Sentence, population_specs
from .scope_rules import named_scopes, scopes


def parents(pop: str) -> list[str]:
    p = population_specs().get(pop, {}).get("parent") or []
    return list(p) if isinstance(p, list) else [p]


@functools.lru_cache(maxsize=4096)
def is_descendant(child: str, ancestor: str) -> bool:
    """Is `child` a kind of `ancestor` (rules/populations.yaml `parent`, followed upwards)?"""
    todo, seen = parents(child), set()
    while todo:
        p = todo.pop()
        if p == ancestor:
            return True
        if p not in seen:
            seen.add(p)
            todo.extend(parents(p))
    return False


@functools.lru_cache(maxsize=1024)
def is_generic(pop: str) -> bool:
    """A population that more specific ones refine ("asielaanvragen", "de instroom", "vertrokken")."""
    return any(is_descendant(other, pop) for other in population_specs())


def _refine(pop: str, sent: Sentence, n: Mention, frame: Frame, text: str) -> tuple[str, str, Mention | None]:
    """A generic population made specific: by a specific descendant named in the sentence, else by the
    frame, else by a generic descendant in the sentence (itself refined by the frame)."""
    if not is_generic(pop):
        return pop, "", None
    inner = sorted((m for m in sent.populations if is_descendant(m.label, pop) and visible(sent, n, m)
                    and not _figure_between(sent, n, m, text)),
                   key=lambda m: abs(m.tok - n.tok))
    specific = [m for m in inner if not is_generic(m.label)]
    if specific:
        return specific[0].label, "population.generic_refined", specific[0]
    for fp in (frame.population, frame.section_population):
        if fp and is_descendant(fp, pop) and not (is_generic(fp) and population_specs()[pop].get("default")):
            return fp, "population.generic_refined (frame)", None     # (not into a word as generic: "asielzoekers")
    if inner:
        deeper, how, _ = _refine(inner[0].label, sent, n, frame, text)
        return deeper, how or "population.generic_refined", inner[0]
    return pop, "", None


def _figure_between(sent: Sentence, n: Mention, m: Mention, text: str) -> bool:
    """Does another figure stand between the number and a population mention (that figure's, then)?
    Not the change right before a level ("daalde met 15 procent tot 4.200": one quantity; rules/
    attachment.yaml `change_to_level`), nor the count's own share in a bracket after it."""
    return any(o is not n and min(m.start, n.start) <= o.start < max(m.end, n.end)
               and not (o.end <= n.start and pattern("change_to_level").fullmatch(text[o.end:n.start]))
               and not _own_bracket(sent, n, o, text)
               for o in sent.numbers)


def _own_bracket(sent: Sentence, n: Mention, o: Mention, text: str) -> bool:
    """'312 aanvragen (24%)': the share in the bracket right after the count is the count's own, no figure
    of another quantity between it and a population after the bracket."""
    if o.bracket < 0 or o.start < n.end:
        return False
    br = sent.brackets[o.bracket]
    return re.fullmatch(r"\s*(?:[^\W\d][\w-]*\s*)?", text[n.end:br.start]) is not None


_REFERS_BACK = re.compile(r"(?i)[,;]\s*(?:[\w-]+\s+){0,4}?(?:waren|was|zijn|is)\s+(?:dat|dit|het)(?:\s+er)?(?:\s+(?:nog|al|maar|ruim|bijna|ongeveer|zo'n))*\s*$")


def attach_population(sent: Sentence, n: Mention, frame: Frame, text: str, anaphoric: bool,
                      aliases: dict[str, str] | None = None) -> Choice:
    sc = scopes()["population"]
    specs = population_specs()
    cands = [m for m in sent.populations if visible(sent, n, m)
             and specs[m.label].get("unit", n.number.unit) == n.number.unit]   # "35 nationaliteiten" counts only
    chosen, how = None, ""
    elided = pattern("elided").match(text[n.end:n.end + 40])
    if elided and any(m.label in ("first_applications", "repeat_applications", "asylum_applications") for m in sent.populations):
        pop = "repeat_applications" if elided.group(1).lower() in ("herhaalde", "opvolgende") else "first_applications"
        return Choice(pop, "population.elided", elided.group(1), spans=((n.end + elided.start(1), n.end + elided.end(1)),))
    if _other_counted().match(text[n.end:n.end + 60]):
        return Choice("", "")       # "27.000 zaken", "waarvan 2.040 inwilligingen": it counts something else
    for direction in sc.directions:
        scope = sc.scope(direction)
        if direction == "rate":
            if n.number.unit != "percent":
                continue
            pool = [m for m in cands if specs[m.label].get("kind") == "rate"]
            chosen = nearest(sent, text, n, pool, "before", scope) or nearest(sent, text, n, pool, "after", scope)
        elif direction == "share_base":
            if n.number.unit != "percent" or not re.match(r"\s*(?:\([^()]{0,12}\)\s*)?(?:van|in)\s", text[n.end:n.end + 20]):
                continue
            chosen = nearest(sent, text, n, cands, "after", scope)
        elif direction == "head":     # (not past "en het aantal": "was 535 en het aantal nareizigers 95")
            chosen = nearest(sent, text, n, [m for m in cands if not re.search(r"(?i)\b(?:en|of|maar)\s+(?:het|de)\b", text[n.end:m.start])],
                             "after", scope)
            tail = list_tail(sent, n, text)
            if chosen is None and tail is not n:       # "de minste (780) en ... de meeste (3 950) asielverzoeken"
                chosen = nearest(sent, text, tail, cands, "after", named_scopes()["list_tail_head"])
            k = sent.numbers.index(n)
            if chosen is None and k + 1 < len(sent.numbers) and \
                    pattern("partitive").fullmatch(text[n.end:sent.numbers[k + 1].start]):
                chosen = nearest(sent, text, sent.numbers[k + 1], cands, "after", scope)   # "1.300 van de 2.100 aanvragen"
            j = k       # "4.063 en 763 aanvragen", "3 580, 3 920 en 3 940 eerste asielverzoeken": the last one's noun
            while j + 1 < len(sent.numbers) and re.fullmatch(r"\s*(?:,|en|of|tot|à|-|–)\s*", text[sent.numbers[j].end:sent.numbers[j + 1].start]):
                j += 1
            if chosen is None and j > k:
                chosen = nearest(sent, text, sent.numbers[j], cands, "after", scope)
        else:       # (a word that counts only as the noun right after its number is no population here)
            pool = [m for m in cands if not specs[m.label].get("head_only")]
            chosen = nearest(sent, text, n if direction == "before" else list_tail(sent, n, text), pool, direction, scope)
        if chosen:
            how = f"population.{direction}"
            break
    if chosen is not None and how == "population.head":
        # "5 500 asielzoekers waren alleenstaande minderjarigen": the predicate names what they were
        for m1 in cands:
            if m1.start > chosen.end and re.fullmatch(r"(?i)\s+(?:waren|zijn|was|is)\s+(?:[^\W\d][\w'’-]*\s+){0,2}?", text[chosen.end:m1.start]) \
                    and is_descendant(m1.label, chosen.label):
                chosen, how = m1, "population.predicate"
                break
    if chosen is not None and how == "population.before":
        # "In februari vroegen 290 alleenstaande minderjarigen ... asiel aan, in juni waren dat er 580": the figure
        # names the one before again, and so its noun, not the words of that figure's clause
        k = sent.numbers.index(n)
        prev = sent.numbers[k - 1] if k else None
        if prev is not None and _REFERS_BACK.search(text[prev.end:n.start]):
            head = next((m for m in cands if m.start >= prev.end and not text[prev.end:m.start].strip()), None)
            if head is not None and head is not chosen and head.end <= n.start:
                chosen, how = head, "population.referred_back"
    if chosen is not None and how == "population.before":
        # "Het aantal amv dat in juni een eerste aanvraag indiende was 520": the subject, not its relative clause
        for m0 in cands:
            if m0.end <= chosen.start and re.search(r"(?i)\baantal\s+$", text[max(sent.start, m0.start - 12):m0.start]) \
                    and re.match(r"\s+(?:dat|die)\b", text[m0.end:m0.end + 6]) and not re.search(r"[,;:]", text[m0.end:chosen.start]):
                chosen, how = m0, "population.subject"
                break
    if chosen is not None and how == "population.head" and is_generic(chosen.label):
        # "meldden zich 8 050 asielzoekers": a verb of another subject right before says what was counted
        verb = nearest(sent, text, n, [m for m in cands if specs[m.label].get("core") is False],
                        "before", named_scopes()["verb_before_head"])
        if verb is not None and not (aliases and chosen.label in aliases):   # (CBS: "meldden zich 3 940 asielzoekers" are first requests)
            chosen, how = verb, "population.before"
    if chosen is None:
        named = {m.label for m in sent.populations if m.bracket < 0 and specs[m.label].get("core", True)}
        if n.bracket >= 0 and len(named) == 1 and not is_generic(next(iter(named))):
            # "Syriërs (4.070) en Eritreeërs (1.480) vormden samen ruim de helft van de eerste asielaanvragen"
            m = next(m for m in sent.populations if m.label in named)
            return Choice(m.label, "population.sentence", text[m.start:m.end], spans=spans_of([m]))
        # (the populations of another part of the sentence, after a semicolon, are that part's: "Eritreeërs vormden met
        # bijna 40% de grootste groep; samen met ... ruim 70% van alle eerste aanvragen" takes the frame's)
        lo, hi = text.rfind(";", sent.start, n.start) + 1, text.find(";", n.end, sent.end)
        part = [m for m in sent.populations if max(lo, sent.start) <= m.start and (hi < 0 or m.end <= hi)] \
            if n.number.unit == "percent" else sent.populations     # (a count: "... 630 derdelanders ...; zij zijn teruggekeerd")
        if any(not specs[m.label].get("head_only") for m in part) and not anaphoric:
            return Choice("", "")
        k = sent.numbers.index(n)
        if k and _other_counted().match(text[sent.numbers[k - 1].end:sent.numbers[k - 1].end + 60]) and \
                re.search(r"\b(?:waarvan|daarvan|hiervan|van\s+wie|onder\s+wie)\b", text[sent.numbers[k - 1].end:n.start]):
            return Choice("", "")                            # "..., waarvan 11.000 langer dan de termijn": a part of them
        if frame.population and aliases and frame.population in aliases:
            return Choice(aliases[frame.population], "population.frame + document_alias", refined_from=frame.population)
        if frame.population:
            return Choice(frame.population, "population.frame")
        if frame.section_population and not sent.populations and "|" not in sent.text and \
                any(not m.is_location for m in sent.nationalities) and \
                (re.search(r"\b[a-zà-ÿ]{4,}\b", sent.text) or len(re.findall(r"[^\W\d_]{3,}", sent.text)) >= 5):
            # a later paragraph of a section (a sentence, not a row of figures): its heading's population
            sp = frame.section_population
            if aliases and sp in aliases:
                return Choice(aliases[sp], "population.frame (section) + document_alias", refined_from=sp)
            return Choice(sp, "population.frame (section)")
        return Choice("", "")
    filer = _filed_by(sent, n, chosen, text)
    if filer is not None:
        return Choice(filer.label, "population.filed_by", f"{text[chosen.start:chosen.end]} + {text[filer.start:filer.end]}",
                      spans=spans_of([chosen, filer]))
    if aliases and chosen.label in aliases and is_descendant(chosen.label, aliases[chosen.label]):
        # the document's word means less than it says wherever it stands (IND year figures' "asielaanvragen"
        # including applications for nareis): not refined into a type by its context
        return Choice(aliases[chosen.label], "population.document_alias", text[chosen.start:chosen.end],
                      refined_from=chosen.label, spans=spans_of([chosen]))
    pop, how2, by = _refine(chosen.label, sent, n, frame, text)
    src = text[chosen.start:chosen.end] + (f" + {text[by.start:by.end]}" if by is not None else "")
    spans = spans_of([chosen] + ([by] if by is not None else []))
    if aliases and pop in aliases and (is_generic(pop) or specs[pop].get("core") is False or specs[pop].get("publisher_word")):
        # the document's own use of a word
        return Choice(aliases[pop], "population.document_alias", src, refined_from=pop, spans=spans)
    return Choice(pop, how2 or how, src, refined_from=chosen.label if pop != chosen.label else "", spans=spans)


def _filed_by(sent: Sentence, n: Mention, chosen: Mention, text: str) -> Mention | None:
    """'5.800 eerste asielaanvragen ingediend door amv's': applications filed by a population that is a
    kind of applications itself (no other number in between); not by "asielzoekers", who filed them all
    ("6 procent van de eerste aanvragen werd ingediend door asielzoekers uit een veilig land")."""
    if not (chosen.label == "applications" or is_descendant(chosen.label, "applications")):
        return None
    rx = _filed_by_rx()
    for m in sent.populations:
        if m.start >= chosen.end and m is not chosen and is_descendant(m.label, "applications") and m.label != "asylum_seekers" and \
                rx.match(text[chosen.end:m.start]) and not any(chosen.end <= o.start < m.start and o is not n for o in sent.numbers):
            return m
    return None


@functools.lru_cache(maxsize=1)
def _filed_by_rx() -> re.Pattern:
    return re.compile(load("populations")["filed_by"])


@functools.lru_cache(maxsize=1)
def _other_counted() -> re.Pattern:
    """The nouns right after a number that say it counts something no population is (rules/populations.yaml
    `other_counted`): such a number does not take the frame's population."""
    return re.compile(load("populations")["other_counted"])
