"""How much of a document was understood: its coverage line, its row in extracted/coverage.csv and
the `low_coverage` warning (validate.check_document), so that a document read badly says so instead
of giving a short table that looks complete.

    of(result) -> Coverage      the counts of an ExtractResult (worked out once per result)

Every number the extractor found is one of: read with a core metric; read without one (a row with an
empty metric); passed over with a reason (ExtractResult.skipped). A number is *not understood* when it
was read without a metric in a sentence (or table row) that names a core population or no population
at all, or passed over for a reason that does not say what it is (rules/checks.yaml
`coverage.understood_reasons`). Understood without a metric: changes ("+28%", "850 minder") and
figures about a subject outside the core vocabulary (a population with `core: false`: opvang,
naturalisatie, ...), which a report about regular migration is full of.
"""
from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass

from ..language.nlp import make_doc
from ..rules import load
from .mentions import population_specs

COVERAGE_COLUMNS = ("document", "doc_id", "language", "numbers", "core_rows", "other_rows", "passed_over",
                    "not_understood", "not_understood_share", "most_common", "most_common_count")
CORE_TOPIC = "no metric rule for a figure about a core population"
NO_TOPIC = "no metric, and no population named"


@dataclass(frozen=True)
class Coverage:
    numbers: int              # distinct numbers found: read (one row or more each) or passed over
    core_rows: int            # rows with a core metric
    other_rows: int           # rows without one
    passed_over: int          # numbers passed over (ExtractResult.skipped)
    not_understood: int       # numbers read without a metric or passed over for no known reason (above)
    most_common: str = ""     # the most common reason a number was not understood ...
    most_common_count: int = 0   # ... and how many it holds
    language: str = "nl"

    @property
    def share(self) -> float:
        """The share of the numbers found that was not understood (0 when none were found)."""
        return self.not_understood / self.numbers if self.numbers else 0.0

    def line(self) -> str:
        """'coverage: 95 numbers, 8 rows with a core metric, 87 without one, 0 passed over; 83 not
        understood (87%; most: no metric ... (57))'."""
        head = (f"coverage: {self.numbers} numbers, {self.core_rows} rows with a core metric, "
                f"{self.other_rows} without one, {self.passed_over} passed over")
        if self.language != "nl":
            return f"{head} (language {self.language}: text not read)"
        most = f"; most: {self.most_common} ({self.most_common_count})" if self.most_common else ""
        return f"{head}; {self.not_understood} not understood ({self.share:.0%}{most})"

    def as_row(self, document: str, doc_id: str) -> dict:
        return {"document": document, "doc_id": doc_id, **self.as_dict(),
                "not_understood_share": f"{self.share:.3f}"}

    def as_dict(self) -> dict:
        return dict(vars(self))          # asdict's deep copy is the cost of a run's stamp: flat fields


@functools.lru_cache(maxsize=1)
def _understood() -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in load("checks")["coverage"]["understood_reasons"]))


def understood_reason(reason: str) -> bool:
    """Does a passed-over reason say what the number is (a year, a reference, a page number ...)?"""
    return bool(_understood().search(reason))


@functools.lru_cache(maxsize=4096)
def subject(text: str) -> str:
    """What a sentence or table row is about: "core" when it names a core population, "other" when it
    names only populations outside the core vocabulary, "" when it names none."""
    specs = population_specs()
    doc = make_doc(text).doc       # held: its spans die with it
    kinds = {specs[sp.id_.split("#")[0]].get("core", True) for sp in doc.spans["cues"] if sp.label_ == "POPULATION"}
    return "core" if True in kinds else "other" if kinds else ""


def of(result) -> Coverage:
    """The Coverage of an ExtractResult, worked out once (kept on the result)."""
    cov = getattr(result, "_coverage", None)
    if cov is None:
        cov = _count(result.observations, result.skipped, getattr(result, "language", "nl"))
        result._coverage = cov
    return cov


def _count(observations, skipped, language: str) -> Coverage:
    read: dict[tuple[int, int], list] = {}
    for o in observations:
        read.setdefault((o.char_start, o.char_end), []).append(o)
    core_rows = sum(1 for o in observations if o.metric)
    reasons: Counter = Counter()
    for rows in read.values():
        if any(o.metric for o in rows):
            continue
        o = rows[0]
        if o.rule_id == "number.change":
            continue
        about = subject(" ".join(filter(None, (o.quote, o.table_caption))))
        if about != "other":
            where = "table cell: " if o.table else ""
            reasons[where + (CORE_TOPIC if about == "core" else NO_TOPIC)] += 1
    passed = {(s.start, s.end): s for s in skipped if (s.start, s.end) not in read}
    for s in passed.values():
        if not understood_reason(s.reason):
            reasons[f"passed over: {s.reason}"] += 1
    top = min(reasons.items(), key=lambda kv: (-kv[1], kv[0])) if reasons else ("", 0)
    return Coverage(len(read) + len(passed), core_rows, len(observations) - core_rows, len(passed),
                    sum(reasons.values()), top[0], top[1], language)
