"""Attachment: each number of a sentence takes its period, population, nationalities and category
from the mentions around it, in the manner of medspaCy's ConText.

First the named constructions of rules/attachment.yaml bind what belongs to one number ("P: N",
"P (N)", "N in P", "(N1 resp. N2)", "van N1 naar N2 in P", "A, B en C (elk N)"). Then every modifier
type is looked for in its directions (rules/attachment.yaml `modifiers`): the nearest candidate in
scope wins, scopes end where the rules say (another number, a clause boundary, a bracket), and a
modifier inside a bracket is seen only by the numbers in it. What the sentence does not say comes
from the frame (pipeline.extraction.frame). Every choice records the rule that made it and the words
it came from, so a row explains itself.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from ..model import Document, Period
from ..language.periods import add_months, edition_period, month_span, shifted
from ..rules import load
from .frame import Frame
from .scope_rules import named_scopes, scopes
from .mentions import Mention, Sentence, population_specs
from .sentences import ancestors


@dataclass(frozen=True)
class Choice:
    value: object        # a Period, a population id, a tuple of codes or a category id
    how: str             # the rule: "period.own_after", "population.head", "nationality.frame" ...
    source: str = ""     # the words it came from ("in oktober"), empty for the frame and defaults
    refined_from: str = ""   # a population: the generic one its words named ("asylum_applications")


@dataclass(frozen=True)
class Attachment:
    number: Mention
    periods: tuple[Period, ...]
    period: Choice
    population: Choice
    nationalities: Choice   # value: tuple of codes (one row each)
    group: bool             # several nationalities together: no one nationality, no core metric
    category: Choice

    def explanation(self) -> str:
        parts = []
        for name, c in (("period", self.period), ("population", self.population),
                        ("nationality", self.nationalities), ("category", self.category)):
            if c.how:
                parts.append(f"{name}: {c.how}" + (f" «{' '.join(c.source.split())}»" if c.source else ""))
        if self.number.number.qualifier:
            parts.append(f"qualifier: «{self.number.number.qualifier}»")
        return "; ".join(parts)


def _scopes() -> dict:
    """{modifier type: scope_rules.ModifierScopes}, checked when the rules are loaded."""
    return scopes()


@functools.lru_cache(maxsize=None)
def _rx(name: str) -> re.Pattern:
    """One of the patterns of rules/attachment.yaml `patterns` (the words the constructions look at)."""
    return re.compile(load("attachment")["patterns"][name])


# ---- scope helpers --------------------------------------------------------------------------------

def _visible(sent: Sentence, n: Mention, m: Mention) -> bool:
    """A modifier is seen by a number when it stands outside every bracket the number is not in."""
    return m.bracket in ancestors(sent.brackets, n.bracket)




def _stops(sent: Sentence, text: str, a: int, b: int, stop: list[str]) -> bool:
    """Does anything that ends a scope lie in [a, b)?"""
    between = text[a:b]
    for s in stop:
        if s == "NUMBER" and any(a <= x.start and x.end <= b for x in sent.numbers):
            return True
        if s == "PUNCT" and re.search(r"[,;:]", between):
            return True
        if s == "CLAUSE" and re.search(r";|\s[–-]\s", between):
            return True
        if s == "BRACKET" and re.search(r"[()]", between):
            return True
        if s == "CLAUSE_WORD" and _rx("clause_word").search(between):
            return True
    return False


def _nearest(sent: Sentence, text: str, n: Mention, cands: list[Mention], direction: str, scope: dict) -> Mention | None:
    best, best_d = None, None
    for m in cands:
        if not _visible(sent, n, m):
            continue
        if direction in ("before",):
            if m.end > n.start:
                continue
            d = n.tok - m.tok_end
            gap = (m.end, n.start)
        else:
            if m.start < n.end:
                continue
            d = m.tok - n.tok_end
            gap = (n.end, m.start)
        if d > scope.max or _stops(sent, text, gap[0], gap[1], scope.stop):
            continue
        if best_d is None or d < best_d:
            best, best_d = m, d
    return best


# ---- periods --------------------------------------------------------------------------------------

def _first_free(sent: Sentence, bound: set[int]) -> Mention | None:
    for m in sent.periods:
        if not m.period.reference and id(m) not in bound:
            return m
    return None


def _step_back(p: Period) -> Period:
    y = int(p.start[:4])
    if p.kind == "year":
        return Period(f"{y - 1}-01-01", f"{y - 1}-12-31", "year")
    return Period(*month_span(*add_months(y, int(p.start[5:7]), -1)), "month")


def attach_periods(sent: Sentence, doc: Document, frame: Frame) -> tuple[list[tuple[tuple[Period, ...], Choice]], Period | None]:
    """The period(s) of every number of the sentence, and the sentence's own period for the frame."""
    text = doc.text
    nums = sent.numbers
    own: dict[int, tuple[Mention, str]] = {}
    bound: set[int] = set()          # ids of period mentions bound to one number
    # "in 2017 ... ten opzichte van 2016 en van 2015 (respectievelijk 1.181, 1.707 en 3.859)": as many
    # periods before the cue as numbers it pairs, and no nationalities to pair them with: in order
    rn, cue = respectively_numbers(sent, text)
    if len(rn) >= 2:
        ps = [p for p in sent.periods if p.end <= cue.start and p.end <= nums[rn[0]].start]
        named = [m for m in sent.nationalities if m.end <= cue.start and not m.is_location]
        if len(ps) == len(rn) and len(named) < len(rn):
            own.update({i: (p, "period.respectively") for i, p in zip(rn, ps)})
    for i, n in enumerate(nums):
        if i in own:
            continue
        for p in sent.periods:       # N in P / N (P)
            between = text[n.end:p.start]
            if p.start >= n.end and _rx("own_after").fullmatch(between) and not _rx("not_own_after").search(between) \
                    and not any(n.end <= o.start < p.start for o in nums) \
                    and not any(_rx("period_lead").fullmatch(text[p.end:o.start]) or _rx("adjacent").fullmatch(text[p.end:o.start])
                                for o in nums if o.start >= p.end) \
                    and (not between.rstrip().endswith("(") or re.match(r"\s*\)", text[p.end:p.end + 3])):
                own[i] = (p, "period.own_after")
                break
        if i in own:
            continue
        for p in sent.periods:       # P: N / P (N) — not a change after a comparison base ("vorig jaar (+28%)")
            if p.end <= n.start and _rx("period_lead").fullmatch(text[p.end:n.start]) and \
                    not any(p.end <= q.start and q.end <= n.start for q in sent.periods) and \
                    not (p.period.reference and text[n.start] in "+-−"):
                own[i] = (p, "period.colon" if ":" in text[p.end:n.start] else "period.paren_after")
        if i in own:
            continue
        for p in sent.periods:       # "hoger dan in 2021, toen was het 24.686"
            if p.period.reference and p.end <= n.start and re.search(r"\btoen\b", text[p.end:n.start]):
                own[i] = (p, "period.toen")
    for p, _ in own.values():
        bound.add(id(p))
    main = _first_free(sent, bound)
    main_p = main.period if main else None
    if main is None:      # "Sinds het vierde kwartaal van 2016 is ...": from then up to the edition
        since = next((p for p in sent.periods if p.period.reference and p.period.start and
                      re.fullmatch(r"(?i)\W*(?:sinds|vanaf|sedert)\s+(?:het\s+|de\s+)?", text[sent.start:p.start])), None)
        if since is not None:
            end = edition_period(doc.edition, False).end
            if since.period.start < end:
                main_p = Period(since.period.start, end, "range")

    def resolve(p: Mention) -> Period:
        if not p.period.shift:
            return p.period
        anchor = main_p if main is not None and main is not p and main.start < p.start and not main.period.shift \
            else frame.period
        return shifted(p.period, anchor, doc.edition)

    out: list[tuple[tuple[Period, ...], Choice] | None] = [None] * len(nums)
    for i, (p, how) in own.items():
        out[i] = ((resolve(p),), Choice(p.period, how, text[p.start:p.end]))
    # (N1 resp. N2): the sentence's period, then its comparison base
    for i in range(len(nums) - 1):
        if out[i] is None and out[i + 1] is None and \
                any(c.label == "RESPECTIVELY" and nums[i].end <= c.start < nums[i + 1].start for c in sent.cues):
            base = [p for p in sent.periods if p.period.reference and p.end <= nums[i].start and _visible(sent, nums[i], p)]
            if base:
                first = (main_p,) if main_p and main.end <= nums[i].start else ((frame.period,) if frame.period else None)
                if first:
                    out[i] = (first, Choice(first[0], "period.respectively", text[main.start:main.end] if main and main_p is first[0] else ""))
                    b = base[-1]
                    out[i + 1] = ((shifted(b.period, first[0], doc.edition),), Choice(b.period, "period.respectively", text[b.start:b.end]))
    # van N1 naar N2 (in P): N1 is of the step before N2's period (its own, or the one it takes below)
    from_to = [i for i in range(len(nums) - 1) if out[i] is None and from_to_pair(sent, i, text)]
    free = [p for p in sent.periods if not p.period.reference and id(p) not in bound]
    sc = _scopes()["period"]

    def adjacent_to_other(p: Mention, n: Mention) -> bool:
        return any(o is not n and o.start >= p.end and _rx("adjacent").fullmatch(text[p.end:o.start]) for o in nums)
    for i, n in enumerate(nums):
        if out[i] is not None:
            continue
        chosen, how = None, ""
        for direction in sc.directions:
            pool = free if direction == "before" else [p for p in free if not adjacent_to_other(p, n)]
            chosen = _nearest(sent, text, n if direction == "before" else list_tail(sent, n, text), pool, direction, sc.scope(direction))
            if chosen:
                how = f"period.nearest_{direction}"
                break
        if chosen is not None:
            both = _both(sent, chosen, text)
            if both:
                out[i] = (tuple(resolve(p) for p in both), Choice(chosen.period, "period.both",
                                                                   text[both[0].start:both[-1].end]))
            else:
                out[i] = ((resolve(chosen),), Choice(chosen.period, "period.shifted" if chosen.period.shift else how,
                                                     text[chosen.start:chosen.end]))
        elif frame.period is not None:
            out[i] = ((frame.period,), Choice(frame.period, "period.frame"))
        else:
            ep = edition_period(doc.edition, doc.annual)
            out[i] = ((ep,), Choice(ep, "period.edition"))
    for i in from_to:
        target = out[i + 1][0][0]
        if target.kind in ("year", "month") and nums[i].number.unit == nums[i + 1].number.unit:
            out[i] = ((_step_back(target),), Choice(target, "period.from_to", ""))
    return out, (resolve(main) if main else main_p)


def list_tail(sent: Sentence, n: Mention, text: str) -> Mention:
    """The last number of the bracketed list `n` belongs to — "Afghanen (2 730) en Turken (2 685) ...",
    "de minste (780) en in september de meeste (3 950) asielverzoeken" — else `n`: what follows the list
    (its noun, its period) is every member's."""
    k = sent.numbers.index(n)
    while n.bracket >= 0 and k + 1 < len(sent.numbers):
        br, nxt = sent.brackets[n.bracket], sent.numbers[k + 1]
        if nxt.bracket < 0 or nxt.bracket == n.bracket or not _rx("list_member").fullmatch(text[br.end:sent.brackets[nxt.bracket].start]):
            break
        n, k = nxt, k + 1
    return n


def time_back(sent: Sentence, prev: Sentence | None, frame: Frame, doc: Document) -> tuple[Period, str] | None:
    """"Toen kwamen er 2.200": a sentence that opens by pointing back in time and names no period of its
    own is about the last period the sentence before named ("... minder dan de week daarvoor."),
    resolved against what that sentence was about (the frame); (period, its words) or None."""
    if prev is None or sent.periods or not prev.periods or not _rx("time_back").match(sent.text):
        return None
    last = prev.periods[-1]
    return shifted(last.period, frame.period, doc.edition), doc.text[last.start:last.end]


def from_to_pair(sent: Sentence, i: int, text: str) -> bool:
    """Are numbers i and i+1 the 'van N1 ... naar N2' of one quantity?"""
    nums = sent.numbers
    if i < 0 or i + 1 >= len(nums):
        return False
    own_after = _rx("own_after")
    between = text[nums[i].end:nums[i + 1].start]
    # "van 148 in oktober naar 159": N1's own period may stand between
    after_own = next((text[p.end:nums[i + 1].start] for p in sent.periods
                      if nums[i].end <= p.start and p.end <= nums[i + 1].start
                      and own_after.fullmatch(text[nums[i].end:p.start])), between)
    return bool((_rx("from_to").fullmatch(between) or _rx("from_to").fullmatch(after_own))
                and re.search(r"(?i)\bvan\s+(?:[\w'’.]+\s+)?$", text[max(sent.start, nums[i].start - 20):nums[i].start]))


def _both(sent: Sentence, p: Mention, text: str) -> list[Mention]:
    """The two periods of 'zowel (in) 2022 als (in) 2023' when `p` is one of them."""
    ps = sent.periods
    for a, b in zip(ps, ps[1:]):
        if p in (a, b) and re.search(r"(?i)\bzowel\s+(?:in\s+)?$", text[max(sent.start, a.start - 12):a.start]) and \
                re.fullmatch(r"(?i)\s+als\s+(?:in\s+)?", text[a.end:b.start]):
            return [a, b]
    return []


# ---- populations ----------------------------------------------------------------------------------

def parents(pop: str) -> list[str]:
    p = population_specs().get(pop, {}).get("parent") or []
    return list(p) if isinstance(p, list) else [p]


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


def is_generic(pop: str) -> bool:
    """A population that more specific ones refine ("asielaanvragen", "de instroom", "vertrokken")."""
    return any(is_descendant(other, pop) for other in population_specs())


def _refine(pop: str, sent: Sentence, n: Mention, frame: Frame) -> tuple[str, str, Mention | None]:
    """A generic population made specific: by a specific descendant named in the sentence, else by the
    frame, else by a generic descendant in the sentence (itself refined by the frame)."""
    if not is_generic(pop):
        return pop, "", None
    inner = sorted((m for m in sent.populations if is_descendant(m.label, pop) and _visible(sent, n, m)
                    and not any(o is not n and min(m.start, n.start) <= o.start < max(m.end, n.end) for o in sent.numbers)),
                   key=lambda m: abs(m.tok - n.tok))
    specific = [m for m in inner if not is_generic(m.label)]
    if specific:
        return specific[0].label, "population.generic_refined", specific[0]
    for fp in (frame.population, frame.section_population):
        if fp and is_descendant(fp, pop):
            return fp, "population.generic_refined (frame)", None
    if inner:
        deeper, how, _ = _refine(inner[0].label, sent, n, frame)
        return deeper, how or "population.generic_refined", inner[0]
    return pop, "", None


def attach_population(sent: Sentence, n: Mention, frame: Frame, text: str, anaphoric: bool,
                      aliases: dict[str, str] | None = None) -> Choice:
    sc = _scopes()["population"]
    specs = population_specs()
    cands = [m for m in sent.populations if _visible(sent, n, m)
             and specs[m.label].get("unit", n.number.unit) == n.number.unit]   # "35 nationaliteiten" counts only
    chosen, how = None, ""
    for direction in sc.directions:
        scope = sc.scope(direction)
        if direction == "rate":
            if n.number.unit != "percent":
                continue
            pool = [m for m in cands if specs[m.label].get("kind") == "rate"]
            chosen = _nearest(sent, text, n, pool, "before", scope) or _nearest(sent, text, n, pool, "after", scope)
        elif direction == "share_base":
            if n.number.unit != "percent" or not re.match(r"\s*(?:van|in)\s", text[n.end:n.end + 6]):
                continue
            chosen = _nearest(sent, text, n, cands, "after", scope)
        elif direction == "head":
            chosen = _nearest(sent, text, n, cands, "after", scope)
            tail = list_tail(sent, n, text)
            if chosen is None and tail is not n:       # "de minste (780) en ... de meeste (3 950) asielverzoeken"
                chosen = _nearest(sent, text, tail, cands, "after", named_scopes()["list_tail_head"])
            k = sent.numbers.index(n)
            if chosen is None and k + 1 < len(sent.numbers) and \
                    _rx("partitive").fullmatch(text[n.end:sent.numbers[k + 1].start]):
                chosen = _nearest(sent, text, sent.numbers[k + 1], cands, "after", scope)   # "1.300 van de 2.100 aanvragen"
            if chosen is None and k + 1 < len(sent.numbers) and \
                    re.fullmatch(r"\s*(?:en|of|tot|à|-|–)\s*", text[n.end:sent.numbers[k + 1].start]):
                chosen = _nearest(sent, text, sent.numbers[k + 1], cands, "after", scope)   # "4.063 en 763 aanvragen"
        else:
            chosen = _nearest(sent, text, n if direction == "before" else list_tail(sent, n, text), cands, direction, scope)
        if chosen:
            how = f"population.{direction}"
            break
    if chosen is not None and how == "population.head" and is_generic(chosen.label):
        # "meldden zich 8 050 asielzoekers": a verb of another subject right before says what was counted
        verb = _nearest(sent, text, n, [m for m in cands if specs[m.label].get("core") is False],
                        "before", named_scopes()["verb_before_head"])
        if verb is not None and not (aliases and chosen.label in aliases):   # (CBS: "meldden zich 3 940 asielzoekers" are first requests)
            chosen, how = verb, "population.before"
    if chosen is None:
        if sent.populations and not anaphoric:
            return Choice("", "")
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
        return Choice(filer.label, "population.filed_by", f"{text[chosen.start:chosen.end]} + {text[filer.start:filer.end]}")
    pop, how2, by = _refine(chosen.label, sent, n, frame)
    src = text[chosen.start:chosen.end] + (f" + {text[by.start:by.end]}" if by is not None else "")
    if aliases and pop in aliases and is_generic(pop):     # the document's own use of a generic word
        return Choice(aliases[pop], "population.document_alias", src, refined_from=pop)
    return Choice(pop, how2 or how, src, refined_from=chosen.label if pop != chosen.label else "")


def _filed_by(sent: Sentence, n: Mention, chosen: Mention, text: str) -> Mention | None:
    """'5.800 eerste asielaanvragen ingediend door amv's': applications filed by a population that is a
    kind of applications itself (no other number in between)."""
    if not (chosen.label == "applications" or is_descendant(chosen.label, "applications")):
        return None
    rx = _filed_by_rx()
    for m in sent.populations:
        if m.start >= chosen.end and m is not chosen and is_descendant(m.label, "applications") and \
                rx.match(text[chosen.end:m.start]) and not any(chosen.end <= o.start < m.start and o is not n for o in sent.numbers):
            return m
    return None


@functools.lru_cache(maxsize=1)
def _filed_by_rx() -> re.Pattern:
    return re.compile(load("populations")["filed_by"])


# ---- nationalities --------------------------------------------------------------------------------



def _clause(sent: Sentence, i: int) -> tuple[int, int]:
    """From the number before (or the sentence start) to the number after (or the sentence end); a
    bracket after the number in its own words ("de helft (277)", "een kwart van de asielverzoeken
    (1 100) van Syriërs": no nationality and no number before it) belongs to its clause."""
    nums = sent.numbers
    b0 = nums[i - 1].end if i > 0 else sent.start
    n = nums[i]
    a1 = sent.end
    for k, o in enumerate(nums[i + 1:], i + 1):
        if k == i + 1 and _rx("partitive").fullmatch(sent.text[n.end - sent.start:o.start - sent.start]):
            continue          # "1.300 van de 2.100 eerste asielaanvragen ...": the whole is part of its clause
        br = sent.brackets[o.bracket] if o.bracket >= 0 else None
        if br is not None and br.start >= n.end and o.bracket != n.bracket and n.bracket < 0 and \
                not any(n.end <= m.start < br.start for m in sent.nationalities) and \
                not any(n.end <= x.start < br.start for x in nums):
            continue
        a1 = o.start
        break
    return b0, a1


def respectively_numbers(sent: Sentence, text: str) -> tuple[list[int], Mention | None]:
    """The numbers a RESPECTIVELY cue pairs ("respectievelijk 82%, 87% en 68%": those after it; "met 35%
    respectievelijk 13%": the two around it), and the cue."""
    cue = next((c for c in sent.cues if c.label == "RESPECTIVELY"), None)
    if cue is None:
        return [], None
    nums = [i for i, n in enumerate(sent.numbers) if n.start > cue.start]
    if len(nums) >= 2:
        return nums, cue
    for k in range(len(sent.numbers) - 1):
        a, b = sent.numbers[k], sent.numbers[k + 1]
        if a.end <= cue.start and cue.end <= b.start and not text[a.end:cue.start].strip(" ,") \
                and not text[cue.end:b.start].strip(" ,"):
            return [k, k + 1], cue
    return [], None


def _group_ending_at(last: Mention, ms: list[Mention], text: str) -> list[Mention]:
    """The nationalities joined as one group (A, B en C: rules/attachment.yaml `group_separator`) that
    ends with `last`, in order."""
    group = [last]
    while True:
        before = [m for m in ms if m.end <= group[0].start and _rx("group_separator").fullmatch(text[m.end:group[0].start])]
        if not before:
            return group
        group.insert(0, before[-1])


def paired_lists(sent: Sentence, text: str) -> dict[int, tuple[str, str]]:
    """'Algerijnen en Marokkanen met 260 en 185 asielaanvragen': a group of nationalities, 'met', and as
    many numbers joined the same way — paired in order without 'respectievelijk'."""
    nums, ms = sent.numbers, [m for m in sent.nationalities if not m.is_location]
    for k in range(len(nums) - 1):
        run = [k]
        while run[-1] + 1 < len(nums) and _rx("number_list_separator").fullmatch(text[nums[run[-1]].end:nums[run[-1] + 1].start]):
            run.append(run[-1] + 1)
        if len(run) < 2:
            continue
        lead = [m for m in ms if m.end <= nums[k].start and _rx("paired_lead").fullmatch(text[m.end:nums[k].start])]
        if not lead:
            continue
        group = _group_ending_at(lead[-1], ms, text)
        if len(group) == len(run):
            return {i: (m.label, "nationality.paired") for i, m in zip(run, group)}
    return {}


def respectively_pairs(sent: Sentence, prev: Sentence | None, text: str) -> dict[int, tuple[str, str]]:
    """'uit Syrië, Jemen en Turkije ... respectievelijk 82%, 87% en 68%': number index -> (code, rule id)."""
    nums, cue = respectively_numbers(sent, text)
    if not nums:
        return paired_lists(sent, text)
    first = sent.numbers[nums[0]].start
    pool = [m for m in sent.nationalities if m.end <= min(cue.start, first) and not m.is_location] or \
           ([m for m in prev.nationalities if not m.is_location] if prev else [])
    if len(pool) < len(nums):
        return {}
    return {i: (m.label, "nationality.respectively") for i, m in zip(nums, pool[-len(nums):])}


def attach_nationalities(sent: Sentence, i: int, frame: Frame, text: str, forced: dict[int, tuple[str, str]],
                         anaphoric: bool, place_list: bool) -> tuple[Choice, bool]:
    """(codes, group) of number i."""
    if place_list:
        return Choice((), "nationality.place_list"), False
    if i in forced:
        return Choice((forced[i][0],), forced[i][1]), False
    n = sent.numbers[i]
    b0, a1 = _clause(sent, i)
    ms = [m for m in sent.nationalities if not m.is_location and _visible(sent, n, m)]
    direct = [m for m in ms if b0 <= m.end <= n.start and _rx("nationality_lead").fullmatch(text[m.end:n.start])]
    if direct:
        group = _group_ending_at(direct[-1], ms, text)
        return Choice(tuple(m.label for m in group), "nationality.paren_group", text[group[0].start:group[-1].end]), False
    after_text = text[n.end:a1]
    colon = after_text.find(":")
    # "... minder dan 5 ... afkomstig uit: A, B, C", "landen met minder dan 5 aanvragen: A, B, C"
    if colon >= 0 and (re.search(r"(?i)\buit\s*:", after_text) or _is_bound(n)):
        listed = [m for m in ms if n.end + colon < m.start < a1]
        if len(listed) >= 2:
            return Choice(tuple(m.label for m in listed), "nationality.colon_list"), False
    # "13 % ... uit Eritrea", "12 % is staatloos" (leaving "Somalië (48)" to its own number) — unless
    # the sentence puts its nationalities before their numbers ("Uit Syrië kwam 45% ..., uit Eritrea
    # 20%"), or the number is the whole of a part before it ("1.300 van de 2.100 ... door Syriërs")
    first = sent.numbers[0]
    fronted = any(m.end <= first.start and not m.is_location and m.bracket < 0 for m in sent.nationalities)
    whole = i > 0 and _rx("partitive").fullmatch(text[sent.numbers[i - 1].end:n.start])
    brk = _rx("adjunct_break").search(text, n.end, a1)
    a1n = brk.start() if brk else a1
    if n.bracket >= 0 and sum(o.bracket == n.bracket for o in sent.numbers) > 1:
        a1n = min(a1n, sent.brackets[n.bracket].end)   # "(juni: 178; juli: 206) komt ... van Afghanen": an aside
    for m in ms if not fronted and not whole else ():
        if n.end <= m.start < a1n:
            if any(o.start > m.end for o in sent.numbers[i + 1:]) and _rx("nationality_lead").fullmatch(text[m.end:a1]):
                continue
            group = [m]
            for o in ms:
                if group[-1].end <= o.start < a1 and _rx("group_separator").fullmatch(text[group[-1].end:o.start]):
                    group.append(o)
            words = text[group[0].start:group[-1].end]
            if len(group) == 1:
                return Choice((m.label,), "nationality.after", words), False
            if _is_bound(n):    # "300 of meer asielzoekers met de A, B en C nationaliteit"
                return Choice(tuple(x.label for x in group), "nationality.after_each", words), False
            return Choice((), "nationality.group", words), True   # "350 asielzoekers uit Algerije en Marokko"
    for m in reversed(ms):   # "Marokkaans 23%", "Iran - 3,4 mln"
        if b0 <= m.end <= n.start and re.fullmatch(r"[\s:\-–]{0,4}", text[m.end:n.start]):
            return Choice((m.label,), "nationality.before", text[m.start:m.end]), False
    named = _distinct([m for m in ms if b0 <= m.start and m.end <= n.start])
    how = "nationality.clause"
    if not named and i > 0:       # "... steeg met 220 (+86 procent) naar 475": the quantity before the change
        k = i
        while k > 0 and not from_to_pair(sent, k - 1, text) and \
                (_rx("change_to_level").fullmatch(text[sent.numbers[k - 1].end:sent.numbers[k].start]) or
                 k < i and sent.numbers[k].bracket >= 0 and            # "met 220 (+86 procent) naar 475"
                 re.fullmatch(r"\s*\(\s*", text[sent.numbers[k - 1].end:sent.numbers[k].start])):
            k -= 1
        if k < i:
            start = _clause(sent, k)[0]
            named = _distinct([m for m in ms if start <= m.start and m.end <= sent.numbers[k].start])
            how = "nationality.change_to_level"
    if len(named) == 1:
        return Choice((named[0].label,), how, text[named[0].start:named[0].end]), False
    if len(named) > 1:
        return Choice((), "nationality.group", ", ".join(text[m.start:m.end] for m in named)), True
    if n.bracket >= 0:      # the clause the bracket belongs to
        br = sent.brackets[n.bracket]
        host_start = host_clause_start(sent, n)
        host = _distinct([m for m in sent.nationalities if not m.is_location and host_start <= m.start and m.end <= br.start])
        if len(host) == 1:
            return Choice((host[0].label,), "nationality.bracket_host", text[host[0].start:host[0].end]), False
    if sent.has_cue("GROUP_ANAPHOR") and (len(frame.nationalities) > 1 or not ms):   # "uit die landen": several
        return Choice((), "nationality.group (frame)"), True
    # "Hun aantal is met 1 205 ... als het aantal Turken (1 250)": no nationality before the number
    person = sent.has_cue("PERSON_ANAPHOR")
    if (not [m for m in ms if m.start < n.start] if person else not ms) and (anaphoric or person) and frame.nationalities:
        if len(frame.nationalities) == 1:
            return Choice(frame.nationalities, "nationality.frame"), False
        return Choice((), "nationality.group (frame)"), True
    # "Sinds 2013 vormen Syriërs de grootste groep. In 2019 kwamen er 3,7 duizend naar Nederland.": a
    # count in a sentence naming no one (no population, no nationality) goes on about the one before
    if n.number.unit == "count" and not sent.nationalities and not sent.populations and len(frame.nationalities) == 1:
        return Choice(frame.nationalities, "nationality.topic"), False
    return Choice((), ""), False


def _is_bound(n: Mention) -> bool:
    """Is the number's hedge one that makes it a bound for each member of a group (rules/attachment.yaml
    `bound_qualifiers`: "300 of meer ... A, B en C", "minder dan 5 ... A, B, C"), not the group's total?"""
    return n.number.qualifier in load("attachment")["bound_qualifiers"]


def host_clause_start(sent: Sentence, n: Mention) -> int:
    """Where the clause a bracketed number's bracket belongs to starts: after the last number before the
    bracket ("Ierland (83%), Nederland (81%)"); when the bracket stands right after a number or its noun,
    that number's clause ("... is 46% (44% in 2018)", "13% (vergelijk: oktober 20%)", "uit Eritrea met
    92 aanvragen (7%)"); else the sentence start."""
    br = sent.brackets[n.bracket]
    before = [k for k, o in enumerate(sent.numbers) if o.end <= br.start and o.bracket != n.bracket]
    if not before:
        return sent.start
    k = before[-1]
    o = sent.numbers[k]
    if o.bracket < 0 and _rx("bracket_after_number").fullmatch(sent.text[o.end - sent.start:br.start - sent.start]):
        return _clause(sent, k)[0]
    return sent.brackets[o.bracket].end if o.bracket >= 0 else o.end


def _distinct(ms: list[Mention]) -> list[Mention]:
    seen, out = set(), []
    for m in ms:
        if m.label not in seen:
            seen.add(m.label)
            out.append(m)
    return out


# ---- categories -----------------------------------------------------------------------------------



@functools.lru_cache(maxsize=1)
def _category_limits() -> dict[str, list[str]]:
    return {c["category"]: c["only_with"] for c in load("categories")["categories"] if c.get("only_with")}


def attach_category(sent: Sentence, i: int, frame: Frame, text: str, heading_categories: list[str],
                    population: str) -> Choice:
    n = sent.numbers[i]
    b0, a1 = _clause(sent, i)
    limits = _category_limits()

    def ok(code: str) -> bool:
        allowed = limits.get(code.split("_")[0] if code.startswith("spoor_") else code)
        return not allowed or not population or population in allowed

    local = [m for m in sent.categories if not m.is_location and ok(m.label) and _visible(sent, n, m)]
    for m in local:   # "Kennis & Talent (circa 2.360)"
        if b0 <= m.end <= n.start and _rx("category_lead").fullmatch(text[m.end:n.start]):
            return Choice(m.label, "category.paren", text[m.start:m.end])
    after = [m for m in local if n.end <= m.start < a1 and
             not (re.match(r"\s*\(", text[m.end:m.end + 3]) and i + 1 < len(sent.numbers))]
    codes = {m.label for m in after}
    if len(codes) == 1:
        return Choice(after[0].label, "category.after", text[after[0].start:after[0].end])
    if len(codes) > 1:
        return Choice("", "")    # "voor onbepaalde tijd c.q. ... voor bepaalde tijd": both, so neither
    for m in reversed(local):    # "afgedaan in spoor 4 was 76%"
        if b0 <= m.start and m.end <= n.start and (i == 0 or m.start >= n.start - 40):
            return Choice(m.label, "category.before", text[m.start:m.end])
    for m in sent.categories:
        if m.is_location and ok(m.label):    # sentence-wide categories (eu_definition, incl_relocation_resettlement)
            return Choice(m.label, "category.sentence", text[m.start:m.end])
    if not sent.populations and frame.category:   # "In 2022 was dit 80%." takes the category before
        return Choice(frame.category, "category.frame")
    if len(heading_categories) == 1 and ok(heading_categories[0]):   # "VERTREK UIT CASELOAD DT&V" over a dashboard
        return Choice(heading_categories[0], "category.heading")
    return Choice("", "")
