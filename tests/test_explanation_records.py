"""Explanations as records: every row's `explanation_record` is a JSON list of parts — the rule that
decided each of its period, population, nationality, category, qualifier and metric, and the words it
came from as half-open spans of the document's text (a table cell: its row's label cells and its
column's header cells). It says what the human `explanation` says, and the review app marks those
words when the row is selected, without parsing the text."""
import json
import re
from pathlib import Path

import pytest

from conftest import ROOT, SVM_MD_GROUP, extracted as extracted_document
from pipeline.model import OBSERVATION_COLUMNS
from pipeline.review.highlight import Mark, Words, render_text

pytestmark = SVM_MD_GROUP      # raw/ extracted (the Staat van Migratie with it) and the review workspace: one worker

DOCS = sorted(p for p in (ROOT / "raw").iterdir() if p.suffix in (".md", ".txt", ".pdf", ".html"))
NAMES = {"period", "population", "nationality", "category", "qualifier", "metric", "no_core_metric", "table",
         # what a later sentence or the figures around it made of a row (pipeline/extraction/restatements.py, __init__.py)
         "restated", "apposed", "defined", "share_beside_count", "list_member"}


@pytest.fixture(scope="module", params=DOCS, ids=lambda p: p.name)
def extracted(request):
    doc, result = extracted_document(request.param)
    return doc, result.observations


def _words(part: dict) -> list[dict]:
    return part.get("words", []) + part.get("row", []) + part.get("column", [])


def test_the_record_is_a_column_of_every_table():
    assert OBSERVATION_COLUMNS[-1] == "explanation_record"


def test_every_row_has_a_record_whose_spans_are_the_words_of_the_text(extracted):
    doc, rows = extracted       # (the two Kamervragen PDFs hold no statistic: no rows)
    for o in rows:
        parts = json.loads(o.explanation_record)
        assert parts and {p["part"] for p in parts} <= NAMES, o.explanation_record
        for p in parts:
            for w in _words(p):
                assert 0 <= w["start"] < w["end"] <= len(doc.text)
                assert doc.text[w["start"]:w["end"]] == w["text"], (o.explanation, w)


def test_the_record_says_what_the_explanation_says(extracted):
    """Prose rows: the same parts with the same rules in the same order, and each part's words are the
    words its «...» quotes; table cells: the row and column the explanation names."""
    _, rows = extracted
    for o in rows:
        parts = json.loads(o.explanation_record)
        if o.explanation.startswith("table cell:"):
            (p,) = parts
            assert p["part"] == "table" and p["rule"] == o.rule_id
            m = re.match(r"table cell: row «(.*?)», column «(.*?)»", o.explanation)
            for w in p["row"]:
                assert " ".join(w["text"].split()) in m.group(1), (o.explanation, p)
            for w in p["column"]:
                assert " ".join(w["text"].split()) in m.group(2), (o.explanation, p)
            continue
        said = [s.strip() for s in o.explanation.split("; ")]
        assert [s.split(":", 1)[0].replace("no core metric", "no_core_metric") for s in said] == [p["part"] for p in parts]
        for s, p in zip(said, parts):
            if p["part"] in ("period", "population", "nationality", "category", "metric"):
                assert s.split(": ", 1)[1].startswith(p["rule"] + (" " + p["detail"] if "detail" in p else "")), (s, p)
            quoted = re.search(r"«(.*)»", s)
            if p["part"] == "qualifier":        # said as its normal form ("minstens" for "ten minste")
                assert quoted and "words" in p, (s, p)
                continue
            for w in p.get("words", []):
                assert quoted and " ".join(w["text"].split()) in quoted.group(1), (s, p)


def _row(rows, start, **key):
    hit = [o for o in rows if o.char_start == start and all(getattr(o, k) == v for k, v in key.items())]
    assert len(hit) == 1, hit
    return json.loads(hit[0].explanation_record)


def test_exact_spans_of_a_prose_row():
    doc, result = extracted_document(ROOT / "raw" / "kerncijfers-2017-01.md")
    rows = result.observations
    # "In januari 2017 kwam 13 % van de asielzoekers die voor het eerst een aanvraag indienden uit Eritrea."
    assert _row(rows, 1356, nationality="ER") == [
        {"part": "period", "rule": "period.nearest_before", "words": [{"start": 1338, "end": 1350, "text": "januari 2017"}]},
        {"part": "population", "rule": "population.generic_refined",
         "words": [{"start": 1368, "end": 1380, "text": "asielzoekers"},
                   {"start": 1385, "end": 1412, "text": "voor het eerst een aanvraag"}]},
        {"part": "nationality", "rule": "nationality.after", "words": [{"start": 1427, "end": 1434, "text": "Eritrea"}]},
        {"part": "metric", "rule": "metrics.first_applications_share"}]
    # "12 % was afkomstig uit Syrië, ...": period and population from the frame, no words of their own
    assert _row(rows, 1436, nationality="SY")[:2] == [{"part": "period", "rule": "period.frame"},
                                                      {"part": "population", "rule": "population.frame"}]


def test_exact_spans_of_a_table_cell():
    doc, result = extracted_document(ROOT / "raw" / "staat-van-migratie-2024.md")
    rows = result.observations
    # Figuur 51, row 2022, column "Eerste aanvragen": 35.540
    assert _row(rows, 190864, metric="asylum_first_applications") == [
        {"part": "table", "rule": "tables.first_applications",
         "row": [{"start": 190852, "end": 190856, "text": "2022"}],
         "column": [{"start": 190768, "end": 190784, "text": "Eerste aanvragen"}]}]
    assert doc.text[190864:190870] == "35.540"


def test_decision_words_are_marked_for_their_rows_and_give_way_to_numbers():
    text = "In januari 2017 kwam 13 % van de asielzoekers uit Eritrea.\nVolgende regel"
    marks = [Mark(21, 25, ("a",), "core")]
    words = [Words(3, 15, ("a",)), Words(33, 45, ("a", "b")), Words(33, 57, ("b",)), Words(20, 23, ("x",))]
    html = render_text(text, marks, (0,), words)
    assert '<span class="w" data-w="a">januari 2017</span>' in html
    assert '<span class="w" data-w="a b">asielzoekers</span>' in html        # two rows' words overlap: cut
    assert '<span class="w" data-w="b"> uit Eritrea</span>' in html
    # a number's mark wins: the piece of "x" before it stays, none inside it
    assert '<span class="w" data-w="x"> </span><mark class="n s-core" id="m21-25"' in html
    assert re.search(r'<mark class="n s-core" id="m21-25"[^>]*>13 %</mark>', html)


def test_the_review_app_marks_the_words_of_each_row(tmp_path):
    from review_workspace import built
    from pipeline.review.workspace import Workspace
    ws = Workspace(built(), tmp_path / "decisions.jsonl")
    d = next(x for x in ws.documents() if x.name == "ind-asielinstroom-2020-04")
    html = ws.document_html(d)
    # the April total (445) was decided by "asielinstroom" (population.before)
    assert '<span class="w" data-w="' in html
    span = re.search(r'<span class="w" data-w="([^"]*)">asielinstroom</span>', html)
    assert span and "1be84d2eb362:169:172::" in span.group(1).split()
