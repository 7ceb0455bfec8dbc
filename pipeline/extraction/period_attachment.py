"""The period of every number of a sentence: its own ("N in P", "P: N", "P (N)", "..., toen"), the
ones "respectievelijk" pairs, "van N1 naar N2" (N1 a step before N2), "zowel 2022 als 2023" (both),
else the nearest free period in scope, else the frame, else the edition; and a sentence that points
back in time ("Toen ...": time_back)."""
from __future__ import annotations

import re

from ..language.period_arithmetic import add_months, edition_period, month_span, shifted
from ..model import Document, Period
from .attachment import Choice
from .constructions import from_to_pair, list_tail, pattern, respectively_numbers
from .frame import Frame
from .in_scope import nearest, visible
from .mentions import Mention, Sentence
from .scope_rules import scopes


def _first_free(sent: Sentence, bound: set[int], text: str) -> Mention | None:
    for m in sent.periods:
        if not m.period.reference and not m.period.shift and id(m) not in bound and not _of_a_cause(m, sent, text) \
                and _relative_clause_end(m, sent, text) is None:
            return m
    return None


def _relative_clause_end(p: Mention, sent: Sentence, text: str) -> int | None:
    """Where the relative clause that looks back the period stands in closes ("Eritreeërs, die in 2015 nog de
    tweede plaats innamen, waren ..."): the comma after it; None when the period stands in no such clause
    (not "Het aantal nareizigers, die in maart 2023 naar Nederland kwamen, was 3 270": their period)."""
    opening = _RELATIVE_OPEN.search(text[sent.start:p.start])
    m = re.match(r"[^,;.]*,", text[p.end:sent.end])
    if not opening or not m or not _LOOKS_BACK.search(opening.group(0) + text[p.end:p.end + m.end()]):
        return None
    return p.end + m.end()


def _closed_relative(p: Mention, n: Mention, sent: Sentence, text: str) -> bool:
    """Is the period in a relative clause that closes before the number (so no period of the number's)?"""
    end = _relative_clause_end(p, sent, text)
    return end is not None and end <= n.start


_RELATIVE_OPEN = re.compile(r"(?i),\s*(?:die|dat|welke|wie)\b[^,;]*$")
_LOOKS_BACK = re.compile(r"(?i)\b(?:nog|eerder|vroeger|destijds)\b")


def _of_a_cause(p: Mention, sent: Sentence, text: str) -> bool:
    """Is the period when a cause happened ("door de evacuaties in augustus"), not the figures' period?"""
    return bool(pattern("cause_period").search(text[max(sent.start, p.start - 50):p.start]))


_SIGNS = "+-−"      # "3.391 in januari (-30%)": a signed change after the period does not take it


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
    # "... lag in de tweede helft van het jaar hoger dan in de eerste helft: 23 295 tegenover 14 840": the two
    # periods before the colon and the two numbers after it, in order
    colon = text.find(":", sent.start, sent.end)
    if colon >= 0 and not own:
        after = [i for i, n in enumerate(nums) if n.start > colon]
        ps = [p for p in sent.periods if p.end <= colon]
        if len(after) == 2 == len(ps) and pattern("set_against").fullmatch(text[nums[after[0]].end:nums[after[1]].start]):
            own.update({i: (p, "period.set_against") for i, p in zip(after, ps)})
    # "In januari en februari kwamen er nog 440 en 455": two periods joined by "en" and two numbers joined by
    # "en" after them, in order
    if not own:
        for a, b in zip(sent.periods, sent.periods[1:]):
            if re.fullmatch(r"\s+en\s+", text[a.end:b.start]) and not a.period.reference and not b.period.reference:
                pair = [k for k in range(len(nums) - 1) if nums[k].start > b.end
                        and re.fullmatch(r"\s+en\s+", text[nums[k].end:nums[k + 1].start])]
                later = [p for p in sent.periods if p.start > b.end]
                if len(pair) == 1 and not any(p.start < nums[pair[0] + 1].end for p in later):
                    own.update({pair[0]: (a, "period.in_order"), pair[0] + 1: (b, "period.in_order")})
                break
    for i, n in enumerate(nums):
        if i in own:
            continue
        for p in sent.periods:       # N in P / N (P) / N een jaar eerder
            between = text[n.end:p.start]
            if p.start >= n.end and (pattern("own_after").fullmatch(between) or (p.period.shift and not between.strip())) \
                    and not pattern("not_own_after").search(between) \
                    and not any(n.end <= o.start < p.start for o in nums) \
                    and not any(pattern("period_lead").fullmatch(text[p.end:o.start]) or pattern("adjacent").fullmatch(text[p.end:o.start])
                                for o in nums if o.start >= p.end and text[o.start] not in _SIGNS) \
                    and (not between.rstrip().endswith("(") or re.match(r"\s*\)", text[p.end:p.end + 3])):
                own[i] = (p, "period.own_after")
                break
        if i in own:
            continue
        for p in sent.periods:       # P: N / P (N) — not a change after a comparison base ("vorig jaar (+28%)")
            if p.end <= n.start and pattern("period_lead").fullmatch(text[p.end:n.start]) and \
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
    main = _first_free(sent, bound, text)
    main_p = main.period if main else None
    since = None
    if main is None:      # "Sinds het vierde kwartaal van 2016 is ...": from then up to the edition
        since = next((p for p in sent.periods if p.period.reference and p.period.start and
                      re.fullmatch(r"(?i)\W*(?:sinds|vanaf|sedert)\s+(?:het\s+|de\s+)?", text[sent.start:p.start])), None)
        if since is not None:
            end = edition_period(doc.edition, False).end
            if since.period.start < end:     # from 1 January of the edition's year: the year to date
                ytd = since.period.start == f"{end[:4]}-01-01"
                main_p = Period(since.period.start, end, "ytd" if ytd else "range")
            else:
                since = None

    def resolve(p: Mention) -> Period:
        if not p.period.shift:
            return p.period
        anchor = main_p if main is not None and main is not p and main.start < p.start and not main.period.shift \
            else frame.period
        return shifted(p.period, anchor, doc.edition)

    out: list[tuple[tuple[Period, ...], Choice] | None] = [None] * len(nums)
    for i, (p, how) in own.items():
        out[i] = ((resolve(p),), Choice(p.period, how, text[p.start:p.end], spans=((p.start, p.end),)))
    # (N1 resp. N2): the sentence's period, then its comparison base
    for i in range(len(nums) - 1):
        if out[i] is None and out[i + 1] is None and \
                any(c.label == "RESPECTIVELY" and nums[i].end <= c.start < nums[i + 1].start for c in sent.cues):
            base = [p for p in sent.periods if p.period.reference and p.end <= nums[i].start and visible(sent, nums[i], p)]
            if base:
                first = (main_p,) if main_p and main.end <= nums[i].start else ((frame.period,) if frame.period else None)
                if first:
                    out[i] = (first, Choice(first[0], "period.respectively", text[main.start:main.end] if main and main_p is first[0] else "",
                                               spans=((main.start, main.end),) if main and main_p is first[0] else ()))
                    b = base[-1]
                    out[i + 1] = ((shifted(b.period, first[0], doc.edition),), Choice(b.period, "period.respectively", text[b.start:b.end],
                                                                                           spans=((b.start, b.end),)))
    # van N1 naar N2 (in P): N1 is of the step before N2's period (its own, or the one it takes below)
    from_to = [i for i in range(len(nums) - 1) if out[i] is None and from_to_pair(sent, i, text)]
    free = [p for p in sent.periods if not p.period.reference and id(p) not in bound and not _of_a_cause(p, sent, text)]
    sc = scopes()["period"]
    same = pattern("same_period").search(sent.text)

    def adjacent_to_other(p: Mention, n: Mention) -> bool:
        return any(o is not n and o.start >= p.end and pattern("adjacent").fullmatch(text[p.end:o.start]) for o in nums)
    for i, n in enumerate(nums):
        if out[i] is not None:
            continue
        chosen, how = None, ""
        for direction in sc.directions:
            pool = free if direction == "before" else [p for p in free if not adjacent_to_other(p, n)]
            pool = [p for p in pool if not _closed_relative(p, n, sent, text)]
            chosen = nearest(sent, text, n if direction == "before" else list_tail(sent, n, text), pool, direction, sc.scope(direction))
            if chosen:
                how = f"period.nearest_{direction}"
                break
        if chosen is not None:
            both = _both(sent, chosen, text)
            if both:
                out[i] = (tuple(resolve(p) for p in both), Choice(chosen.period, "period.both",
                                                                   text[both[0].start:both[-1].end],
                                                                   spans=tuple((p.start, p.end) for p in both)))
            else:
                out[i] = ((resolve(chosen),), Choice(chosen.period, "period.shifted" if chosen.period.shift else how,
                                                     text[chosen.start:chosen.end], spans=((chosen.start, chosen.end),)))
        elif since is not None:        # its figures are counted since then (extraction: a range is cumulative)
            out[i] = ((main_p,), Choice(main_p, "period.since", text[since.start:since.end], spans=((since.start, since.end),)))
        elif frame.period is not None and same is not None:    # "In dezelfde periode": the text's last period
            out[i] = ((frame.period,), Choice(frame.period, "period.same_period", same.group(0),
                                              spans=((sent.start + same.start(), sent.start + same.end()),)))
        elif frame.period is not None:
            out[i] = ((frame.period,), Choice(frame.period, "period.frame"))
        else:
            ep = edition_period(doc.edition, doc.annual)
            out[i] = ((ep,), Choice(ep, "period.edition"))
    for i in from_to:
        target = out[i + 1][0][0]
        if target.kind in ("year", "month") and nums[i].number.unit == nums[i + 1].number.unit:
            out[i] = ((_step_back(target),), Choice(target, "period.from_to", ""))
    if main is None and main_p is None and len(sent.periods) == 1 and own and len(own) == len(nums) and \
            all(how == "period.own_after" for _, how in own.values()):
        # (not "van ruim 1.700 in het eerste halfjaar van 2012 naar 1.280 nu": the base of a comparison)
        main_p = resolve(sent.periods[0])     # "Een op de drie asielzoekers in 2020 was Syriër.": what it goes on about
    return out, (resolve(main) if main else main_p)


def time_back(sent: Sentence, prev: Sentence | None, frame: Frame, doc: Document) -> tuple[Period, str, tuple[int, int]] | None:
    """"Toen kwamen er 2.200": a sentence that opens by pointing back in time and names no period of its
    own is about the last period the sentence before named ("... minder dan de week daarvoor."),
    resolved against what that sentence was about (the frame); (period, its words, their span) or None."""
    if prev is None or sent.periods or not prev.periods or not pattern("time_back").match(sent.text):
        return None
    last = prev.periods[-1]
    return shifted(last.period, frame.period, doc.edition), doc.text[last.start:last.end], (last.start, last.end)


def _both(sent: Sentence, p: Mention, text: str) -> list[Mention]:
    """The two periods of 'zowel (in) 2022 als (in) 2023' when `p` is one of them; and of 'In maart en april ging het
    om elk ruim 600 ...' (a figure for each)."""
    ps = sent.periods
    for a, b in zip(ps, ps[1:]):
        if p in (a, b) and re.search(r"(?i)\bzowel\s+(?:in\s+)?$", text[max(sent.start, a.start - 12):a.start]) and \
                re.fullmatch(r"(?i)\s+als\s+(?:in\s+)?", text[a.end:b.start]):
            return [a, b]
        if p in (a, b) and re.fullmatch(r"(?i)\s+en\s+(?:in\s+)?", text[a.end:b.start]) and a.period.kind == b.period.kind \
                and not a.period.reference and not b.period.reference and re.search(r"(?i)\b(?:elk|beide)\b", text[b.end:sent.end]):
            return [a, b]
    return []
