"""The checks of one document's source and how it was read (check_document): footnoted corrections
("Correctie t.o.v. vorige editie"), the reader's repairs and notes, figures without a period or a
metric, a text that seems cut off, and a text not Dutch or mostly not understood (coverage_findings)."""
from __future__ import annotations

import re

from ..extraction import coverage
from ..extraction.metrics import core_topic_word
from ..model import Document, Observation
from ..values import dutch as _fmt
from .config import config
from .findings import Finding, finding


def coverage_findings(doc: Document, result) -> list[Finding]:
    """A text that is not Dutch (`language`, not read), or one whose numbers were mostly not understood
    (`low_coverage`, rules/checks.yaml `coverage`): one warning about the document, naming the share
    and the most common reason."""
    cov = coverage.of(result)
    if cov.language != "nl":
        return [Finding(doc.doc_id, "language", "warning",
                        f"language {cov.language}: this text is not read; {cov.passed_over} numbers not extracted",
                        source=doc.source)]
    cfg = config()["coverage"]
    if cov.numbers < cfg["min_numbers"] or cov.share < cfg["min_share"]:
        return []
    return [Finding(doc.doc_id, "low_coverage", "warning",
                    f"{cov.not_understood} of its {cov.numbers} numbers ({cov.share:.0%}) were not understood "
                    f"(read without a metric, or passed over for no known reason); most common: "
                    f"{cov.most_common} ({cov.most_common_count}). Its table has {cov.core_rows} rows with a "
                    f"core metric and may be far from complete", source=doc.source)]


def acknowledged_revisions(doc: Document, obs: list[Observation]) -> list[Finding]:
    """A figure with a footnote "Correctie t.o.v. vorige editie": an acknowledged revision."""
    notes = _footnotes(doc)
    if not notes:
        return []
    refs = {}
    for off, mark in doc.markers:
        if mark in notes and not (off == 0 or doc.text[off - 1] == "\n"):
            refs[off] = mark
    out = []
    for o in obs:
        for k in range(o.char_end, min(o.char_end + 3, len(doc.text) + 1)):
            if k in refs:
                out.append(finding("acknowledged_revision", "info",
                                   f"footnote {refs[k]} marks {_fmt(o.value)} ('{o.label}') as revised: "
                                   f"'{notes[refs[k]]}'", o))
                break
            if k < len(doc.text) and not doc.text[k].isspace():
                break
    return out


def _footnotes(doc: Document) -> dict[str, str]:
    """Footnote number -> its text, for footnotes that acknowledge a revision."""
    ack = config()["_ack"]
    out = {}
    for off, mark in doc.markers:
        if off == 0 or doc.text[off - 1] == "\n":
            end = doc.text.find("\n", off)
            line = doc.text[off:end if end >= 0 else len(doc.text)].strip()
            if ack.search(line):
                out[mark] = line
    return out


def source_quality(doc: Document, obs: list[Observation]) -> list[Finding]:
    out = [Finding(doc.doc_id, "source_repaired", "info", f"the reader repaired the source text: {r}",
                   source=doc.source) for r in doc.repairs]
    out += [Finding(doc.doc_id, check, "info", f"{doc.source}: {note}", source=doc.source) for check, note in doc.read_notes]
    for o in obs:
        if not o.period_start and not o.period_end:
            out.append(finding("no_period", "info", f"{_fmt(o.value)} ('{o.label}') has no period in the text", o))
        elif not o.period_start:
            out.append(finding("no_period", "info",
                               f"{_fmt(o.value)} ('{o.label}') has an end ({o.period_end}) but no start in the text", o))
    seen: dict[str, str] = {}
    for o in obs:
        if o.metric or o.table or o.rule_id == "number.change":
            continue
        if o.quote not in seen:
            seen[o.quote] = core_topic_word(o.quote)
        if seen[o.quote]:
            out.append(finding("no_metric", "info",
                               f"{_fmt(o.value)} ('{o.label}') stands in a sentence about '{seen[o.quote]}' but no "
                               f"metric rule claimed it (not a core figure, or a rule to write)", o))
    tail = doc.text.rstrip()[-config()["quality"]["cut_off_tail"]:]
    fragment = re.split(r"[.!?:;]\s*", tail)[-1]     # the words after the last sentence end
    closed = re.search(r"[.!?:;)\]»”\"'%]\s*$|\d\s*$", tail)
    if tail and not closed and len(fragment.split()) >= config()["quality"]["cut_off_words"] \
            and doc.blocks and doc.blocks[-1].kind not in ("table_row", "heading"):
        out.append(Finding(doc.doc_id, "text_cut_off", "info",
                           f"the text ends without closing punctuation ('…{tail[-60:]}'): it may be cut off",
                           char_start=len(doc.text.rstrip()) - min(60, len(tail)), char_end=len(doc.text.rstrip()),
                           source=doc.source))
    return out
