"""The period phrases as one pattern: the month names, ordinals, month counts and phrase lists of
rules/periods.yaml combined into named alternatives, tried in priority order (`vocab()["rx"]`; the
name of the alternative that matched says how period_mentions resolves it), with the words that
mark a period as a comparison base (the COMPARISON cue of rules/cues.yaml).

dateparser parses no ranges and no relative Dutch phrases, and its search mode turns "32%" into 1932,
so periods are found with these patterns rather than by a date parser.
"""
from __future__ import annotations

import functools
import re

from ..rules import load
from .nlp import compile_pattern

YEAR = r"(?:19[89]\d|20[0-4]\d)"


@functools.lru_cache(maxsize=1)
def vocab():
    """The compiled period words: "rx" (every alternative as a named group, its own groups prefixed
    "<name>__"), the lower-case "months", "ordinals" and "counts", the "reference" pattern (a COMPARISON
    cue right before), "ignore_lines" (lines whose periods count for nothing), the alternatives'
    "names" in priority order, and the month alternation and range words ("month_alt", "RW")."""
    cfg = load("periods")
    months = cfg["months"]
    # longest names first so "januari" wins over "jan"
    month_alt = "|".join(sorted(map(re.escape, months), key=len, reverse=True))
    M = rf"(?:{month_alt})\.?"
    full = sorted({max((k for k, v in months.items() if v == n), key=len) for n in range(1, 13)}, key=len, reverse=True)
    MF = "(?:" + "|".join(map(re.escape, full)) + ")"       # full month names only (bare months)
    RW = r"(?:t/m|tot\s+en\s+met|tot|-|–)"
    by_number = {n: max((k for k, v in months.items() if v == n), key=len) for n in range(1, 13)}
    PAIR = "(?:" + "|".join(rf"{re.escape(by_number[n])}\s+en\s+{re.escape(by_number[n + 1])}" for n in range(1, 12)) + ")"
    ords = "|".join(map(re.escape, cfg["ordinals"]))
    counts = "|".join(map(re.escape, cfg["month_counts"]))
    THIS = r"(?:dit|het\s+lopende|het\s+huidige)\s+jaar"
    YX = rf"(?:(?P<y>{YEAR})|(?P<ythis>{THIS}))"          # a year, or "dit jaar"
    def alternatives(words: list[str]) -> str:
        """Phrases as one alternation, longest first, any white space between their words."""
        return "|".join(r"\s+".join(map(re.escape, w.split())) for w in sorted(words, key=len, reverse=True))

    def phrases(key: str) -> str:
        return alternatives(cfg[key])
    pats = [
        # (name, regex) in priority order; the first to match at a position wins, longest overall
        ("rolling_explicit", rf"(?:de\s+)?afgelopen\s+(?:twaalf|12)\s+maanden\s*\(\s*(?P<m1>{M})\s+(?P<y1>{YEAR})\s*{RW}\s*(?P<m2>{M})\s+(?P<y2>{YEAR})\s*\)"),
        # "in de week van 19 tot en met 25 oktober", "In de week 19 oktober van 25 oktober" (sic)
        ("week_range", rf"week\s+(?:van\s+)?(?P<d1>\d{{1,2}})\s+(?:(?P<m1>{M})\s+)?(?:{RW}|van|tot\s+en\s+met)\s*(?P<d2>\d{{1,2}})\s+(?P<m2>{M})(?:\s+(?P<y>{YEAR}))?"),
        # "tot en met week 12": the year up to the Sunday of that ISO week
        ("until_week", rf"(?:tot\s+en\s+met|t/m)\s+week\s+(?P<w>\d{{1,2}})(?!\s*(?:\d|{M}))(?:\s+(?:van\s+)?(?P<y>{YEAR}))?"),
        # "week 44", "in week 3 van 2016": the ISO week (Monday .. Sunday) of that year, else the edition's
        ("week_number", rf"week\s+(?P<w>\d{{1,2}})(?!\s*(?:\d|{M}))(?:\s+(?:van\s+)?(?P<y>{YEAR}))?"),
        ("day_range", rf"(?P<d1>\d{{1,2}})\s+(?P<m1>{M})\s+(?P<y1>{YEAR})\s*{RW}\s*(?P<d2>\d{{1,2}})\s+(?P<m2>{M})\s+(?P<y2>{YEAR})"),
        # "Tussen 1 januari en 30 juni 2025", "van 1 januari tot en met 28 februari 2016": those days
        ("day_between", rf"(?:tussen|van)\s+(?P<d1>\d{{1,2}})\s+(?P<m1>{MF})(?:\s+(?P<y1>{YEAR}))?\s+(?:en|{RW})\s+(?P<d2>\d{{1,2}})\s+(?P<m2>{MF})(?:\s+(?P<y2>{YEAR}))?"),
        ("month_range", rf"(?P<m1>{M})(?:\s+(?P<y1>{YEAR}))?\s*{RW}\s*(?P<m2>{M})\s+(?P<y2>{YEAR})"),
        # "januari – augustus", "(januari – augustus) in 2016", "januari t/m maart van dit jaar"
        ("month_range_bare", rf"(?P<m1>{MF})\s*{RW}\s*(?P<m2>{MF})(?:\s*\)?\s*(?:in\s+|van\s+)?{YX})?"),
        # "In januari en februari 2018", "Over januari en februari samen": two months next to each other, together
        ("month_pair", rf"(?P<pair>{PAIR})(?:\s+(?:van\s+)?(?P<y>{YEAR})|(?=\s+samen\b))"),
        # "Tussen juli en september", "tussen april en juni 2021": those months, first to last
        ("month_between", rf"tussen\s+(?P<m1>{MF})\s+en\s+(?P<m2>{MF})(?:\s+(?:van\s+|in\s+)?{YX})?"),
        ("rolling_implicit", r"(?:de\s+)?afgelopen\s+(?:twaalf|12)\s+maanden"),
        # "de afgelopen drie maanden": the months up to the edition's
        ("last_months", rf"(?:de\s+)?afgelopen\s+(?P<n>{counts})\s+maanden"),
        # "in die vier maanden", "in deze periode": the span the text was just about (resolved against it)
        ("those_months", rf"(?:die|deze)\s+(?:(?P<n>{counts})\s+maanden|periode)"),
        # "de eerste acht maanden van dit jaar", "de eerste drie maanden van 2020"
        ("first_months", rf"(?:de\s+)?eerste\s+(?P<n>{counts})\s+maanden\s+(?:van\s+)?{YX}"),
        ("ytd", rf"(?P<y>{YEAR}),?\s+(?:tot\s+en\s+met|t/m)\s+(?P<m>{M})(?!\s+{YEAR})"),
        # "in 2025 (peilmoment: 22 september 2025)": the year up to the day the figures were taken
        ("ytd_day", rf"(?P<y>{YEAR})\s*\(\s*peil(?:moment|datum)\s*:?\s*(?P<d>\d{{1,2}})\s+(?P<m>{M})\s+(?P<y2>{YEAR})\s*\)"),
        ("until_day", rf"(?:tot\s+en\s+met|t/m)\s+(?P<d>\d{{1,2}})\s+(?P<m>{M})\s+(?P<y>{YEAR})"),
        # "In 2021 hebben tot en met maart ...": the year up to that month
        ("until_month", rf"(?:tot\s+en\s+met|t/m)\s+(?P<m>{MF})(?!\s+(?:19|20)\d\d)"),
        # "Tot en met september 2020 zijn ...": that year up to that month
        ("until_month_year", rf"(?:tot\s+en\s+met|t/m)\s+(?P<m>{MF})\s+(?P<y>{YEAR})"),
        ("day", rf"(?P<d>\d{{1,2}})\s+(?P<m>{M})\s+(?P<y>{YEAR})"),
        # "Sinds 1 januari hebben zich ...": a day without its year, only after sinds/vanaf (the since
        # construction of extraction/period_attachment.py makes it the range up to the edition)
        ("since_day", rf"(?:(?<=sinds\s)|(?<=vanaf\s))(?P<d>\d{{1,2}})\s+(?P<m>{MF})(?!\s+(?:19|20)\d\d)"),
        ("numeric_date", rf"(?P<d>\d{{1,2}})-(?P<mo>\d{{1,2}})-(?P<y>{YEAR})"),
        ("quarter", rf"(?P<o>{ords})\s+kwartaal(?:\s+(?:van\s+)?{YX})?"),
        ("quarter_q", rf"Q(?P<q>[1-4])\s*(?:van\s+)?(?P<y>{YEAR})|(?P<y2>{YEAR})[-\s]?Q(?P<q2>[1-4])"),
        ("half", rf"(?P<o>{ords})\s+(?:helft|half\s*jaar)\s+(?:van\s+)?(?:{YX}|het\s+jaar)|(?P<o2>{ords})\s+half\s*jaar|(?<=\bde\s)(?P<o3>eerste|tweede)\s+helft\b(?!\s+van\b)"),
        ("month_this", rf"(?P<m>{MF})\s+(?:van\s+)?(?P<ythis>{THIS})"),
        # "In november vorig jaar lag de instroom op 2.468": that month of the year before the edition's
        ("month_prev_year", rf"(?P<m>{MF})\s+(?:van\s+)?(?:{phrases('previous_year')})"),
        ("month_end", rf"(?:eind|ultimo)\s+(?P<m>{M})\s+(?P<y>{YEAR})"),       # "eind april 2016": its last day
        ("month_year", rf"(?P<m>{M})\s+(?P<y>{YEAR})"),
        ("year_end", rf"(?:eind|ultimo)\s+(?P<y>{YEAR})"),
        # "de laatste maand van 2017", "de eerste maand van het jaar"
        ("edge_month", rf"(?P<o>eerste|laatste)\s+maand\s+van\s+(?:{YX}|het\s+jaar)"),
        ("year_range", rf"(?P<y1>{YEAR})\s*[-–/]\s*(?P<y2>{YEAR}|\d\d)(?!\d)"),
        # "(in) dezelfde periode van 2015", "dezelfde periode vorig jaar": the months the text is about, in
        # that year (resolved against them)
        ("same_period", rf"(?:dezelfde\s+(?:periode|maand|week)|hetzelfde\s+(?:kwartaal|half\s*jaar|tijdvak))\s+(?:van\s+|in\s+)?(?:(?P<y>{YEAR})|(?P<ylast>vorig\s+jaar|het\s+jaar\s+daarvoor|een\s+jaar\s+eerder))"),
        ("step_week", alternatives(cfg["step_before"]["week"])),
        ("step_quarter", alternatives(cfg["step_before"]["quarter"])),
        ("step_half", alternatives(cfg["step_before"]["half"])),
        ("prev_week", phrases("previous_week")),
        ("month_before", phrases("month_before")),
        ("prev_month", phrases("previous_month")),
        ("ytd_phrase", phrases("year_to_date")),
        ("year_before", phrases("year_before")),
        ("year_ago", phrases("year_ago")),
        ("prev_year", phrases("previous_year")),
        ("past_year", phrases("past_year")),
        ("whole_year", phrases("whole_year")),
        ("next_year", phrases("next_year")),
        # a month named alone ("in maart", "(december: 2.584)", "januari (1 970)"); not the month of a
        # day ("8 januari": a date, not a period)
        ("bare_month", rf"(?<!\d\s)(?<!\d)(?P<m>{MF})(?!\s+(?:19|20)\d\d(?!\d))"),
        ("year", rf"(?P<y>{YEAR})"),
    ]
    # group names repeat across alternatives; give each alternative's groups its own prefix
    parts = []
    for name, p in pats:
        p2 = re.sub(r"\(\?P<(\w+)>", lambda m: f"(?P<{name}__{m.group(1)}>", p)
        parts.append(f"(?P<{name}>{p2})")
    combined = "|".join(parts)
    rx = re.compile(rf"(?<![\w/.,-])(?:{combined})(?![\w%])", re.IGNORECASE)
    return {
        "rx": rx,
        "months": {k.lower(): v for k, v in months.items()},
        "ordinals": {k.lower(): v for k, v in cfg["ordinals"].items()},
        "counts": {k.lower(): v for k, v in cfg["month_counts"].items()},
        "reference": _comparison_before(),
        "ignore_lines": re.compile(cfg["ignore_lines"]),
        "names": [n for n, _ in pats],
        "month_alt": month_alt, "RW": RW,
    }


def _comparison_before() -> re.Pattern:
    """The COMPARISON cues of rules/cues.yaml, as a pattern for the words right before a period."""
    phrases = [p for pat in load("cues")["cues"]["COMPARISON"]["patterns"] for p in compile_pattern(pat)]
    alt = "|".join(r"\s+".join(map(re.escape, p.split())) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?i)(?<!\w)(?:{alt})\s+(?:\S+\s+){{0,2}}\(?$")


def month_name(m: int) -> str:
    """The Dutch name of month m (the longest name rules/periods.yaml gives it: "januari", not "jan")."""
    return max((name for name, n in load("periods")["months"].items() if n == m), key=len)
