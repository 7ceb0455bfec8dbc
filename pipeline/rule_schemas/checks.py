"""Schema of rules/checks.yaml (pipeline/validate.py, pipeline/extraction/coverage.py,
pipeline/extraction/detect_language.py)."""
from typing import Annotated


from .base import Id, Len, Match, Positive, Range, Record, Regex, Share, Text

Metric = Id
Metrics = Annotated[list[Metric], Len(1)]
Number = Annotated[int | float, Range(ge=0)]


class Rounding(Record):
    tens_share: Share
    rounded_words: Regex
    approximate: list[Text]
    upper_bound: list[Text]


class Total(Record):
    """Parts against their total (metrics of one document and period)."""
    total: Metric
    parts: Metrics
    total_category: str = ""


class Ratio(Record):
    """share = numerator (or the sum of numerator_sum) / denominator * 100."""
    share: Metric
    numerator: Metric | None = None
    numerator_sum: Metrics | None = None
    denominator: Metric

    def check(r):
        if (r.get("numerator") is None) == (r.get("numerator_sum") is None):
            raise ValueError("needs `numerator` or `numerator_sum` (one of them)")


class TableRate(Record):
    rate: Regex
    numerator: Regex
    denominator: Regex


class PeriodChecks(Record):
    grace_months_monthly: Annotated[int, Range(ge=0)]
    grace_months_annual: Annotated[int, Range(ge=0)]
    edition_far_months: Positive


class History(Record):
    outlier_factor: Annotated[int | float, Range(gt=1)]
    outlier_min_history: Positive
    revision_max_change: Share
    acknowledged: Regex


class Quality(Record):
    cut_off_tail: Positive
    cut_off_words: Positive


class PlainlyDutch(Record):
    min_share: Share
    times_english: Number
    dutch_words: Text          # words separated by spaces
    english_words: Text


class Language(Record):
    languages: Annotated[list[Annotated[str, Match(r"^[a-z]{2,3}$")]], Len(1)]
    sample_windows: Positive
    window: Positive
    min_letters: Annotated[int, Range(ge=0)]
    plainly_dutch: PlainlyDutch


class Coverage(Record):
    min_share: Share
    min_numbers: Positive
    understood_reasons: Annotated[list[Regex], Len(1)]


class ChecksFile(Record):
    rounding: Rounding
    totals: list[Total]
    complements: list[Annotated[list[Metric], Len(2)]]
    share_lists: list[Metric]
    ratios: list[Ratio]
    table_rates: list[TableRate]
    total_label: Regex
    subset_label: Regex
    breakdown_min_share: Share
    periods: PeriodChecks
    history: History
    quality: Quality
    language: Language
    coverage: Coverage
