"""The constructions that tie the numbers of a sentence together, shared by the modifier types, and the
words they look at (rules/attachment.yaml `patterns`): a number's clause, the clause a bracketed
number's bracket belongs to, the last number of a bracketed list, "van N1 naar N2" (one quantity) and
the numbers a "respectievelijk" pairs."""
from __future__ import annotations

import functools
import re

from ..rules import load
from .mentions import Mention, Sentence


@functools.lru_cache(maxsize=None)
def pattern(name: str) -> re.Pattern:
    """One of the patterns of rules/attachment.yaml `patterns` (the words the constructions look at)."""
    return re.compile(load("attachment")["patterns"][name])


def clause_span(sent: Sentence, i: int) -> tuple[int, int]:
    """From the number before (or the sentence start) to the number after (or the sentence end); a
    bracket after the number in its own words ("de helft (277)", "een kwart van de asielverzoeken
    (1 100) van Syriërs": no nationality and no number before it) belongs to its clause."""
    nums = sent.numbers
    b0 = nums[i - 1].end if i > 0 else sent.start
    n = nums[i]
    a1 = sent.end
    for k, o in enumerate(nums[i + 1:], i + 1):
        if k == i + 1 and pattern("partitive").fullmatch(sent.text[n.end - sent.start:o.start - sent.start]):
            continue          # "1.300 van de 2.100 eerste asielaanvragen ...": the whole is part of its clause
        br = sent.brackets[o.bracket] if o.bracket >= 0 else None
        if br is not None and br.start >= n.end and o.bracket != n.bracket and n.bracket < 0 and \
                not any(n.end <= m.start < br.start for m in sent.nationalities) and \
                not any(n.end <= x.start < br.start for x in nums):
            continue
        a1 = o.start
        break
    return b0, a1


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
    if o.bracket < 0 and pattern("bracket_after_number").fullmatch(sent.text[o.end - sent.start:br.start - sent.start]):
        return clause_span(sent, k)[0]
    return sent.brackets[o.bracket].end if o.bracket >= 0 else o.end


def list_tail(sent: Sentence, n: Mention, text: str) -> Mention:
    """The last number of the bracketed list `n` belongs to — "Afghanen (2 730) en Turken (2 685) ...",
    "de minste (780) en in september de meeste (3 950) asielverzoeken" — else `n`: what follows the list
    (its noun, its period) is every member's."""
    k = sent.numbers.index(n)
    while n.bracket >= 0 and k + 1 < len(sent.numbers):
        br, nxt = sent.brackets[n.bracket], sent.numbers[k + 1]
        if nxt.bracket < 0 or nxt.bracket == n.bracket or not pattern("list_member").fullmatch(text[br.end:sent.brackets[nxt.bracket].start]):
            break
        n, k = nxt, k + 1
    return n


def restated_in_bracket(sent: Sentence, i: int) -> bool:
    """'ruim een derde (34%)': is number i+1 the percentage in a bracket right after the share i (one
    quantity, two mentions: they share population and nationality)?"""
    nums = sent.numbers
    return 0 <= i < len(nums) - 1 and nums[i].number.unit == nums[i + 1].number.unit == "percent" and \
        nums[i + 1].bracket >= 0 and sent.brackets[nums[i + 1].bracket].start >= nums[i].end and \
        not sent.text[nums[i].end - sent.start:sent.brackets[nums[i + 1].bracket].start - sent.start].strip()


def from_to_pair(sent: Sentence, i: int, text: str) -> bool:
    """Are numbers i and i+1 the 'van N1 ... naar N2' of one quantity?"""
    nums = sent.numbers
    if i < 0 or i + 1 >= len(nums):
        return False
    own_after = pattern("own_after")
    between = text[nums[i].end:nums[i + 1].start]
    # "van 148 in oktober naar 159": N1's own period may stand between
    after_own = next((text[p.end:nums[i + 1].start] for p in sent.periods
                      if nums[i].end <= p.start and p.end <= nums[i + 1].start
                      and own_after.fullmatch(text[nums[i].end:p.start])), None)
    return bool((pattern("from_to").fullmatch(between) or after_own is not None and (
                    pattern("from_to").fullmatch(after_own) or pattern("from_to_after_own").fullmatch(after_own)))
                and re.search(r"(?i)\bvan\s+(?:[\w'’.]+\s+)?$", text[max(sent.start, nums[i].start - 20):nums[i].start]))


def respectively_numbers(sent: Sentence, text: str) -> tuple[list[int], Mention | None]:
    """The numbers a RESPECTIVELY cue pairs ("respectievelijk 82%, 87% en 68%": those after it; "met 35%
    respectievelijk 13%": the two around it), and the cue."""
    cue = next((c for c in sent.cues if c.label == "RESPECTIVELY"), None)
    if cue is None:
        return [], None
    nums = [i for i, n in enumerate(sent.numbers) if n.start > cue.start]
    stop = text.find(";", cue.end, sent.end)       # (not the numbers of the part after a semicolon)
    nums = [i for i in nums if stop < 0 or sent.numbers[i].start < stop]
    if len(nums) >= 2:
        return nums, cue
    for k in range(len(sent.numbers) - 1):
        a, b = sent.numbers[k], sent.numbers[k + 1]
        if a.end <= cue.start and cue.end <= b.start and not text[a.end:cue.start].strip(" ,") \
                and not text[cue.end:b.start].strip(" ,"):
            return [k, k + 1], cue
    return [], None
