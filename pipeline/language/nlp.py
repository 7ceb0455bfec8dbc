"""The spaCy pipeline every block is tokenized with: a blank Dutch pipeline (no trained model; nothing
is downloaded) and a SpanRuler holding the cue patterns of rules/populations.yaml and rules/cues.yaml.

`spacy.blank("nl")` adds 4,670 tokenizer special cases at start-up (0.55 s of the 0.8 s it costs);
this pipeline is Dutch with only the abbreviations of rules/cues.yaml as special cases ("t.o.v.",
"resp.", "ca."), and infixes that split a number from a glued sentence start ("1.290.Syrische") and a
footnote marker from the punctuation it hangs on ("2025?1"). Its words carry only their lower case as a
lexical attribute (spaCy computes 23, shape, stop word, like_num ..., for every new word: a third of
tokenizing a long document the first time); nothing here reads another one, the patterns match ORTH
and LOWER.

Patterns are written compactly in the rule files and compiled here:
  "eerste asielaanvragen|asielaanvraag"   tokens separated by spaces, alternatives by "|" (matched in
                                          lower case); expanded into phrase patterns (PhraseMatcher)
  "opvang*"                               a token starting with "opvang" (token pattern, REGEX)
  "wees ~8 toe"                           up to 8 tokens between two tokens (token pattern)
  "=AMV"                                  case-sensitive token

The phrase patterns are the SpanRuler's. The token patterns are matched by `TokenPattern` in Python
instead of by the SpanRuler's token Matcher (which visited every token of every block for each of
them: 0.6 s of the 122-page Staat van Migratie): a block is looked at only when its text holds a
word of every step of the pattern, then its tokens are compared. They give the spans the Matcher
gave (every start and end, all gap lengths, as spaCy's Matcher does without `greedy`), merged with
the phrase spans as the SpanRuler merges its two matchers (a sorted set).
"""
from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass

from ..rules import load
import sys
import types


def _import_spacy():
    """`import spacy` without its command line: spaCy's __init__ imports `spacy.cli.info` for the
    `spacy.info` function, and with it the whole CLI (typer, weasel, requests, httpx: ~40% of spaCy's
    import, ~0.3 s of every `extract`). While spaCy is imported, `spacy.cli` is a placeholder module
    whose `info` imports the real one when called; afterwards the placeholders are removed, so a later
    `import spacy.cli` loads the real package."""
    if "spacy" in sys.modules:
        return sys.modules["spacy"]
    cli, info = types.ModuleType("spacy.cli"), types.ModuleType("spacy.cli.info")
    cli.__path__ = []

    def lazy_info(*args, **kwargs):
        from spacy.cli.info import info as real_info     # start-up: spaCy's command line only if asked for
        return real_info(*args, **kwargs)
    info.info = lazy_info
    cli.info = info
    sys.modules["spacy.cli"], sys.modules["spacy.cli.info"] = cli, info
    try:
        import spacy     # start-up: spaCy, imported on first use (extract --help does not load it)
    finally:
        for name, placeholder in (("spacy.cli", cli), ("spacy.cli.info", info)):
            if sys.modules.get(name) is placeholder:
                del sys.modules[name]
        parent = sys.modules.get("spacy")
        if parent is not None and getattr(parent, "cli", None) is cli:
            del parent.cli
    return spacy


@functools.lru_cache(maxsize=1)
def nlp():
    _import_spacy()      # registers the language classes
    from spacy.attrs import LOWER     # start-up: spaCy, imported on first use
    from spacy.lang.nl import Dutch     # start-up: spaCy, imported on first use
    from spacy.symbols import ORTH     # start-up: spaCy, imported on first use
    from spacy.util import compile_infix_regex     # start-up: spaCy, imported on first use

    abbreviations = load("cues")["abbreviations"]

    class MigstatDefaults(Dutch.Defaults):
        tokenizer_exceptions = {a: [{ORTH: a}] for a in abbreviations}
        infixes = list(Dutch.Defaults.infixes) + [r"(?<=[0-9])\.(?=[A-Z][a-z])", r"(?<=[?!»”)])(?=[0-9])"]

    class MigstatDutch(Dutch):
        lang = "nl"
        Defaults = MigstatDefaults

    pipeline = MigstatDutch()
    pipeline.vocab.lex_attr_getters = {LOWER: pipeline.vocab.lex_attr_getters[LOWER]}
    pipeline.tokenizer.infix_finditer = compile_infix_regex(MigstatDefaults.infixes).finditer
    ruler = pipeline.add_pipe("span_ruler", config={"spans_key": "cues", "phrase_matcher_attr": "LOWER"})
    ruler.add_patterns(split_patterns()[0])
    return pipeline


@dataclass(frozen=True)
class BlockDoc:
    """A block's Doc, made from its text with every run of white space (line breaks of PDF text,
    double spaces) read as one space so phrases match across them; `offsets[i]` is the offset in the
    block's text of the Doc's character i (a range when no white space run was shortened)."""
    doc: object
    offsets: tuple[int, ...] | range

    def span_offsets(self, start_char: int, end_char: int) -> tuple[int, int]:
        """[start, end) in the block's text of the Doc's characters [start_char, end_char)."""
        return self.offsets[start_char], self.offsets[end_char - 1] + 1


def make_doc(text: str) -> BlockDoc:
    """A block's text as a Doc with its cue spans in doc.spans["cues"]."""
    p = nlp()
    if _WS_RUN.search(text) is None:        # no run of two: each white space char becomes " " in place
        norm, offsets = _WS.sub(" ", text), range(len(text))
    else:
        parts, offsets, pos = [], [], 0
        for m in _WS.finditer(text):
            parts.append(text[pos:m.start()] + " ")
            offsets.extend(range(pos, m.start() + 1))
            pos = m.end()
        parts.append(text[pos:])
        offsets.extend(range(pos, len(text)))
        norm, offsets = "".join(parts), tuple(offsets)
    doc = p.get_pipe("span_ruler")(p.make_doc(norm))
    extra = token_pattern_spans(doc, norm)
    if extra:
        doc.spans["cues"] = sorted(set(list(doc.spans["cues"]) + extra))
    return BlockDoc(doc, offsets)


_WS = re.compile(r"\s+")
_WS_RUN = re.compile(r"\s\s")


class TokenPattern:
    """A token pattern of compile_pattern (a list of token dicts) matched in Python: every (start, end)
    that spaCy's Matcher finds for it. Steps: LOWER IN, ORTH IN, LOWER REGEX "^(?:a|b)" (a prefix),
    each optionally after a gap {"OP": "{0,N}"} of any N tokens."""

    def __init__(self, label: str, id_: str, pattern: list[dict]):
        self.label, self.id = label, id_
        self.steps = []        # (gap before, attribute "lower"/"orth", "in"/"prefix", values)
        gap = 0
        for i, tok in enumerate(pattern):
            if set(tok) == {"OP"}:
                gap += int(re.fullmatch(r"\{0,(\d+)\}", tok["OP"]).group(1))
                if i == 0 or i == len(pattern) - 1:
                    raise ValueError(f"a gap at the start or end of a pattern: {pattern}")
                continue
            (attr, spec), = tok.items()
            (op, vals), = spec.items()
            if attr not in ("LOWER", "ORTH") or op not in ("IN", "REGEX"):
                raise ValueError(f"not a step TokenPattern knows: {tok}")
            if op == "REGEX":
                vals = tuple(re.sub(r"\\(.)", r"\1", a) for a in re.fullmatch(r"\^\(\?:(.*)\)", vals).group(1).split("|"))
                op = "prefix"
            else:
                vals = frozenset(vals)
            self.steps.append((gap, attr.lower(), op.lower(), vals))
            gap = 0
        # a block can hold a match only if its text holds one of the words of every step
        self.needles = [(attr, tuple(vals)) for _, attr, _, vals in self.steps]

    def possible(self, text: str, lower: str) -> bool:
        return all(any(v in (lower if attr == "lower" else text) for v in vals) for attr, vals in self.needles)

    def matches(self, words: dict) -> set[tuple[int, int]]:
        """(start, end) of every match; words["lower"] and words["orth"] are the Doc's token strings."""
        def ok(step, i):
            _, attr, op, vals = step
            w = words[attr][i]
            return w.startswith(vals) if op == "prefix" else w in vals
        n = len(words["lower"])
        found = {(i, i) for i in range(n) if ok(self.steps[0], i)}
        for step in self.steps[1:]:
            gap = step[0]
            found = {(s, j) for s, last in found for j in range(last + 1, min(n, last + 2 + gap)) if ok(step, j)}
        return {(s, last + 1) for s, last in found}


@functools.lru_cache(maxsize=1)
def split_patterns() -> tuple[list[dict], list[TokenPattern]]:
    """cue_patterns() as (the SpanRuler's: the phrase patterns and any token pattern TokenPattern does
    not take, the TokenPatterns)."""
    ruler, tokens = [], []
    for p in cue_patterns():
        if isinstance(p["pattern"], str):
            ruler.append(p)
            continue
        try:
            tokens.append(TokenPattern(p["label"], p["id"], p["pattern"]))
        except (ValueError, AttributeError):      # a step it does not know: spaCy's Matcher's
            ruler.append(p)
    return ruler, tokens


def token_pattern_spans(doc, text: str) -> list:
    """The spans of the token patterns in a Doc made from `text` (its label and id as the SpanRuler sets them)."""
    from spacy.tokens import Span     # start-up: spaCy, imported on first use
    lower = text.lower()
    out, words = [], None
    for tp in split_patterns()[1]:
        if not tp.possible(text, lower):
            continue
        if words is None:
            words = {"lower": [t.lower_ for t in doc], "orth": [t.text for t in doc]}
        out.extend(Span(doc, s, e, label=tp.label, span_id=tp.id) for s, e in sorted(tp.matches(words)))
    return out


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
