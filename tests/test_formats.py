"""Format and encoding by content: a document reads the same whatever it is named and however its text
was encoded; how it was read is an info finding."""
from pathlib import Path

import pytest

from conftest import ROOT
from pipeline.api import extract_document
from pipeline.errors import IngestError
from pipeline.extraction.tables import find_tables
from pipeline.ingest import read_document
from pipeline.validate import check_document

MONTHLY = ROOT / "raw/ind-asielinstroom-2020-04.txt"
KERNCIJFERS = ROOT / "raw/kerncijfers-2017-01.md"
ANNUAL = ROOT / "raw/staat-van-migratie-2024.md"


def _rows(res):
    return [(o.metric, o.label, o.nationality, o.category, o.period_start, o.period_end, o.value, o.unit,
             o.qualifier, o.char_start, o.char_end, o.quote, o.table) for o in res.observations]


ENCODINGS = {"cp1252": "cp1252", "latin-1": "cp1252", "utf-16": "utf-16-le", "utf-16-le": "utf-16-le",
             "utf-16-be": "utf-16-be", "utf-8-sig": "utf-8"}


@pytest.mark.parametrize("source", [MONTHLY, KERNCIJFERS], ids=lambda p: p.name)
@pytest.mark.parametrize("encoding", list(ENCODINGS))
def test_other_encodings_give_the_same_rows(tmp_path, source, encoding):
    """A real document written as cp1252, Latin-1, UTF-16 (with a BOM, or LE/BE without one) or UTF-8
    with a BOM gives exactly the rows of its UTF-8 original (values, periods, spans, quotes)."""
    text = source.read_text(encoding="utf-8")
    copy = tmp_path / f"{source.stem}{source.suffix}"
    copy.write_bytes(text.encode(encoding))
    _, original = extract_document(source)
    doc, res = extract_document(copy)
    assert _rows(res) == _rows(original)
    assert doc.encoding == ENCODINGS[encoding]
    notes = [f for f in check_document(doc, res) if f.check == "source_encoding"]
    if ENCODINGS[encoding] == "utf-8":
        assert not notes
    else:
        assert [f.severity for f in notes] == ["info"] and ENCODINGS[encoding] in notes[0].message
        assert copy.name in notes[0].message


def test_markdown_saved_as_txt_reads_as_markdown(tmp_path):
    """The Staat van Migratie as a .txt: recognised as Markdown by its content, the same rows and the
    same 80 tables as the .md (not 1,857 rows and 3 tables), and a finding that says so."""
    copy = tmp_path / "staat-van-migratie-2024.txt"
    copy.write_bytes(ANNUAL.read_bytes())
    md_doc, md = extract_document(ANNUAL)
    doc, res = extract_document(copy)
    assert doc.fmt == "md"
    assert _rows(res) == _rows(md)
    assert len(find_tables(doc)) == len(find_tables(md_doc)) == 80
    formats = [f for f in check_document(doc, res) if f.check == "source_format"]
    assert formats and "Markdown" in formats[0].message


@pytest.mark.parametrize("source", sorted((ROOT / "tests/dev2/docs").glob("*.txt"))[:21] + [MONTHLY, ROOT / "tests/fixtures/twins/kerncijfers-2023-01.txt"],
                         ids=lambda p: p.name)
def test_plain_texts_stay_plain(source):
    assert read_document(source, "2020-01").fmt == "txt"


def test_a_stray_star_or_hash_does_not_make_markdown(tmp_path):
    f = tmp_path / "noot.txt"
    f.write_text("Asielinstroom in april 2020\n\n# aanvragen: 445 *voorlopig\nHet aantal eerste asielaanvragen bedroeg 273.\n",
                 encoding="utf-8")
    assert read_document(f).fmt == "txt"


def test_what_cannot_be_read_keeps_its_one_line_error(tmp_path):
    f = tmp_path / "kapot.txt"
    f.write_bytes(bytes(range(256)) * 20)
    with pytest.raises(IngestError) as ei:
        read_document(f)
    assert "kapot.txt" in str(ei.value) and "\n" not in str(ei.value)
