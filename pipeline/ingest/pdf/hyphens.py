"""Hyphenated line ends mended.

pdfium reports a hyphen at a line end as U+FFFE and joins the two lines itself
("benadruk\\ufffeten"); some PDFs have a soft hyphen U+00AD, or a plain "-" before the line
break. A word split by hyphenation is joined ("benadrukten", "directeurenniveau"); a real
hyphen stays: before an upper-case letter or a digit ("Noord-Holland"), after an acronym
or a number ("EU-burger", "2021-2025"), after "niet" ("niet-ingezetene"), before "en"/"of"
("crisis- en solidariteitsmechanisme"), inside a URL, and where the document itself
writes the word with a hyphen elsewhere ("laissez-passer", "mvv-plicht"). Without a
dictionary some real hyphens are still lost ("time-\\noutlocaties" -> "timeoutlocaties").
The footnote markers' positions move along with every edit.
"""
from __future__ import annotations

import re


_WORD = re.compile(r"\w+(?:-\w+)*")
_SUSPENDED_NEXT = {"en", "of", "tot", "noch", "and", "or"}  # "toe- en afname"
_HYPHEN_PREFIXES = {"niet"}  # "niet-ingezetene"; not "pro"/"ex"/...: "pro-cedure", "ex-port"
SOFT_HYPHENS = "\ufffe\u00ad\u0002"
_INLINE_SOFT = re.compile(r"[\ufffe\u00ad\u0002]")


class Vocabulary:
    """The words of the whole document, to decide a line-end hyphen by how the document
    writes the same word elsewhere."""

    def __init__(self, texts):
        self.plain: set[str] = set()
        self.hyphenated: set[str] = set()
        self.heads: set[str] = set()
        for text in texts:
            for word in _WORD.findall(text.lower()):
                if "-" in word:
                    self.hyphenated.add(word)
                    self.heads.add(word.split("-", 1)[0])
                else:
                    self.plain.add(word)


def _hyphen_kind(before: str, after: str, vocab: Vocabulary) -> str:
    """How to mend "<before>-<line break><after>": "join" (a hyphenated word: drop the
    hyphen and the break), "keep" (a real hyphen: keep it, drop the break) or "break"
    (a hyphen before "en"/"of": keep hyphen and line break)."""
    m = re.search(r"(\S*?)(\w*)$", before)
    token, head = (m.group(1) + m.group(2)), m.group(2)
    m = re.match(r"\w*", after)
    tail = m.group(0) if m else ""
    if tail.lower() in _SUSPENDED_NEXT and after[len(tail) : len(tail) + 1] in ("", " ", "\n"):
        return "break"
    if not head or not tail or not tail[0].isalpha() or not tail[0].islower():
        return "keep"  # "Noord-Holland", "2021-2025", "-smokkel"
    if not head[-1].isalpha():
        return "keep"
    if "/" in token or "www." in token or "@" in token:
        return "keep"  # a URL or path keeps its hyphens
    joined = (head + tail).lower()
    if joined in vocab.plain:
        return "join"
    letters = [c for c in token if c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return "keep"  # "EU-burger", "T&O-overeenkomst"
    if head.lower() in _HYPHEN_PREFIXES or f"{head}-{tail}".lower() in vocab.hyphenated:
        return "keep"
    if len(head) >= 3 and head.lower() in vocab.heads:
        return "keep"  # "mvv-" is written with a hyphen elsewhere ("mvv-plichtig")
    return "join"


_MENDED = {"join": "", "keep": "-", "break": "-\n"}


def _mended(out: str, hyphen_at: int, rest: str, vocab: Vocabulary) -> str:
    """What replaces a line-end hyphen at out[hyphen_at] and its line break, when rest (the
    text after the break) follows: "" (joined), "-" (kept) or "-\n" (kept with the break)."""
    return _MENDED[_hyphen_kind(out[max(0, hyphen_at - 200) : hyphen_at], rest, vocab)]


def _shift(marks: list | None, at: int, removed: int, inserted: int) -> None:
    """Move marks (lists [position, digits]) over an edit that replaced text[at:at+removed]
    with `inserted` chars; a mark inside the replaced text goes to its end."""
    if not marks:
        return
    for m in marks:
        p = m[0]
        if p > at:
            m[0] = p + inserted - removed if p >= at + removed else at + inserted


def _dehyphenate_inline(text: str, vocab: Vocabulary, marks: list | None = None) -> str:
    """Mend the hyphens pdfium already joined to the next line (U+FFFE inside a line);
    marks ([position, digits] lists) are moved along."""
    while True:
        m = _INLINE_SOFT.search(text)
        if not m:
            return text
        i = m.start()
        if i + 1 >= len(text):
            # a hyphen at the very end of the block (the word goes on on the next page)
            end = "" if text[i] == "\u00ad" else "-"
            _shift(marks, i, 1, len(end))
            return text[:i] + end
        if text[i] == "\u00ad" and not text[i + 1].isspace():
            _shift(marks, i, 1, 0)
            text = text[:i] + text[i + 1 :]  # a soft hyphen inside a line is invisible
            continue
        rest = text[i + 1 :].lstrip("\n") if text[i + 1] == "\n" else text[i + 1 :]
        mended = _mended(text, i, rest, vocab)
        _shift(marks, i, len(text) - i - len(rest), len(mended))
        text = text[:i] + mended + rest


def join_lines(lines: list[str], vocab: Vocabulary) -> str:
    return join_marked(lines, None, vocab)[0]


def join_marked(lines: list[str], line_marks, vocab: Vocabulary) -> tuple[str, list]:
    """The lines joined with "\n", hyphenated line ends mended; with each line's marks
    ((position in the line, digits), or None for none) as [position in the result, digits]."""
    out = ""
    marks: list[list] = []
    for n, line in enumerate(lines):
        line = line.rstrip()
        if not out:
            out = line
        elif out[-1] == "-" and len(out) >= 2 and out[-2].isalnum():
            at = len(out) - 1
            mended = _mended(out, at, line, vocab)
            _shift(marks, at, 1, len(mended))
            out = out[:at] + mended + line
        elif out[-1] in SOFT_HYPHENS:
            out = out + "\n" + line  # mended below, with the break
        else:
            out += "\n" + line
        if line_marks and line_marks[n]:
            base = len(out) - len(line)
            marks.extend([base + min(p, len(line)), d] for p, d in line_marks[n])
    return _dehyphenate_inline(out, vocab, marks), marks
