"""The nationalities of a number: lists paired in order ("respectievelijk", "A en B met N1 en N2"),
the one or group right before it ("Syrië (69)", "Marokkaans 23%"), a colon list, the ones after it
(one; each, under a bound; else a group that is no one nationality), the clause's, the bracket's host
clause's, else the frame's."""
from __future__ import annotations

import re

from ..rules import load
from .attachment import Choice, spans_of
from .constructions import clause_span, from_to_pair, host_clause_start, pattern, respectively_numbers
from .frame import Frame
from .in_scope import visible
from .mentions import Mention, Sentence


def _group_ending_at(last: Mention, ms: list[Mention], text: str) -> list[Mention]:
    """The nationalities joined as one group (A, B en C: rules/attachment.yaml `group_separator`) that
    ends with `last`, in order."""
    group = [last]
    while True:
        before = [m for m in ms if m.end <= group[0].start and pattern("group_separator").fullmatch(text[m.end:group[0].start])]
        if not before:
            return group
        group.insert(0, before[-1])


def paired_lists(sent: Sentence, text: str) -> dict[int, tuple[str, str]]:
    """'Algerijnen en Marokkanen met 260 en 185 asielaanvragen': a group of nationalities, 'met', and as
    many numbers joined the same way — paired in order without 'respectievelijk'."""
    nums, ms = sent.numbers, [m for m in sent.nationalities if not m.is_location]
    for k in range(len(nums) - 1):
        run = [k]
        while run[-1] + 1 < len(nums) and pattern("number_list_separator").fullmatch(text[nums[run[-1]].end:nums[run[-1] + 1].start]):
            run.append(run[-1] + 1)
        if len(run) < 2:
            continue
        lead = [m for m in ms if m.end <= nums[k].start and pattern("paired_lead").fullmatch(text[m.end:nums[k].start])]
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
    """(codes, group) of number i. "De overige 20.540 vreemdelingen" is the rest of a figure, no
    nationality: "overige" right before a count is the other nationalities only where nationalities are
    listed (in the sentence or the figures before it) or named ("landen", "nationaliteiten"); before a
    share ("De overige 53% kwam uit andere landen") it always is."""
    choice, group = _attach(sent, i, frame, text, forced, anaphoric, place_list)
    if choice.value == ("OTHER",) and re.fullmatch(r"(?i)(?:de\s+)?overig(?:e|en)?", choice.source.strip()) \
            and choice.spans and re.fullmatch(r"(?i)\s*(?:(?:ruim|bijna|circa|ongeveer|zo'n)\s+)?",
                                              text[choice.spans[-1][1]:sent.numbers[i].start]) \
            and sent.numbers[i].number.unit == "count" and not re.search(r"(?i)\blanden\b|nationaliteit", sent.text) \
            and not frame.nationalities and not any(m.label != "OTHER" and not m.is_location for m in sent.nationalities):
        return Choice((), "nationality.rest_without_list", choice.source, spans=choice.spans), False
    if choice.value == ("OTHER",) and re.fullmatch(r"(?i)(?:de\s+)?overig(?:e|en)?", choice.source.strip()) \
            and sent.numbers[i].number.unit == "percent" and not re.search(r"(?i)\bland(?:en)?\b|nationaliteit|\buit\b", sent.text) \
            and not frame.nationalities and not any(m.label != "OTHER" and not m.is_location for m in sent.nationalities):
        # "de overige 54% vertrok zonder toezicht": the rest of a whole that no nationality splits
        return Choice((), "nationality.rest_share", choice.source, spans=choice.spans), False
    return choice, group


def _attach(sent: Sentence, i: int, frame: Frame, text: str, forced: dict[int, tuple[str, str]],
            anaphoric: bool, place_list: bool) -> tuple[Choice, bool]:
    if place_list:
        return Choice((), "nationality.place_list"), False
    if i in forced:
        return Choice((forced[i][0],), forced[i][1]), False
    n = sent.numbers[i]
    b0, a1 = clause_span(sent, i)
    if _OF_ALL.search(text, max(sent.start, n.start - 40), n.start):
        # "1.320 Eritrese amv ..., op een totaal van 3.860 amv-aanvragen": the whole, of every nationality
        return Choice((), "nationality.of_all", text[max(sent.start, n.start - 40):n.start].strip()), False
    ms = [m for m in sent.nationalities if not m.is_location and visible(sent, n, m) and not _an_example(m, sent, text)]
    direct = [m for m in ms if b0 <= m.end <= n.start and pattern("nationality_lead").fullmatch(text[m.end:n.start])]
    if direct:
        group = _group_ending_at(direct[-1], ms, text)
        return Choice(tuple(m.label for m in group), "nationality.paren_group", text[group[0].start:group[-1].end],
                      spans=spans_of(group)), False
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
    # a part after a semicolon that names a nationality of its own stands on its own ("Turken volgden met
    # 3 860 verzoeken; ongeveer 1 op de 10 asielzoekers had de Turkse nationaliteit")
    part = text.rfind(";", sent.start, n.start) + 1
    if not part or not any(part <= m.start for m in ms):
        part = sent.start
    first = next(o for o in sent.numbers if o.start >= part)
    lead = max(part, text.rfind(":", sent.start, first.start) + 1)     # "... statushouders: 56 procent ... de Syrische ...": a lead-in
    if not any(lead <= m.start and not m.is_location for m in sent.nationalities) or \
            len({m.label for m in sent.nationalities if m.end < lead and not m.is_location}) < 2:
        lead = part      # one nationality before the colon is the figures' own ("Syriërs dienden ... in: 3.370")
    fronted = any(lead <= m.start and m.end <= first.start and not m.is_location and m.bracket < 0 for m in sent.nationalities)
    whole = i > 0 and pattern("partitive").fullmatch(text[sent.numbers[i - 1].end:n.start])
    brk = pattern("adjunct_break").search(text, n.end, a1)
    a1n = brk.start() if brk else a1
    if n.bracket >= 0 and sum(o.bracket == n.bracket for o in sent.numbers) > 1:
        a1n = min(a1n, sent.brackets[n.bracket].end)   # "(juni: 178; juli: 206) komt ... van Afghanen": an aside
    for m in ms if not fronted and not whole else ():
        if n.end <= m.start < a1n:
            if any(o.start > m.end for o in sent.numbers[i + 1:]) and pattern("nationality_lead").fullmatch(text[m.end:a1]) \
                    and not _share_and_its_count(sent, i, m, ms, text):
                continue
            nxt = next((o for o in sent.numbers[i + 1:] if o.start >= m.end), None)
            if nxt is not None and _LEADS_NUMBER.fullmatch(text[m.end:nxt.start]) and not _share_and_its_count(sent, i, m, ms, text):
                continue       # "(Eritrea 61, Somalië 27, ...)": Somalië is 27's

            group = [m]
            for o in ms:
                if group[-1].end <= o.start < a1 and pattern("group_separator").fullmatch(text[group[-1].end:o.start]):
                    group.append(o)
            words = text[group[0].start:group[-1].end]
            if len(group) == 1:
                return Choice((m.label,), "nationality.after", words, spans=spans_of(group)), False
            if _is_bound(n):    # "300 of meer asielzoekers met de A, B en C nationaliteit"
                return Choice(tuple(x.label for x in group), "nationality.after_each", words, spans=spans_of(group)), False
            return Choice((), "nationality.group", words, spans=spans_of(group)), True   # "350 asielzoekers uit Algerije en Marokko"
    for m in reversed(ms):   # "Marokkaans 23%", "Iran - 3,4 mln"
        if b0 <= m.end <= n.start and re.fullmatch(r"[\s:\-–]{0,4}", text[m.end:n.start]):
            return Choice((m.label,), "nationality.before", text[m.start:m.end], spans=spans_of([m])), False
    named = _distinct([m for m in ms if max(b0, lead) <= m.start and m.end <= n.start])
    how = "nationality.clause"
    if not named and i > 0:       # "... steeg met 220 (+86 procent) naar 475": the quantity before the change
        k = i
        while k > 0 and not from_to_pair(sent, k - 1, text) and \
                (pattern("change_to_level").fullmatch(text[sent.numbers[k - 1].end:sent.numbers[k].start]) or
                 k < i and sent.numbers[k].bracket >= 0 and            # "met 220 (+86 procent) naar 475"
                 re.fullmatch(r"\s*\(\s*", text[sent.numbers[k - 1].end:sent.numbers[k].start])):
            k -= 1
        if k < i:
            start = clause_span(sent, k)[0]
            named = _distinct([m for m in ms if start <= m.start and m.end <= sent.numbers[k].start])
            how = "nationality.change_to_level"
    if len(named) == 1:
        return Choice((named[0].label,), how, text[named[0].start:named[0].end], spans=spans_of(named[:1])), False
    if len(named) > 1:
        # "(57%) had de Syrische nationaliteit, de Eritrese nareizigers vormden met 31% de tweede groep": the one
        # in the number's own part of the clause (after the last comma before it), when it holds just one
        cut = text.rfind(",", named[0].end, n.start)
        own = [m for m in named if m.start > cut] if cut >= 0 else []
        if len(own) == 1 and not pattern("group_separator").fullmatch(text[named[-2].end:named[-1].start]):
            return Choice((own[0].label,), "nationality.clause", text[own[0].start:own[0].end], spans=spans_of(own)), False
        words = ", ".join(text[m.start:m.end] for m in named)
        if _is_bound(n) or pattern("distributive").search(text, named[-1].end, n.start):
            # "Uit Iran, Irak en Ethiopië kwamen telkens minder dan 5 nareizigers": a figure for each
            return Choice(tuple(m.label for m in named), "nationality.before_each", words, spans=spans_of(named)), False
        return Choice((), "nationality.group", words, spans=spans_of(named)), True
    if n.bracket >= 0:      # the clause the bracket belongs to
        br = sent.brackets[n.bracket]
        host_start = host_clause_start(sent, n)
        host = _distinct([m for m in sent.nationalities if not m.is_location and host_start <= m.start and m.end <= br.start])
        if len(host) == 1:
            return Choice((host[0].label,), "nationality.bracket_host", text[host[0].start:host[0].end],
                          spans=spans_of(host[:1])), False
    if sent.has_cue("GROUP_ANAPHOR") and (len(frame.nationalities) > 1 or not ms):   # "uit die landen": several
        return Choice((), "nationality.group (frame)"), True
    # "In april waren dit nog 60, 30 en 25" after "van Syriërs (95), Algerijnen (55) en Marokkanen (45)": in order
    if anaphoric and not ms and len(sent.numbers) >= 2 and len(frame.nationalities) == len(sent.numbers) and \
            len({o.number.unit for o in sent.numbers}) == 1:
        return Choice((frame.nationalities[i],), "nationality.frame_in_order"), False
    # "Hun aantal is met 1 205 ... als het aantal Turken (1 250)": no nationality before the number
    person = sent.has_cue("PERSON_ANAPHOR")
    own = [m for m in sent.nationalities if not m.is_location and m.start < n.start]     # (examples too: "zoals Albanië, ...")
    if (not own if person else not ms) and (anaphoric or person) and frame.nationalities:
        if len(frame.nationalities) == 1:
            return Choice(frame.nationalities, "nationality.frame"), False
        return Choice((), "nationality.group (frame)"), True
    # "Sinds 2013 vormen Syriërs de grootste groep. In 2019 kwamen er 3,7 duizend naar Nederland.": a
    # count in a sentence naming no one (no population, no nationality) goes on about the one before
    # ("Het aantal aanvragen steeg van 174 in juni naar 214 in juli" after the Syrians' share: "aanvragen"
    # without a type names no other group)
    bare = all(m.label == "applications" for m in sent.populations) and not re.search(r"(?i)\b(?:totaal|totale|alle)\b", sent.text)
    # (not after a rate of one nationality: "Voor Syrische asielzoekers lag dit percentage boven de 90 procent. In 1.120
    # gevallen ... werd de aanvraag afgewezen")
    if n.number.unit == "count" and not sent.nationalities and bare and len(frame.nationalities) == 1 \
            and (frame.last_metric[1] != "percent" or frame.last_metric[0] in _GROUP_SHARES):
        return Choice(frame.nationalities, "nationality.topic"), False
    return Choice((), ""), False


_GROUP_SHARES = {"asylum_first_applications_share", "asylum_inflow_share", "family_reunification_share"}   # a group's share of a flow
_LEADS_NUMBER = re.compile(r"[ \t:\-–]{0,4}")


def _an_example(m: Mention, sent: Sentence, text: str) -> bool:
    """'Asielzoekers uit veilige landen van herkomst, zoals Albanië, Kosovo en Servië, kregen ...': names after "zoals"
    are examples of a group, not the figure's nationalities."""
    return bool(_EXAMPLES.search(text, sent.start, m.start))


_EXAMPLES = re.compile(r"(?i)\b(?:zoals|waaronder|bijvoorbeeld)\s+(?:(?-i:[A-ZÀ-Ý])[\w'’-]*(?:\s*,\s*|\s+(?:en|of)\s+))*$")
_OF_ALL = re.compile(r"(?i)\b(?:op|van|uit)\s+(?:een|het)\s+totaal\s+(?:aantal\s+)?van\s+(?:(?:ruim|bijna|circa|ongeveer|zo'n)\s+)?$")


def _share_and_its_count(sent: Sentence, i: int, m: Mention, ms: list[Mention], text: str) -> bool:
    """'Ruim een derde van de eerste asielverzoeken kwam van Syriërs (2 950)': a share whose one
    nationality after it (in the sentence) carries the count of the same group (or a share of it: "Ruim een kwart
    ... door Syriërs (27%)", "87% van de aanvragen van Afghanen (8% van alle ...)") in a bracket: both are
    that nationality's (with more nationalities after the share, each bracket is its own member's); so is a share
    whose nationality a colon's count names again ("... was Syriër: 2 630 Syriërs ...")."""
    n = sent.numbers[i]
    after = [o for o in ms if o.start >= n.end]
    if n.number.unit != "percent" or not after or after[0] is not m or any(n.end <= x.start < m.start for x in sent.numbers):
        return False
    # "Ruim 1 op de 4 asielzoekers was Syriër: 2 630 Syriërs vroegen ... asiel aan": the colon's count names the same
    # nationality again
    colon = re.match(r"\s*:\s*", text[m.end:])
    if colon:
        nxt = next((o for o in sent.numbers[i + 1:] if o.start >= m.end), None)
        again = [o for o in after[1:] if nxt is not None and nxt.end <= o.start]
        if nxt is not None and nxt.start == m.end + colon.end() and nxt.number.unit == "count" and \
                (not again or again[0].label == m.label and re.fullmatch(r"\s*", text[nxt.end:again[0].start])):
            return True     # (and "Bijna een kwart ... kwam uit Syrië: 1 480 personen")
    inside = [o for o in sent.numbers[i + 1:] if o.bracket >= 0 and sent.brackets[o.bracket].start >= m.end
              and re.fullmatch(r"\s*", text[m.end:sent.brackets[o.bracket].start])]
    if not (len(inside) == 1 and sum(o.bracket == inside[0].bracket for o in sent.numbers) == 1) \
            or inside[0].number.unit == "percent" and n.bracket >= 0:    # (not "Nederland (81%) en Litouwen (73%)": a list)
        return False
    # no group of nationalities shares it ("van Syriërs (2 950) en Eritreeërs (1 000)"): the one after the
    # bracket, if any, stands apart ("..., gevolgd door Turken met 512", "..., bijna een derde Eritrees (3 790)")
    end = sent.brackets[inside[0].bracket].end
    return len(after) == 1 or not pattern("group_separator").fullmatch(text[end:after[1].start])


def _is_bound(n: Mention) -> bool:
    """Is the number's hedge one that makes it a bound for each member of a group (rules/attachment.yaml
    `bound_qualifiers`: "300 of meer ... A, B en C", "minder dan 5 ... A, B, C"; for a rate also `rate_bound_qualifiers`:
    "bij Syriërs en Eritreeërs lag dat percentage boven de 90 procent"), not the group's total?"""
    c = load("attachment")
    return n.number.qualifier in c["bound_qualifiers"] or \
        (n.number.unit == "percent" and n.number.qualifier in c.get("rate_bound_qualifiers", []))


def _distinct(ms: list[Mention]) -> list[Mention]:
    seen, out = set(), []
    for m in ms:
        if m.label not in seen:
            seen.add(m.label)
            out.append(m)
    return out


_HEDGE = r"(?:(?:ruim|bijna|circa|ongeveer|zo'n|meer\s+dan|minder\s+dan|iets\s+meer\s+dan)\s+)?"
# Between a count and its share: at most three words ("eerste asielverzoeken in, ruim"), or up to seven
# words and then "groep" and a stop ("opnieuw de grootste groep;"). Those seven words are each taken whole
# with the white space after it (possessive), the last one also up to a hyphen right before "groep"
# ("leeftijds-groep"). Written `(?:[^\W\d][\w-]*\s*){0,7}?\bgroep` it matched the same texts (a word cut
# elsewhere than after a hyphen has no word boundary before "groep"), but tried every way of cutting every
# word before it failed: 70 ms for 68 characters, exponentially more for longer ones (tests/test_rules.py
# compares the two).
_SHARE_AFTER_COUNT = re.compile(
    r"(?i)\s*(?:[^\W\d][\w-]*\s*){0,3}(?:,\s*)?" + _HEDGE +
    r"|\s*+(?:(?:[^\W\d][\w-]*+\s++){0,7}|(?:[^\W\d][\w-]*+\s++){0,6}[^\W\d][\w-]*-)\bgroep\s*[,;:]\s*" + _HEDGE)


def share_of_count_before(sent: Sentence, i: int, text: str) -> bool:
    """"8 380 personen, ruim een derde van het totaal", "13 080 eerste asielverzoeken in, ruim een derde van
    het totaal", "8 420, ofwel 65 procent": a share right after a count, of the whole, is that count's share:
    it takes the count's nationality."""
    if not 0 < i < len(sent.numbers):
        return False
    n = sent.numbers[i]
    if n.number.unit == "percent" and sent.numbers[i - 1].number.unit == "count" and \
            re.fullmatch(r"(?i)\s*,\s*(?:ofwel|oftewel|dat\s+is|of)\s+(?:(?:ruim|bijna|circa|ongeveer)\s+)?", text[sent.numbers[i - 1].end:n.start]):
        return True         # "de Syrische nationaliteit: 8 420, ofwel 65 procent"
    # "Syriërs vormden met 2 140 eerste asielverzoeken opnieuw de grootste groep; 27 procent van het totaal",
    # "... de grootste groep: bijna 1 op de 3 asielzoekers"
    return n.number.unit == "percent" and sent.numbers[i - 1].number.unit == "count" and \
        bool(_SHARE_AFTER_COUNT.fullmatch(text[sent.numbers[i - 1].end:n.start])) and \
        bool(re.match(r"(?i)\s*(?:\([^()]{0,12}\)\s*)?(?:procent|%)?\s*van\s+(?:het|de|alle)\s+(?:totaal|totale|(?:eerste\s+)?(?:asielzoekers|aanvragen|asielaanvragen|asielverzoeken|verzoeken))\b"
                      r"|\s*(?:asielzoekers|aanvragers|asielaanvragen|aanvragen|asielverzoeken|verzoeken)\s*(?:[.;]|$)",
                      text[n.end:n.end + 60]))
