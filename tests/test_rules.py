"""Every rule file carries its own examples and negatives; this runs all of them."""
import re

import pytest

from pipeline.extract import extract, find_numbers
from pipeline.ingest import document_from_text
from pipeline.lexicon import category_mentions, nationality_mentions
from pipeline.periods import find_periods
from pipeline.rules import load

METRICS = load("metrics")
metric_examples = [(r["id"], r["metric"], ex["text"]) for r in METRICS["rules"] for ex in r.get("examples", [])]


def _marked(text):
    m = re.search(r"\[([^\]]+)\]", text)
    plain = text[:m.start()] + m.group(1) + text[m.end():]
    return plain, m.start(), m.start() + len(m.group(1))


@pytest.mark.parametrize("rule_id,metric,text", metric_examples, ids=[f"{r}:{t[:30]}" for r, _, t in metric_examples])
def test_metric_rule_examples(rule_id, metric, text):
    plain, s, e = _marked(text)
    doc = document_from_text(plain, "2023-01")
    rows = [o for o in extract(doc).observations if o.char_start == s]
    assert rows, f"no row for the marked number in {plain!r}"
    assert rows[0].metric == metric
    assert rows[0].rule_id == f"metrics.{rule_id}"
    assert rows[0].char_end == e


@pytest.mark.parametrize("text", [n["text"] for n in METRICS["negatives"]])
def test_metric_negatives(text):
    plain, s, _ = _marked(text)
    rows = [o for o in extract(document_from_text(plain, "2023-01")).observations if o.char_start == s]
    assert all(not o.metric for o in rows), rows


NUMBERS = load("numbers")


@pytest.mark.parametrize("ex", NUMBERS["examples"], ids=[x["text"] for x in NUMBERS["examples"]])
def test_number_examples(ex):
    hits, _ = find_numbers(ex["text"], 0, [])
    assert len(hits) == 1, hits
    h = hits[0]
    assert (h.value, h.unit, h.qualifier) == (ex["value"], ex["unit"], ex["qualifier"])
    assert ex["text"][h.start:h.end] == ex["surface"]


@pytest.mark.parametrize("text", NUMBERS["negatives"])
def test_number_negatives(text):
    doc = document_from_text(text, "2023-01")
    assert extract(doc).observations == []


PERIODS = load("periods")


@pytest.mark.parametrize("ex", PERIODS["examples"], ids=[x["text"] for x in PERIODS["examples"]])
def test_period_examples(ex):
    ps = find_periods(ex["text"], 0, ex["edition"], False)
    assert ps, ex["text"]
    p = ps[0]
    exp = ex["expect"]
    assert (p.start, p.end, p.kind) == (exp["start"], exp["end"], exp["kind"])
    assert p.reference == exp.get("reference", False)


@pytest.mark.parametrize("text", PERIODS["negatives"])
def test_period_negatives(text):
    assert find_periods(text, 0, "2023-01", False) == []


NAT = load("nationalities")


@pytest.mark.parametrize("ex", NAT["examples"], ids=[x["text"][:40] for x in NAT["examples"]])
def test_nationality_examples(ex):
    assert [m.code for m in nationality_mentions(ex["text"]) if not m.is_location] == ex["expect"]


@pytest.mark.parametrize("text", NAT["negatives"])
def test_nationality_negatives(text):
    assert [m.code for m in nationality_mentions(text) if not m.is_location] == []


CAT = load("categories")


@pytest.mark.parametrize("ex", CAT["examples"], ids=[x["text"][:40] for x in CAT["examples"]])
def test_category_examples(ex):
    assert [m.code for m in category_mentions(ex["text"])] == ex["expect"]


@pytest.mark.parametrize("text", CAT["negatives"])
def test_category_negatives(text):
    assert category_mentions(text) == []


def test_babel_table_is_the_upstream_source():
    """rules/countries.babel.yaml is generated from babel; the supplement only adds to it."""
    from babel import Locale
    table = load("countries.babel")["countries"]
    assert table["Syrië"] == "SY" and table["Kosovo"] == "XK"
    assert all(Locale("nl").territories.get(code) == name for name, code in list(table.items())[:50])


def test_one_figure_for_two_periods():
    text = "In spoor 2 stroomde in zowel 2022 als 2023 3% van het totaal aantal eerste aanvragen in."
    rows = extract(document_from_text(text, "2023-12")).observations
    assert [(o.period_start, o.period_end, o.value, o.category) for o in rows] == [
        ("2022-01-01", "2022-12-31", 3.0, "spoor_2"), ("2023-01-01", "2023-12-31", 3.0, "spoor_2")]
    assert rows[0].char_start == rows[1].char_start == text.index("3%")
