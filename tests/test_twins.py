"""A PDF and its text twin give the same observations (values, periods, nationalities, metrics)."""
from collections import Counter

import pytest

# the tests that read or extract the 122-page Staat van Migratie PDF run in one xdist worker (make
# test-fast: --dist loadgroup), which extracts it once (conftest.extracted) instead of each worker
pytestmark = pytest.mark.xdist_group("staat-van-migratie-pdf")

from conftest import GOLD_SOURCES, ROOT, TWINS
from conftest import extracted as extract_document


def _key(o):
    return (o.metric, o.nationality, o.category, o.period_start, o.period_end, o.period_kind, o.value, o.unit,
            o.qualifier)


@pytest.mark.parametrize("stem", [s for s in TWINS if s != "staat-van-migratie-2024"])
def test_pdf_twin_gives_the_same_rows(stem):
    _, text_result = extract_document(GOLD_SOURCES[stem])
    doc, pdf_result = extract_document(TWINS[stem])
    assert doc.fmt == "pdf"
    a = Counter(_key(o) for o in text_result.observations)
    b = Counter(_key(o) for o in pdf_result.observations)
    assert a == b, {"only in text": a - b, "only in pdf": b - a}


def test_pdf_spans_read_the_number_and_pages_are_right():
    doc, result = extract_document(TWINS["kerncijfers-2023-01"])
    assert {o.page for o in result.observations} >= {1, 2, 3}
    for o in result.observations:
        written = doc.text[o.char_start:o.char_end]
        assert written.replace(".", "").replace(",", ".").rstrip("% \n").lstrip("+-") \
            .replace(" ", "") in (f"{o.value:g}", f"{o.value:.0f}", f"{abs(o.value):g}"), (written, o.value)


def test_annual_report_pdf_twin_core_rows():
    """The annual report's PDF: its core-metric prose rows match the Markdown's (tables are the
    next stage's; their cells must not become prose rows)."""
    _, text_result = extract_document(GOLD_SOURCES["staat-van-migratie-2024"])
    _, pdf_result = extract_document(TWINS["staat-van-migratie-2024"])
    a = Counter(_key(o) for o in text_result.observations if o.metric)
    b = Counter(_key(o) for o in pdf_result.observations if o.metric)
    common = sum((a & b).values())
    assert common / max(1, sum(a.values())) >= 0.9, a - b
    assert common / max(1, sum(b.values())) >= 0.9, b - a


def test_annual_report_pdf_tables_equal_markdown_tables():
    """Every table of the rendered PDF gives the same observations as the Markdown's: same cells,
    labels, periods, units and metrics (tables split over two PDF pages are read as one)."""
    _, text_result = extract_document(GOLD_SOURCES["staat-van-migratie-2024"])
    _, pdf_result = extract_document(TWINS["staat-van-migratie-2024"])
    # one known difference: Figuur 69's header "Vanuit zij-instroom" wraps after "zij-" in the PDF and the
    # document itself writes "zijinstroom" elsewhere, so the PDF reader mends it to one word
    a = Counter((o.table, o.label.replace("zij-instroom", "zijinstroom")) + _key(o)
                for o in text_result.observations if o.table)
    b = Counter((o.table, o.label) + _key(o) for o in pdf_result.observations if o.table)
    assert len({k[0] for k in a}) >= 75
    assert a == b, {"only in Markdown": a - b, "only in PDF": b - a}
    # the page of a cell is the PDF page it is printed on (split tables span two)
    pages = {o.table: set() for o in pdf_result.observations if o.table}
    for o in pdf_result.observations:
        if o.table:
            pages[o.table].add(o.page)
    assert sum(1 for p in pages.values() if len(p) == 2) >= 5


@pytest.mark.parametrize("name", ["kamervragen-ah-tk-20232024-1481-ongedocumenteerden.pdf",
                                  "kamervragen-ah-tk-20232024-1984-lunchmaaltijden.pdf"])
def test_real_kamervragen_pdfs_give_no_core_rows(name):
    doc, result = extract_document(ROOT / "raw" / name)
    assert len(doc.text) > 3000
    assert [o for o in result.observations if o.metric] == []
    # question/answer numbers, ISSN and document numbers are not statistics
    assert not any(o.quote.startswith(("Vraag", "Antwoord")) and o.char_start - doc.text.rfind("\n", 0, o.char_start) < 12
                   for o in result.observations)


def test_pdf_mojibake_repair_keeps_blocks_aligned():
    """The repair shortens a line ('LPâ€™s' -> "LP's"): every block must still start where its text starts."""
    doc, _ = extract_document(TWINS["feitelijke-vragen-jaarverslag-jenv-2022"])
    assert any("mojibake" in r for r in doc.repairs)
    assert "50 LP's afgegeven" in doc.text
    for b in doc.blocks:
        assert b.start == 0 or doc.text[b.start - 1] in "\n " or doc.text[b.start - 2:b.start] == ") ", \
            repr(doc.text[b.start - 5:b.start + 20])
