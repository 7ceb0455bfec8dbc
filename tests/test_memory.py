"""The structures that keep a large document's memory in proportion to it, on real documents: the offset
map of a text file is runs of offsets in two arrays (not a Python int per character) and gives the same
offsets; the observation table holds the observations' own strings (no Arrow copy converted back).
Memory and time themselves are printed by `make bench` (scripts/bench.py), not asserted here."""
from __future__ import annotations

import bisect
import pickle
from array import array
from pathlib import Path

import pytest

from conftest import SVM_MD_GROUP, extracted
from pipeline.ingest import read_document
from pipeline.offsets import OffsetMap, OffsetMapBuilder
from pipeline.store import to_frame

ROOT = Path(__file__).resolve().parents[1]
ANNUAL = ROOT / "raw/staat-van-migratie-2024.md"
KERNCIJFERS = ROOT / "raw/kerncijfers-2017-01.md"
MOJIBAKE = ROOT / "raw/feitelijke-vragen-jaarverslag-jenv-2022.txt"   # "LPâ€™s" in the file


def _raw(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", [ANNUAL, KERNCIJFERS], ids=lambda p: p.name)
def test_markdown_offsets_are_runs_in_arrays_and_point_at_each_character(path):
    """Every character of the clean text is the file's character at its offset, offsets strictly
    increase, and the map stores runs of them in machine-integer arrays: for the 373 KB annual report
    a few thousand runs instead of 360.000 Python ints."""
    doc, raw = read_document(path), _raw(path)
    offs = doc.raw_offsets
    assert isinstance(offs, OffsetMap) and len(offs) == len(doc.text)
    assert isinstance(offs._starts, array) and isinstance(offs._values, array)
    expanded = list(offs)
    assert all(raw[o] == ch for o, ch in zip(expanded, doc.text))
    assert all(a < b for a, b in zip(expanded, expanded[1:]))
    assert [offs[i] for i in range(0, len(offs), 997)] == expanded[::997]
    assert offs[-1] == expanded[-1] and offs[10:20] == expanded[10:20]
    assert offs.runs < len(offs) / 20
    if path == ANNUAL:
        assert len(offs) > 350_000 and offs.runs < 20_000
        # "**Inhoudsopgave**"-style markup is gone, and a heading's first character points past its "# "
        i = doc.text.index("Inhoudsopgave")
        assert raw[offs[i] - 2:offs[i]] == "# "


@pytest.mark.parametrize("path", [KERNCIJFERS, MOJIBAKE], ids=lambda p: p.name)
def test_position_is_bisect_left_over_the_offsets(path):
    """position(raw) (how gold spans and <sup> markers are mapped into the clean text) equals
    bisect.bisect_left over the per-character offsets, for every offset of the file."""
    doc, raw = read_document(path), _raw(path)
    expanded = list(doc.raw_offsets)
    assert [doc.raw_offsets.position(r) for r in range(len(raw) + 2)] == \
        [bisect.bisect_left(expanded, r) for r in range(len(raw) + 2)]


def test_mojibake_repair_maps_the_repaired_character_to_where_the_broken_one_began():
    """A text file with mojibake gets an offset map too (without markup none was needed): the repaired
    apostrophe of "LPâ€™s" points at the "â", every other character at itself in the file."""
    doc, raw = read_document(MOJIBAKE), _raw(MOJIBAKE)
    assert doc.repairs and "50 LP's afgegeven" in doc.text and "LPâ€™s" in raw
    offs = doc.raw_offsets
    i = doc.text.index("LP's") + 2
    assert raw[offs[i]:offs[i] + 3] == "â€™" and offs[i + 1] == offs[i] + 3
    assert sum(1 for k, ch in enumerate(doc.text) if raw[offs[k]] != ch) == doc.text.count("'") - raw.count("'")
    assert offs.runs < 50


def test_offset_map_builder_merges_runs_and_compares_by_value():
    b = OffsetMapBuilder()
    b.add_run(0, 5)
    b.add_run(5, 3)        # goes on: same run
    b.add_run(10, 2)
    b.add(12)
    b.add(12)              # a repeated offset (a repair): a run of its own
    m = b.build()
    assert list(m) == [0, 1, 2, 3, 4, 5, 6, 7, 10, 11, 12, 12] and m.runs == 3
    assert m == OffsetMap.of(list(m)) == list(m) and m != list(m)[:-1]
    assert [m.position(r) for r in (0, 8, 10, 12, 13)] == [0, 8, 8, 10, 12]
    rebuilt = OffsetMapBuilder()
    rebuilt.extend(m, 3, 9)
    assert list(rebuilt.build()) == list(m)[3:9]
    assert pickle.loads(pickle.dumps(m)) == m          # crosses process boundaries (run --workers)
    assert list(OffsetMap.identity(4)) == [0, 1, 2, 3] and len(OffsetMap.identity(0)) == 0


@SVM_MD_GROUP
def test_observation_table_holds_the_observations_own_strings():
    """to_frame builds the table column by column in its final types: text columns are object columns
    holding the very strings of the observations (no Arrow string column copied back into new Python
    strings), with the same rows and order as the observations sorted by source and span."""
    _, res = extracted(ANNUAL)          # the session's extraction (conftest.extracted)
    df = to_frame(res.observations)
    assert len(df) == len(res.observations) > 1000
    assert {str(df[c].dtype) for c in ("quote", "label", "explanation", "metric")} == {"object"}
    assert (str(df["value"].dtype), str(df["char_start"].dtype)) == ("float64", "int64")
    first = min(res.observations, key=lambda o: (o.char_start, o.char_end, o.nationality, o.category))
    assert df.loc[0, "quote"] is first.quote and df.loc[0, "explanation"] is first.explanation
    assert list(df["char_start"]) == sorted(o.char_start for o in res.observations)


@pytest.mark.parametrize("path", [ANNUAL, ROOT / "tests/fixtures/twins/kerncijfers-2023-01.txt",
                                  ROOT / "tests/dev2/docs/cbs_asielverzoeken_2020-03_nieuws.txt"], ids=lambda p: p.name)
def test_lines_segmented_a_chunk_at_a_time_give_the_same_blocks(monkeypatch, path):
    """segment_text reads the lines a chunk at a time (so a 50 MB text's lines are never all in memory);
    chunks end at blank lines, where no block goes on, so chunks of one line give exactly the blocks
    (kinds, spans, headings, the cells of plain-text table rows) of the whole text at once."""
    from pipeline.ingest import segment
    whole = read_document(path)
    monkeypatch.setattr(segment, "_CHUNK_LINES", 1)
    chunked = read_document(path)
    assert chunked.blocks == whole.blocks and chunked.text == whole.text
    assert len(whole.blocks) > 30 and {b.kind for b in whole.blocks} >= {"heading", "paragraph"}
    chunks = list(segment._line_chunks(whole.text))
    assert len(chunks) > 5 and all(not lines[-1][1].strip() for lines in chunks[:-1])
    if path == ANNUAL:           # Markdown: tab-separated table rows
        assert sum(b.kind == "table_row" for b in whole.blocks) > 500
    elif "cbs" in path.name:     # hard-wrapped text with tables written as plain text (rows with cells)
        assert sum(bool(b.cells) for b in whole.blocks) == 28


def test_the_forked_prefetch_takes_a_bounded_share_of_a_long_document():
    """The copy's results wait in this process until their blocks come up: the Staat van Migratie gets
    the copy's help for its last 60%, a 10 MB text only for MAX_SHARE_CHARS of it (prefetched whole, it
    held 160 MB more at its peak: bench `large`)."""
    from pipeline.extraction import prefetch
    from pipeline.ingest import read_document
    doc = read_document(ROOT / "raw" / "staat-van-migratie-2024.md")
    blocks = [(b.start, b.end) for b in doc.blocks if b.kind != "table_row"]
    share = prefetch.copy_share(blocks)
    total = sum(e - s for s, e in blocks)
    assert share == blocks[len(blocks) - len(share):] and 0.5 < sum(e - s for s, e in share) / total < 0.62
    long = [(s + k * 10**6, e + k * 10**6) for k in range(30) for s, e in blocks]      # a 30-fold text
    share = prefetch.copy_share(long)
    assert share and sum(e - s for s, e in share) <= prefetch.MAX_SHARE_CHARS
    assert prefetch.copy_share(blocks[:prefetch.MIN_BLOCKS - 1]) == []
