"""Format and encoding by content: a document reads the same whatever it is named and however its text
was encoded; how it was read is an info finding; what cannot be read is one line naming the file."""
from pathlib import Path

import pandas as pd
import pytest

from conftest import ROOT, SVM_MD_GROUP, extracted, migstat
from pipeline.run.api import extract_document
from pipeline.errors import IngestError
from pipeline.extraction.table_find import find_tables
from pipeline.ingest import read_document
from pipeline.store import read_table
from pipeline.validate import check_document

MONTHLY = ROOT / "raw/ind-asielinstroom-2020-04.txt"
KERNCIJFERS = ROOT / "raw/kerncijfers-2017-01.md"
ANNUAL = ROOT / "raw/staat-van-migratie-2024.md"
PLAIN_TEXTS = sorted((ROOT / "raw").glob("*.txt")) + sorted((ROOT / "tests/dev2/docs").glob("*.txt")) + [
    ROOT / "tests/fixtures/twins/kerncijfers-2023-01.txt"]
RUSSIAN = "Количество первичных заявлений о предоставлении убежища в январе 2023 года составило около 2490.\n" * 5


def _rows(res):
    """Every column of every row but the two that name the file (doc_id is the hash of its bytes)."""
    return [{k: v for k, v in o.as_row().items() if k not in ("doc_id", "source")} for o in res.observations]


def _original(path: Path):
    return extracted(path)


def _findings(doc, res, check):
    return [f for f in check_document(doc, res) if f.check == check]


# how the copy is written -> the encoding it must be read as (Latin-1 without bytes 0x80-0x9f reads the
# same as cp1252, and is called that)
ENCODINGS = {
    "cp1252": (lambda t: t.encode("cp1252"), "cp1252"),
    "latin-1": (lambda t: t.encode("latin-1"), "cp1252"),
    "utf-16-le-bom": (lambda t: b"\xff\xfe" + t.encode("utf-16-le"), "utf-16-le"),
    "utf-16-be-bom": (lambda t: b"\xfe\xff" + t.encode("utf-16-be"), "utf-16-be"),
    "utf-16-le": (lambda t: t.encode("utf-16-le"), "utf-16-le"),
    "utf-16-be": (lambda t: t.encode("utf-16-be"), "utf-16-be"),
    "utf-32-bom": (lambda t: b"\xff\xfe\x00\x00" + t.encode("utf-32-le"), "utf-32-le"),
    "utf-8-bom": (lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"), "utf-8"),
}


@pytest.mark.parametrize("source", [MONTHLY, KERNCIJFERS], ids=lambda p: p.name)
@pytest.mark.parametrize("written_as", list(ENCODINGS))
def test_other_encodings_give_the_same_rows(tmp_path, source, written_as):
    """A real document written as cp1252, Latin-1, UTF-16 (LE/BE, with a byte-order mark or without),
    UTF-32 or UTF-8 with a BOM gives exactly the rows of its UTF-8 original (values, periods, spans,
    quotes), the same text and the same offsets (characters of the decoded text); anything but UTF-8
    is an info finding naming the encoding and the file."""
    encode, expected = ENCODINGS[written_as]
    text = source.read_text(encoding="utf-8")
    copy = tmp_path / source.name
    copy.write_bytes(encode(text))
    original_doc, original = _original(source)
    doc, res = extract_document(copy)
    assert doc.encoding == expected
    assert (doc.text, doc.raw_offsets) == (original_doc.text, original_doc.raw_offsets)
    assert _rows(res) == _rows(original) and len(original.observations) > 20
    notes = _findings(doc, res, "source_encoding")
    if expected == "utf-8":
        assert not notes
    else:
        assert len(notes) == 1 and notes[0].severity == "info"
        assert expected in notes[0].message and copy.name in notes[0].message


@pytest.mark.parametrize("source,tables", [pytest.param(ANNUAL, 80, marks=SVM_MD_GROUP), (KERNCIJFERS, None),
                                           (ROOT / "raw/kerncijfers-2021-05.md", None)],
                         ids=lambda p: getattr(p, "name", p))
def test_markdown_saved_as_txt_reads_as_markdown(tmp_path, source, tables):
    """A Markdown document saved as .txt is recognised by its content: the same text, rows (all key
    fields and spans) and tables as the .md — for the Staat van Migratie 80 tables, not 3 — and an info
    finding saying so."""
    copy = tmp_path / f"{source.stem}.txt"
    copy.write_bytes(source.read_bytes())
    md_doc, md = _original(source)
    doc, res = extract_document(copy)
    assert doc.fmt == "md" and doc.text == md_doc.text and doc.raw_offsets == md_doc.raw_offsets
    assert _rows(res) == _rows(md)
    assert len(find_tables(doc)) == len(find_tables(md_doc)) == (tables or len(find_tables(md_doc)))
    formats = _findings(doc, res, "source_format")
    assert len(formats) == 1 and formats[0].severity == "info"
    assert "Markdown" in formats[0].message and copy.name in formats[0].message
    assert not _findings(md_doc, md, "source_format")          # a .md is Markdown by its name


@pytest.mark.parametrize("source", PLAIN_TEXTS, ids=lambda p: p.name)
def test_plain_texts_stay_plain(source):
    """Every plain-text document of the repository is read as before: plain text, UTF-8, no notes."""
    doc = read_document(source, "2020-01")
    assert (doc.fmt, doc.encoding, doc.read_notes) == ("txt", "utf-8", ())


STRAY = {
    "star and hash": "\n* voorlopige cijfers\n# = aantal personen\n",
    "footnote stars": "\nTotaal 2.930*\n*) cijfer is voorlopig\n",
    "one of each kind once": "\n## Toelichting\nDe *voorlopige* cijfers staan op www.ind.nl/cijfers.\n",
    "two hash lines": "\n# aanvragen 445\n# nareizigers 120\n",
}


@pytest.mark.parametrize("stray", list(STRAY))
def test_a_stray_star_or_hash_does_not_make_markdown(tmp_path, stray):
    """The monthly report with stray '*' and '#' lines added at its end is still plain text: its rows
    are the original's, spans and all, and no finding speaks of Markdown."""
    copy = tmp_path / MONTHLY.name
    copy.write_text(MONTHLY.read_text(encoding="utf-8") + STRAY[stray], encoding="utf-8")
    doc, res = extract_document(copy)
    assert doc.fmt == "txt"
    assert _rows(res)[:len(_original(MONTHLY)[1].observations)] == _rows(_original(MONTHLY)[1])
    assert not _findings(doc, res, "source_format")


UNREADABLE = {
    "binary.txt": (bytes(range(256)) * 20, "binary content"),
    "russisch.txt": (RUSSIAN.encode("cp1251"), "not a West-European encoding"),
    "grieks.txt": (("Ο αριθμός των πρώτων αιτήσεων ασύλου ήταν περίπου 2.490. " * 5).encode("cp1253"),
                   "not a West-European encoding"),
    "afgebroken.txt": (MONTHLY.read_text(encoding="utf-8").encode("utf-16")[:-1], "not valid utf-16-le"),
}


@pytest.mark.parametrize("name", list(UNREADABLE))
def test_what_cannot_be_read_keeps_its_one_line_error(tmp_path, name):
    """Binary bytes, another script's code page (read as cp1252 it would be mojibake) and a cut-off
    UTF-16 file are refused with one line naming the file and the reason."""
    data, reason = UNREADABLE[name]
    (tmp_path / name).write_bytes(data)
    with pytest.raises(IngestError) as ei:
        read_document(tmp_path / name, "2023-01")
    msg = str(ei.value)
    assert name in msg and reason in msg and "\n" not in msg, msg


def test_the_command_line_reads_them_without_a_traceback(tmp_path):
    """`migstat run` over a folder of such copies: each readable one gives its original's rows, the
    unreadable one gives one error line, and nothing prints a traceback; `migstat validate` writes
    the source_encoding and source_format findings."""
    docs = tmp_path / "docs"
    docs.mkdir()
    text = MONTHLY.read_text(encoding="utf-8")
    (docs / "maand-cp1252.txt").write_bytes(text.encode("cp1252"))
    (docs / "maand-utf16.txt").write_bytes(text.encode("utf-16-be"))
    (docs / "kerncijfers.txt").write_bytes(KERNCIJFERS.read_bytes())
    (docs / "russisch.txt").write_bytes(RUSSIAN.encode("cp1251"))
    run = migstat("run", "--direct", docs, "--out-dir", tmp_path / "out")
    assert "Traceback" not in run.stderr + run.stdout
    assert run.returncode == 1
    assert [l for l in run.stderr.splitlines() if l.startswith("error:")] == [
        f"error: {docs / 'russisch.txt'}: not valid UTF-8 (byte 0xca at offset 0) and not a West-European "
        "encoding either; save it as UTF-8"]
    for name, source in [("maand-cp1252", MONTHLY), ("maand-utf16", MONTHLY), ("kerncijfers", KERNCIJFERS)]:
        df = read_table(tmp_path / "out" / f"{name}.csv")
        assert len(df) == len(_original(source)[1].observations), name

    (docs / "russisch.txt").unlink()            # validate the readable ones
    findings = tmp_path / "findings.csv"
    val = migstat("validate", docs, "--findings", findings, "--extracted", tmp_path / "none")
    assert "Traceback" not in val.stderr + val.stdout, val.stderr
    df = pd.read_csv(findings)
    notes = df[df.check.isin(["source_encoding", "source_format"])]
    assert sorted(zip(notes.check, notes.severity)) == [("source_encoding", "info")] * 2 + [("source_format", "info")]
