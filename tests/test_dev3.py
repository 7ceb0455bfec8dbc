"""dev3: 43 real texts of every kind of report (tests/dev3, see its README), gold rows by separate
annotators, matched on the key as multisets exactly as score.py (the measuring script kept outside the
repository) matches. A third of each kind (tests/dev3/heldout.txt) was set aside before the rest was
read and scored only at the end of issue 14's first pass (built on 0.992/0.994, held out 0.825/0.803:
the estimate for unseen documents). A second pass then read the held-out third's errors for general
constructions (docs/conventions.md, "issue 14, second pass"); its held-out figure is no longer unseen.
`make bench` prints both parts.

Issue 14's targets are core P >= 0.98 and R >= 0.95 in total and >= 0.95 / 0.90 for every kind with at
least 20 gold rows. The floors below are what the extractor reaches now (see the issue's note): a change
that makes any of them worse fails here, one that makes them better should raise them."""
from collections import defaultdict

import pytest

from conftest import ROOT
from scoring import core_metrics, floors_not_held, load_key_gold_kinds, score_folder

# the module's fixture extracts all 43 texts of tests/dev3: its tests in one xdist worker (make test-fast)
pytestmark = pytest.mark.xdist_group("dev3")

DEV3 = ROOT / "tests" / "dev3"
CASES = load_key_gold_kinds(DEV3 / "gold")
CORE = core_metrics()
HELD_OUT = set((DEV3 / "heldout.txt").read_text().split())

# (precision, recall) floors: in total, and per kind with at least 20 core gold rows
FLOORS = {"total": (0.98, 0.985), "cbs": (0.98, 0.98), "ind_monthly": (0.99, 0.98), "ind_other": (0.89, 1.0),
          "jenv_news": (1.0, 1.0)}


@pytest.fixture(scope="module")
def scored():
    return score_folder(DEV3)


def test_core_figures_hold_their_floors(scored):
    worse = floors_not_held(scored, FLOORS)
    assert not worse, worse


def test_documents_without_core_statistics_give_no_core_rows(scored):
    """Kamerbrieven, answers about other subjects: nothing invented. (The documents built on; the held-out
    third is measured by `make bench` as an unseen set would be, not fitted to.)"""
    for file, edition, kind, gold in CASES:
        if file not in HELD_OUT and not any(g["metric"] in CORE for g in gold):
            _, (tp, ne, ng, _, extra) = scored[file]
            assert ne == 0, (file, dict(extra))


def test_held_out_third_is_a_third_of_each_kind():
    by_kind = defaultdict(list)
    for file, _, kind, _ in CASES:
        by_kind[kind].append(file in HELD_OUT)
    assert HELD_OUT <= {c[0] for c in CASES}
    for kind, flags in by_kind.items():
        assert sum(flags) == round(len(flags) / 3), (kind, sum(flags), len(flags))


def _gold_editions():
    import csv
    for d in (ROOT / "tests" / "dev2", DEV3):
        for r in csv.DictReader(open(d / "gold" / "index.csv", encoding="utf-8")):
            yield d / "docs" / r["file"], r["edition"]


def test_edition_inferred_from_the_text_and_its_name():
    """Without --edition (a scheduled run) the edition comes from the title, the latest dated month, or
    the file name's date for yearless dates ("de week van 19 tot en met 25 oktober" in a page named
    ..._2015-10-26): 48 of the 64 dev texts get the annotators' edition (39 before), none a year the
    text never names."""
    from pipeline.ingest import read_document
    got = {p.name: (read_document(p).edition, ed) for p, ed in _gold_editions()}
    assert sum(a == b for a, b in got.values()) >= 48, [(k, v) for k, v in got.items() if v[0] != v[1]]
    assert got["rijksoverheid_weekcijfers_2015-10-26_mirror.txt"][0] == "2015-10"
    assert got["ind_asieltrends_2017-07_nieuws.txt"][0] == "2017-07"        # yearless months, the name's month
    assert got["dtenv_instroom_vertrekcijfers_2018-2023-10.txt"][0] == "2023-10"
    assert not [k for k, (a, _) in got.items() if a < "2009"]
