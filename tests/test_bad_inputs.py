"""Bad input: one clear line naming the file and the reason; the other documents still complete;
earlier outputs are never half-overwritten."""
import shutil

import pytest

from conftest import ROOT, gold_rows, migstat
from pipeline.run.documents import process_document
from pipeline.run.tables import write_outputs
from pipeline.errors import IngestError
from pipeline.ingest import read_document
from pipeline.store import read_table, write_table

BAD = ROOT / "tests" / "fixtures" / "bad"
CASES = {
    "empty.pdf": "empty file",
    "junk.pdf": "not a PDF",
    "truncated.pdf": "damaged or truncated",
    "encrypted.pdf": "encrypted",
    "scanned.pdf": "no text layer",
    "binary.txt": "binary content",
    "unknown.docx": "unknown format",
}


@pytest.mark.parametrize("name,reason", CASES.items())
def test_bad_file_gives_one_line_naming_file_and_reason(name, reason):
    with pytest.raises(IngestError) as ei:
        read_document(BAD / name)
    msg = str(ei.value)
    assert "\n" not in msg
    assert name in msg and reason in msg, msg


def test_empty_text_and_missing_file(tmp_path):
    (tmp_path / "leeg.txt").write_text("  \n")
    with pytest.raises(IngestError, match="leeg.txt: empty file"):
        read_document(tmp_path / "leeg.txt")
    with pytest.raises(IngestError, match="file not found"):
        read_document(tmp_path / "nergens.md")


def test_a_run_with_bad_files_completes_the_good_ones(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in CASES:
        shutil.copy(BAD / name, docs / name)
    shutil.copy(ROOT / "raw" / "ind-asielinstroom-2020-04.txt", docs)
    out = tmp_path / "out"
    proc = migstat("run", "--direct", docs, "--out-dir", out)
    assert proc.returncode == 1                      # some documents failed ...
    errors = [l for l in proc.stderr.splitlines() if l.startswith("error:")]
    assert len(errors) == len(CASES)                 # ... each said once, on one line
    for name, reason in CASES.items():
        assert any(name in l and reason in l for l in errors), (name, errors)
    df = read_table(out / "ind-asielinstroom-2020-04.csv")   # ... and the good one is done
    assert len(df) == gold_rows("ind-asielinstroom-2020-04")
    assert (out / "observations.parquet").exists()


def test_failed_write_leaves_the_previous_table_whole(tmp_path):
    good = process_document(ROOT / "raw" / "kerncijfers-2017-01.md")
    target = tmp_path / "kerncijfers-2017-01.csv"
    write_table(good.frame, target)
    before = target.read_bytes()

    class Boom(Exception):
        pass

    class BadFrame:
        def copy(self, deep=True):
            return self

        columns = ["value"]

        def __getitem__(self, k):
            raise Boom

        def __setitem__(self, k, v):
            raise Boom

    with pytest.raises(Boom):
        write_table(BadFrame(), target)
    assert target.read_bytes() == before
    assert not list(tmp_path.glob(".*.tmp"))


def test_write_outputs_keeps_other_documents_in_the_combined_table(tmp_path):
    a = process_document(ROOT / "raw" / "kerncijfers-2017-01.md")
    b = process_document(ROOT / "raw" / "kerncijfers-2021-05.md")
    write_outputs([a, b], tmp_path)
    full_run = (tmp_path / "observations.parquet").read_bytes()
    write_outputs([a], tmp_path)                       # a rerun of one document
    combined = read_table(tmp_path / "observations.parquet")
    assert len(combined) == a.rows + b.rows
    assert (tmp_path / "observations.parquet").read_bytes() == full_run   # same rows, same bytes


def test_a_latin1_text_is_read_not_refused():
    """Latin-1 / cp1252 text is read (and says how: Document.encoding, read_notes) where it used to be
    refused as 'not valid UTF-8'; without a month and year in it, it still needs --edition."""
    doc = read_document(BAD / "latin1.txt", "2023-01")
    assert doc.encoding == "cp1252" and doc.read_notes == (("source_encoding", "read as cp1252 (not UTF-8)"),)
    assert "Syrië (26%)" in doc.text and "België" in doc.text
