"""Tables written as plain text, without tab or pipe separators (pipeline/language/text_tables.py)."""
import csv
import re
from collections import Counter

import pytest

from conftest import GOLD_SOURCES, ROOT, SVM_PDF_GROUP, TWINS, read
from pipeline.extraction import extract
from scoring import core_key
from pipeline.ingest import document_from_text, read_document
from pipeline.rules import load
from pipeline.extraction.table_find import find_tables

CBS = ROOT / "tests/dev2/docs/cbs_asielverzoeken_2020-03_nieuws.txt"


def test_cbs_month_table_gives_every_cell_of_the_gold():
    """The CBS news item's table ("Eerste asielverzoeken Nareizigers" over "2018 jan 1560 700" ...,
    single spaces): all 54 cells of the annotator's gold, each with its month and metric."""
    doc = read_document(CBS, "2020-03")
    obs = extract(doc).observations
    rows = [o for o in obs if o.table_caption or o.rule_id.startswith("tables.")]
    gold = [g for g in csv.DictReader(open(ROOT / "tests/dev2/gold/cbs_asielverzoeken_2020-03_nieuws.csv", encoding="utf-8"))
            if re.fullmatch(r"\d{4} \w{3} \d+ \d+", g["quote"])]
    assert len(gold) == 54
    assert Counter(core_key(o.as_row()) for o in rows) == Counter(core_key(g) for g in gold)
    (table,) = find_tables(doc)
    assert table.source_org == "CBS, IND"
    assert [c.text for c in table.rows[0]] == ["", "Eerste asielverzoeken", "Nareizigers"]
    # exact spans, and no prose row from a table line
    line = doc.text.index("2020 mrt 1025 125")
    cells = {doc.text[o.char_start:o.char_end]: o for o in rows if line <= o.char_start < line + 20}
    assert set(cells) == {"1025", "125"}
    assert cells["1025"].char_start == line + len("2020 mrt ")
    assert (cells["1025"].period_start, cells["1025"].period_end, cells["1025"].metric) == \
        ("2020-03-01", "2020-03-31", "asylum_first_applications")
    assert not [o for o in obs if not o.rule_id.startswith("tables.") and table.start <= o.char_start < table.end]


def _figuur_51():
    return load("tables")["examples"][0]["text"]


def _aligned(tab_text: str) -> str:
    """A tab-separated table rendered as a web page saved as text does it: columns padded with
    spaces, numbers right-aligned."""
    lines = tab_text.split("\n")
    rows = [l.split("\t") for l in lines if "\t" in l]
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    w = [max(len(r[c]) for r in rows) + 3 for c in range(width)]
    out = [r[0].ljust(w[0]) + "".join(r[c].rjust(w[c]) for c in range(1, width)) for r in rows]
    return "\n".join(out + [l for l in lines if "\t" not in l])


def _cells(doc):
    return sorted((o.label, o.value, o.unit, o.metric, o.category, o.period_start, o.period_end)
                  for o in extract(doc).observations)


def test_space_aligned_table_gives_the_rows_of_its_tab_separated_original():
    """Figuur 51 of the Staat van Migratie (rules/tables.yaml's example, a real table) with its columns
    aligned by spaces instead of tabs: the same cells, labels, periods and metrics."""
    tabbed = document_from_text(_figuur_51(), "2023-12", fmt="txt")
    aligned_text = _aligned(_figuur_51())
    assert "\t" not in aligned_text and "  " in aligned_text
    aligned = document_from_text(aligned_text, "2023-12", fmt="txt")
    assert len(find_tables(aligned)) == 1
    assert _cells(aligned) == _cells(tabbed)
    assert len(_cells(aligned)) == 17


def test_quarter_table_in_plain_text():
    text = ("Asielinstroom per kwartaal\nEerste asielaanvragen Nareizigers\n2022 Q1 6500 2300\n2022 Q2 7200 2500\n"
            "2022 Q3 10400 2900\n2022 4e kwartaal 11400 3200\nBron: IND\n")
    obs = extract(document_from_text(text, "2022-12")).observations
    first = sorted((o.period_start, o.period_end, o.period_kind, o.value) for o in obs if o.metric == "asylum_first_applications")
    assert first == [("2022-01-01", "2022-03-31", "range", 6500), ("2022-04-01", "2022-06-30", "range", 7200),
                     ("2022-07-01", "2022-09-30", "range", 10400), ("2022-10-01", "2022-12-31", "range", 11400)]
    assert {o.source_org for o in obs} == {"IND"}


def test_table_scaled_by_a_thousand_with_decimal_commas():
    """'(x 1 000)' in the title: "49,42" is 49420 (the spec's convention for scaled tables)."""
    text = ("Asielinstroom naar type aanvraag (x 1 000)\nTotaal Eerste aanvragen Nareizigers\n"
            "2021 36,62 24,69 10,12\n2022 49,42 35,54 10,93\n2023 50,72 38,38 10,13\n")
    obs = extract(document_from_text(text, "2023-12")).observations
    got = {(o.period_start[:4], o.metric): o.value for o in obs}
    assert got[("2022", "asylum_inflow_total")] == pytest.approx(49420)
    assert got[("2023", "asylum_first_applications")] == pytest.approx(38380)
    assert got[("2021", "family_reunification_arrivals")] == pytest.approx(10120)


def test_numbers_are_never_joined_across_columns():
    """"2019 okt 850 270" under two column names: two cells, 850 and 270 (not 850270)."""
    text = ("Eerste asielverzoeken Nareizigers\n2019 aug 880 320\n2019 sep 930 425\n2019 okt 850 270\n")
    obs = extract(document_from_text(text, "2019-10")).observations
    assert sorted(o.value for o in obs) == [270, 320, 425, 850, 880, 930]


@pytest.mark.parametrize("path", [pytest.param(p, marks=SVM_PDF_GROUP) if p == TWINS["staat-van-migratie-2024"] else p
                                  for p in sorted({*GOLD_SOURCES.values(), *TWINS.values()})], ids=lambda p: p.name)
def test_prose_never_becomes_a_text_table(path):
    """The sample documents have their tables as tabs (Markdown) or ruled PDF tables: no line of their
    prose is read as a plain-text table row."""
    doc = read(path)            # the session's reading (conftest.read)
    assert not [doc.text[b.start:b.end] for b in doc.blocks if b.cells]


def test_scale_in_a_text_tables_header_is_part_of_the_column_name():
    """"Asielverzoeken (x 1 000)" over space-aligned columns: a header (its "1 000" no number that makes
    it prose or a row), the cells scaled by it, quarters as ranges."""
    text = ("Asielverzoeken per kwartaal\n\nKwartaal  Asielverzoeken (x 1 000)  Nareizigers (x 1 000)\n"
            "2022 Q1   6,45   2,57\n2022 Q2   7,325   3,165\n2022 Q3   11,015   3,65\n")
    doc = document_from_text(text, "2022-12")
    (table,) = find_tables(doc)
    assert [c.text for c in table.rows[0]] == ["Kwartaal", "Asielverzoeken (x 1 000)", "Nareizigers (x 1 000)"]
    obs = extract(doc).observations
    assert [(o.metric, o.value, o.period_start, o.period_end) for o in obs[:2]] == [
        ("asylum_first_applications", 6450, "2022-01-01", "2022-03-31"),
        ("family_reunification_arrivals", 2570, "2022-01-01", "2022-03-31")]
    assert len(obs) == 6 and not [o for o in obs if o.value == 1000]


def test_rows_with_spaces_between_thousands_split_into_the_header_columns():
    """"Syrisch 9 950 13 030" under "2022 2023": four number tokens, two columns; the one way to read them
    with a space between thousands gives 9 950 and 13 030 (each cell's exact span), also when the rows hold
    different counts of tokens ("Eritrees 850 1 240"); a split that is not unique stays prose."""
    text = ("Eerste asielverzoeken naar nationaliteit\n2022 2023\nSyrisch 9 950 13 030\nEritrees 850 1 240\n"
            "Jemenitisch 1 360 2 610\nBron: CBS, IND\n")
    doc = document_from_text(text, "2023-12")
    (table,) = find_tables(doc)
    assert [[c.text for c in r] for r in table.rows] == [["", "2022", "2023"], ["Syrisch", "9 950", "13 030"],
                                                          ["Eritrees", "850", "1 240"], ["Jemenitisch", "1 360", "2 610"]]
    rows = {(o.nationality, o.period_start[:4]): o for o in extract(doc).observations}
    assert (rows[("ER", "2023")].value, rows[("ER", "2023")].metric) == (1240, "asylum_first_applications")
    assert text[rows[("SY", "2022")].char_start:rows[("SY", "2022")].char_end] == "9 950"
    ambiguous = document_from_text(text.replace("850 1 240", "850 100 240"), "2023-12")   # 850 | 100 240 or 850 100 | 240
    assert not [t for t in find_tables(ambiguous) if any("Eritrees" in c.text for r in t.rows for c in r)]


def test_pipe_lines_without_their_rule_line_are_a_table():
    """"Jaar | Eerste asielverzoeken | Nareizigers" over "2015 | 43 090 | 4 890" without a |---| line: the
    run of pipe lines of one width is a table (each cell its own row, 4 890 a nareizigers count), not prose."""
    text = ("Asielzoekers en nareizigers, 2015-2016\nJaar | Eerste asielverzoeken | Nareizigers\n2015 | 43 090 | 4 890\n"
            "2016 | 18 170 | 13 390\n")
    doc = document_from_text(text, "2016-12")
    (table,) = find_tables(doc)
    assert [[c.text for c in r] for r in table.rows][1] == ["2015", "43 090", "4 890"]
    rows = {o.value: o for o in extract(doc).observations}
    assert (rows[4890].metric, rows[4890].period_start) == ("family_reunification_arrivals", "2015-01-01")
    assert (rows[18170].metric, rows[18170].period_end) == ("asylum_first_applications", "2016-12-31")
    two = document_from_text("Syrië | 2 405\nTurkije | 1 010\n", "2023-03")      # two lines: too short a run
    assert find_tables(two) == []
