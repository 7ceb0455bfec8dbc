"""The spaCy pipeline every block is tokenized with: a blank Dutch pipeline (no trained model; nothing
is downloaded) and a SpanRuler holding the cue patterns of rules/populations.yaml and rules/cues.yaml.

`spacy.blank("nl")` adds 4,670 tokenizer special cases at start-up (0.55 s of the 0.8 s it costs);
this pipeline is Dutch with only the abbreviations of rules/cues.yaml as special cases ("t.o.v.",
"resp.", "ca."), and infixes that split a number from a glued sentence start ("1.290.Syrische") and a
footnote marker from the punctuation it hangs on ("2025?1").

Patterns are written compactly in the rule files and compiled here:
  "eerste asielaanvragen|asielaanvraag"   tokens separated by spaces, alternatives by "|" (matched in
                                          lower case); expanded into phrase patterns (PhraseMatcher)
  "opvang*"                               a token starting with "opvang" (token pattern, REGEX)
  "wees ~8 toe"                           up to 8 tokens between two tokens (token pattern)
  "=AMV"                                  case-sensitive token
"""
from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass

from ..rules import load


@functools.lru_cache(maxsize=1)
def nlp():
    import spacy  # noqa: F401  (registers the language classes)
    from spacy.lang.nl import Dutch
    from spacy.symbols import ORTH
    from spacy.util import compile_infix_regex

    abbreviations = load("cues")["abbreviations"]

    class MigstatDefaults(Dutch.Defaults):
        tokenizer_exceptions = {a: [{ORTH: a}] for a in abbreviations}
        infixes = list(Dutch.Defaults.infixes) + [r"(?<=[0-9])\.(?=[A-Z][a-z])", r"(?<=[?!»”)])(?=[0-9])"]

    class MigstatDutch(Dutch):
        lang = "nl"
        Defaults = MigstatDefaults

    pipeline = MigstatDutch()
    pipeline.tokenizer.infix_finditer = compile_infix_regex(MigstatDefaults.infixes).finditer
    ruler = pipeline.add_pipe("span_ruler", config={"spans_key": "cues", "phrase_matcher_attr": "LOWER"})
    ruler.add_patterns(cue_patterns())
    return pipeline


@dataclass(frozen=True)
class BlockDoc:
    """A block's Doc, made from its text with every run of white space (line breaks of PDF text,
    double spaces) read as one space so phrases match across them; `offsets[i]` is the offset in the
    block's text of the Doc's character i."""
    doc: object
    offsets: tuple[int, ...]

    def span_offsets(self, start_char: int, end_char: int) -> tuple[int, int]:
        """[start, end) in the block's text of the Doc's characters [start_char, end_char)."""
        return self.offsets[start_char], self.offsets[end_char - 1] + 1


def make_doc(text: str) -> BlockDoc:
    """A block's text as a Doc with its cue spans in doc.spans["cues"]."""
    p = nlp()
    parts, offsets, pos = [], [], 0
    for m in re.finditer(r"\s+", text):
        parts.append(text[pos:m.start()] + " ")
        offsets.extend(range(pos, m.start() + 1))
        pos = m.end()
    parts.append(text[pos:])
    offsets.extend(range(pos, len(text)))
    doc = p.get_pipe("span_ruler")(p.make_doc("".join(parts)))
    return BlockDoc(doc, tuple(offsets))


def compile_pattern(pattern: str) -> list:
    """One compact pattern string -> spaCy patterns (a phrase string each, or one token pattern)."""
    toks = pattern.split()
    if not any(t.endswith("*") or t.startswith(("~", "=")) for t in toks):
        return [" ".join(words) for words in itertools.product(*(t.split("|") for t in toks))]
    out = []
    for t in toks:
        if t.startswith("~"):
            out.append({"OP": f"{{0,{int(t[1:])}}}"})
        elif t.startswith("="):
            out.append({"ORTH": {"IN": t[1:].split("|")}})
        elif t.endswith("*"):
            out.append({"LOWER": {"REGEX": "^(?:" + "|".join(re.escape(a) for a in t[:-1].split("|")) + ")"}})
        else:
            out.append({"LOWER": {"IN": t.split("|")}})
    return [out]


def cue_patterns() -> list[dict]:
    """SpanRuler patterns: every population cue (label POPULATION, id = population) and every relation
    cue (label = the cue type, e.g. ANAPHOR, RESPECTIVELY)."""
    out = []
    for pop, spec in load("populations")["populations"].items():
        for i, pat in enumerate(spec["patterns"]):
            for p in compile_pattern(pat):
                out.append({"label": "POPULATION", "pattern": p, "id": f"{pop}#{i}"})
    for cue, spec in load("cues")["cues"].items():
        for i, pat in enumerate(spec["patterns"]):
            for p in compile_pattern(pat):
                out.append({"label": cue, "pattern": p, "id": f"{cue}#{i}"})
    return out
