"""HTML pages as an input format: the main content (not the site's navigation, cookie banner, side bar or
footer), headings as headings, lists as list items, <table> rows as tab-joined table rows; the same rows
as the same text in Markdown. The pages are built from real texts by tests/fixtures/html/make_pages.py."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ROOT, migstat
from pipeline.run.api import extract_document
from pipeline.errors import IngestError
from pipeline.ingest import read_document
from pipeline.validate import check_document

HTML = ROOT / "tests/fixtures/html"
PAIRS = [  # (page, the same text as Markdown)
    (HTML / "kerncijfers-2021-05.html", ROOT / "raw/kerncijfers-2021-05.md"),
    (HTML / "staat-van-migratie-2024-asiel.html", HTML / "staat-van-migratie-2024-asiel.md"),
]
CHROME = ("Ga direct naar inhoud", "cookies", "61%", "Hoofdmenu", "Onderwerpen", "Zoeken", "Home", "Deel deze pagina",
          "Facebook", "Meer over asielbeleid", "900 mensen", "Bel 1400", "20.00 uur", "Copyright", "Voor Nederland",
          "Publicatie |", "dataLayer")


def _rows(res):
    """Every column but those that name the file or point into its text (the explanation record
    without its words' offsets)."""
    return [_rows_of(o) for o in res.observations]


@pytest.mark.parametrize("page, twin", PAIRS, ids=lambda p: p.name)
def test_a_page_gives_the_same_rows_as_its_text(page, twin):
    doc, res = extract_document(page)
    tdoc, tres = extract_document(twin)
    assert doc.fmt == "html" and doc.raw_offsets is None
    assert (doc.edition, doc.edition_basis) == (tdoc.edition, tdoc.edition_basis)
    assert _rows(res) == _rows(tres)
    assert len(res.observations) == {"kerncijfers-2021-05.html": 25, "staat-van-migratie-2024-asiel.html": 45}[page.name]
    for o in res.observations:         # spans index into Document.text
        assert doc.text[o.char_start:o.char_end] in o.quote
        assert doc.text[o.char_start:o.char_end] == tdoc.text[_twin_span(tdoc, o, tres)]
    for word in CHROME:
        assert word not in doc.text, word


def _twin_span(tdoc, o, tres):
    t = next(x for x in tres.observations if _rows_of(x) == _rows_of(o))
    return slice(t.char_start, t.char_end)


def _rows_of(o):
    row = {k: v for k, v in o.as_row().items() if k not in ("doc_id", "source", "char_start", "char_end")}
    row["explanation_record"] = re.sub(r'"(?:start|end)":\d+,?', "", row["explanation_record"])
    return row


def test_structure_headings_lists_tables_and_footnote_markers():
    doc, res = extract_document(HTML / "staat-van-migratie-2024-asiel.html")
    kinds = {doc.text[b.start:b.end]: b.kind for b in doc.blocks}
    assert kinds["De Staat van Migratie 2024"] == "heading"
    assert kinds["4.3 Asielmigratie naar Nederland"] == "heading"
    assert kinds["- Spoor 1: Dublinclaimanten;"] == "list_item"
    assert kinds["2023\t50.720\t38.380\t1.390\t10.130\t0\t830"] == "table_row"
    assert kinds["\tTotaal\tEerste aanvragen\tTweede en volgende aanvragen\tNareizigers\tHerplaatsing\tHervestiging"
                 .strip()] == "table_row"
    # the footnote markers <sup>107</sup>, <sup>108</sup> are not in the text, but kept as markers
    assert [m for _, m in doc.markers] == ["107", "108"]
    assert "2022\t20.390\t10.340\t88%" in doc.text
    total = [o for o in res.observations if o.metric == "asylum_inflow_total" and o.table == "Figuur 51"
             and o.period_start == "2023-01-01"]
    assert [(o.value, doc.text[o.char_start:o.char_end], o.period_end) for o in total] == [(50720.0, "50.720", "2023-12-31")]


def test_a_page_saved_by_hand_reads_like_the_fetched_page(tmp_path):
    """A browser's "save as": another encoding declared in a meta tag, CRLF line ends, re-indented rows,
    a "saved from" comment. The same text and rows."""
    page = HTML / "staat-van-migratie-2024-asiel.html"
    html = page.read_text(encoding="utf-8")
    saved = ("<!-- saved from url=(0070)https://www.rijksoverheid.nl/documenten/rapporten/2024/07/05/staat-van-migratie -->\n"
             + html.replace('<meta charset="utf-8">',
                            '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">')
             .replace("<tr>", "\n    <tr>").replace("\n", "\r\n"))
    copy = tmp_path / "Staat van Migratie 2024 _ Rijksoverheid.nl.htm"
    copy.write_bytes(saved.encode("cp1252"))
    a, ra = extract_document(page)
    b, rb = extract_document(copy)
    assert b.text == a.text and b.fmt == "html"
    assert [o.as_row() | {"doc_id": "", "source": ""} for o in rb.observations] == \
           [o.as_row() | {"doc_id": "", "source": ""} for o in ra.observations]


def test_html_named_txt_is_read_by_its_content(tmp_path):
    p = tmp_path / "kerncijfers-mei-2021.txt"
    p.write_bytes((HTML / "kerncijfers-2021-05.html").read_bytes())
    doc, res = extract_document(p)
    assert doc.fmt == "html"
    assert ("source_format", "HTML recognised by its content (the file is named .txt)") in doc.read_notes
    assert any(f.check == "source_format" and f.severity == "info" for f in check_document(doc, res))
    assert len(res.observations) == 25


@pytest.mark.parametrize("name, content, reason", [
    ("only-navigation.html", "<html><body><nav><ul><li><a href='/'>Home</a></li><li><a href='/c'>Contact</a></li>"
                             "</ul></nav></body></html>", "no main text found in the HTML page (only navigation, or empty)"),
    ("empty-body.html", "<!DOCTYPE html><html><head><title>Asieltrends</title></head><body></body></html>",
     "no main text found in the HTML page (only navigation, or empty)"),
    ("not-markup.html", "Dit is geen webpagina maar platte tekst zonder opmaak.\n" * 3, "named .html but has no HTML markup"),
    ("binary.html", b"\x00\x01<html>\x00\x02" * 200, "binary content (NUL bytes), not an HTML page"),
])
def test_what_cannot_be_read_is_one_line(tmp_path, name, content, reason):
    p = tmp_path / name
    p.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(IngestError) as e:
        read_document(p)
    assert str(e.value) == f"{p}: {reason}"
    r = migstat("extract", p)
    assert r.returncode == 2 and r.stderr == f"error: {p}: {reason}\n"


def test_a_pdf_named_html_is_read_as_the_pdf_it_is(tmp_path):
    p = tmp_path / "asieltrends.html"
    p.write_bytes((ROOT / "raw/kerncijfers-2023-01.rendered.pdf").read_bytes())
    assert read_document(p).fmt == "pdf"


def test_unknown_format_names_html_among_the_formats(tmp_path):
    p = tmp_path / "report.docx"
    p.write_bytes(b"PK\x03\x04 not a document we read")
    with pytest.raises(IngestError, match=re.escape("unknown format '.docx' (expected .txt, .md, .html or .pdf)")):
        read_document(p)
