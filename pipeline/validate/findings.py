"""Findings: the record every check writes (Finding: which check, how severe, about which figure and
why), its severities and the columns of findings.csv, and the summary line that counts them."""
from __future__ import annotations

from dataclasses import dataclass

from ..keys import describe_key
from ..model import Observation


FINDING_COLUMNS = (
    "doc_id", "source", "check", "severity", "message", "metric", "nationality", "category", "period_start",
    "period_end", "value", "expected", "other_doc_id", "other_source", "other_value", "char_start", "char_end",
)
SEVERITIES = ("error", "warning", "info")
_NUMERIC_FIELDS = ("value", "expected", "other_value", "char_start", "char_end")


@dataclass(frozen=True)
class Finding:
    doc_id: str
    check: str
    severity: str          # error | warning | info
    message: str
    metric: str = ""
    nationality: str = ""
    category: str = ""
    period_start: str = ""
    period_end: str = ""
    value: float | None = None
    expected: float | None = None
    other_doc_id: str = ""
    other_value: float | None = None
    char_start: int = -1
    char_end: int = -1
    source: str = ""        # the document's file as written in the observation table (raw/x.txt)
    other_source: str = ""  # the other document's file, or the known value's source

    def as_row(self) -> dict:
        return {c: getattr(self, c) for c in FINDING_COLUMNS}

    @classmethod
    def from_row(cls, row: dict) -> "Finding":
        """A row of findings.csv (text) as the Finding that wrote it."""
        def num(v):
            return None if v in ("", None) else float(v)
        return cls(**{c: row.get(c, "") for c in FINDING_COLUMNS if c not in _NUMERIC_FIELDS},
                   **{c: num(row.get(c)) for c in ("value", "expected", "other_value")},
                   char_start=int(row.get("char_start") or -1), char_end=int(row.get("char_end") or -1))

    def order(self) -> tuple:
        """The order of findings.csv: by document, severity, position, check and message."""
        return (self.doc_id, SEVERITIES.index(self.severity) if self.severity in SEVERITIES else 9,
                self.char_start, self.check, self.message)

    @property
    def about_figure(self) -> bool:
        """False for a finding about the document as a whole (repaired text, encoding, cut off)."""
        return bool(self.metric or self.period_start or self.period_end or self.value is not None)

    def key_text(self) -> str:
        """The figure's key in full: 'asylum_first_applications SY (category -) 2023-01..2023-01' ('-': none;
        a table cell without a core metric: '(no metric)', its table and labels are in the message)."""
        return describe_key(self, months=True)

    def line(self) -> str:
        """One console line: severity, check, the document, the key (for a figure), the message."""
        where = self.source or self.doc_id
        if self.about_figure:
            where = f"{where}: {self.key_text()}"
        return f"{self.severity}: {self.check}: {where}: {self.message}"


def finding(check: str, severity: str, message: str, o: Observation | None = None, **kw) -> Finding:
    """A Finding about the figure `o` (its document, key, value and place), `kw` set on top."""
    base = {}
    if o is not None:
        base = dict(doc_id=o.doc_id, source=o.source, metric=o.metric, nationality=o.nationality,
                    category=o.category, period_start=o.period_start, period_end=o.period_end, value=o.value,
                    char_start=o.char_start, char_end=o.char_end)
    base.update(kw)
    return Finding(check=check, severity=severity, message=message, **base)


def acknowledged_spans(findings: list[Finding]) -> set[int]:
    return {f.char_start for f in findings if f.check == "acknowledged_revision"}


def summary_line(findings: list[Finding]) -> str:
    return summary_of([f.severity for f in findings])


def summary_of(severities: list[str]) -> str:
    """'12 findings: 1 error, 3 warning, 8 info' of the findings' severities."""
    return (f"{len(severities)} findings: {severities.count('error')} error, {severities.count('warning')} warning, "
            f"{severities.count('info')} info")
