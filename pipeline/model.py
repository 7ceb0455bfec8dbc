"""The small frozen records that flow between the stages."""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field, replace

from .offsets import OffsetMap
import json

# Columns of the observation table, in the order of spec/observations.md, then our additions.
OBSERVATION_COLUMNS = (
    "doc_id", "source", "edition", "metric", "label", "nationality", "category",
    "period_start", "period_end", "period_kind", "value", "unit", "qualifier", "page",
    "char_start", "char_end", "quote", "rule_id", "table", "source_org", "table_caption", "explanation",
    "explanation_record",
)


@dataclass(frozen=True)
class Block:
    """A paragraph, list item, heading or table row; [start, end) in Document.text."""
    kind: str            # heading | paragraph | list_item | table_row
    start: int
    end: int
    page: int
    heading: str = ""    # text of the nearest heading above (empty at the top)
    # a table row found from its layout (plain text without tabs, pipeline.language.text_tables): [start, end)
    # of each cell in Document.text
    cells: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Document:
    doc_id: str              # first 12 hex of sha256 of the raw bytes
    source: str              # path the document was read from
    fmt: str                 # md | txt | pdf | html
    text: str                # text as stored for review: markup removed; spans index into it
    blocks: tuple[Block, ...]
    page_starts: tuple[int, ...]   # offset in text where each page begins (page 1 at index 0)
    edition: str             # YYYY-MM
    edition_basis: str       # why: "title", "latest month mentioned", "given"
    annual: bool             # an annual report (periods default to the year)
    repairs: tuple[str, ...] = ()  # what the reader repaired (mojibake ...), for findings
    published: str = ""            # YYYY-MM-DD the document was published, when its name or dateline says
                                   # ("..._2016-01-20.txt"): what "vorige week" is counted from
    # footnote markers removed from the text (Markdown <sup>n</sup>): (offset in text, marker);
    # a marker at a line start opens that footnote's text
    markers: tuple[tuple[int, str], ...] = ()
    encoding: str = "utf-8"        # what the text file was written in (pipeline.ingest.decode)
    # how it was read when not as named, as (info finding, note): ("source_encoding", "read as cp1252
    # (not UTF-8)"), ("source_format", "Markdown recognised by its content ...")
    read_notes: tuple[tuple[str, str], ...] = ()
    # for text files: the character offset in the decoded file of every character of `text` (None: the
    # same offsets), as runs of consecutive offsets (pipeline.offsets)
    raw_offsets: OffsetMap | None = field(default=None, repr=False, compare=False)

    def page_of(self, offset: int) -> int:
        return bisect.bisect_right(self.page_starts, offset)


@dataclass(frozen=True)
class Period:
    start: str           # YYYY-MM-DD or "" when the text gives no start
    end: str
    kind: str            # month | rolling_12m | year | ytd | point | range
    char_start: int = -1
    char_end: int = -1
    reference: bool = False   # "ten opzichte van 2022": a comparison base, not the figure's period
    # relative to the period the text is about, not to the edition: "month-1" ("de maand daarvoor",
    # "(december: ...)" under "In januari"), "year-1" ("een jaar eerder", "het voorgaande jaar");
    # start/end hold the edition-based reading until attachment knows the anchor; "back": a fixed look back
    # ("In november vorig jaar") that does not become the period the text is about; "same_span": the span the text is
    # about itself ("in die vier maanden")
    shift: str = ""


@dataclass(frozen=True)
class Observation:
    doc_id: str
    source: str
    edition: str
    metric: str
    label: str
    nationality: str
    category: str
    period_start: str
    period_end: str
    period_kind: str
    value: float
    unit: str
    qualifier: str
    page: int
    char_start: int
    char_end: int
    quote: str
    rule_id: str
    table: str = ""          # table rows: the table's caption reference ("Figuur 51")
    source_org: str = ""     # table rows: the organisation the caption names as source ("IND")
    table_caption: str = ""  # table rows: the whole caption (compares a cell with other editions)
    explanation: str = ""    # prose rows: which words gave the period, population, nationality and
                             # category, by which rule ("period: period.colon «december»; ...")
    explanation_record: str = ""   # the same as JSON records: each part's rule and the words that
                                   # decided it as half-open spans of Document.text (explanation_json)

    def as_row(self) -> dict:
        return {c: getattr(self, c) for c in OBSERVATION_COLUMNS}


def amended(o: "Observation", note: str, part: dict, **fields) -> "Observation":
    """The row with `fields` changed and its explanation told why: `note` appended to the text ("; " first),
    `part` to the record."""
    return replace(o, explanation=f"{o.explanation}; {note}",
                   explanation_record=explanation_json(json.loads(o.explanation_record or "[]") + [part]), **fields)


def explanation_json(parts: list[dict]) -> str:
    """An explanation record as written to the tables: a JSON list of parts ({"part": "period", "rule":
    "period.nearest_before", "words": [{"start": 1340, "end": 1352, "text": "januari 2017"}]}), one
    line, keys sorted, so the same explanation is always the same bytes."""
    return json.dumps(parts, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
