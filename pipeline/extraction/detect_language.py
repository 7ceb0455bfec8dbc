"""The language a document is written in: the extraction reads Dutch only, so a text in another
language (an English IND or CBS page) is recognised and not read, instead of giving an empty or
wrong table without a word.

The detector is py3langid (pinned in constraints.txt; its model ships inside the wheel, nothing is
downloaded), restricted to the languages of rules/checks.yaml `language.languages` and run on a
sample of the document's text: `language.sample_windows` pieces of `language.window` characters
spread evenly over the text, digits and table punctuation left out. One decision per document: a
Dutch report with an English summary is Dutch, an English page with a Dutch quote English. A sample
with fewer than `language.min_letters` letters (a table of numbers) is taken as Dutch: there is
nothing to tell by. A sample whose words are plainly Dutch (its Dutch function words against its
English ones, `language.plainly_dutch`) is Dutch without loading the model, which takes about two
seconds: the detector decides the others (English, German, a mixed text, a table of names).
"""
from __future__ import annotations

import functools
import re

from ..rules import load

DUTCH = "nl"
_NOT_WORDS = re.compile(r"[\d\W_]+")
# a number as any language writes it ("2,500", "1.025", "13%"): what is counted as not extracted
_ANY_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?!\w)")


def _cfg() -> dict:
    return load("checks")["language"]


def preload() -> None:
    """Load the detector's model now (about 2 s): before worker processes are forked from this one."""
    _identifier()


@functools.lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier     # start-up: the language model, loaded on first use
    ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    ident.set_languages(list(_cfg()["languages"]))
    return ident


def sample(text: str) -> str:
    """Evenly spread windows of the text, as words only (digits, punctuation, table rules out)."""
    cfg = _cfg()
    n, w = cfg["sample_windows"], cfg["window"]
    if len(text) <= n * w:
        pieces = [text]
    else:
        step = (len(text) - w) / (n - 1)
        pieces = [text[int(i * step):int(i * step) + w] for i in range(n)]
    return " ".join(_NOT_WORDS.sub(" ", p) for p in pieces).strip()


def plainly_dutch(words: str) -> bool:
    """Do Dutch function words ("de", "het", "van", ...) make up a good share of the sample and English
    ones ("the", "and", "with", ...) almost none (`language.plainly_dutch`)? Then the detector's model
    (about 2 s to load) is not needed."""
    cfg = _cfg()["plainly_dutch"]
    tokens, nl, en = _function_word_counts(words)
    return bool(tokens) and nl >= cfg["min_share"] * tokens and nl >= cfg["times_english"] * en


def _plainly_english(words: str) -> bool:
    """A short text whose function words are English ("the", "and", "was", ...) and hardly Dutch: worth asking
    the detector although it has few letters ("In January 2023 the total asylum influx was 2,991. ...")."""
    _, nl, en = _function_word_counts(words)
    return en >= 4 and en >= 3 * max(nl, 1)


def _function_word_counts(words: str) -> tuple[int, int, int]:
    """(words, Dutch function words, English function words) of a sample."""
    tokens = words.lower().split()
    dutch, english = _function_words("dutch_words"), _function_words("english_words")
    return len(tokens), sum(t in dutch for t in tokens), sum(t in english for t in tokens)


@functools.lru_cache(maxsize=2)
def _function_words(key: str) -> frozenset:
    return frozenset(_cfg()["plainly_dutch"][key].split())


def detect(text: str) -> str:
    """The document's language as an ISO 639-1 code ("nl", "en", ...); "nl" when the text has too
    few words to tell."""
    words = sample(text)
    if plainly_dutch(words) or (sum(c.isalpha() for c in words) < _cfg()["min_letters"] and not _plainly_english(words)):
        return DUTCH
    lang, _ = _identifier().classify(words)
    return lang


def numbers_in(text: str) -> list[re.Match]:
    """Every number written in the text, in any language's notation (for a text that is not read)."""
    return list(_ANY_NUMBER.finditer(text))
