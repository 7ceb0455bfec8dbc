"""dev2: 21 real texts with gold rows by a separate annotator (tests/dev2, see its README), matched
on the key as multisets exactly as score.py (the measuring script kept outside the repository) matches (that script is how the project is
measured). Targets of issue 8: core precision >= 0.98, recall >= 0.95."""
from collections import Counter

import pytest

from conftest import ROOT
from pipeline.run.api import extract_document
from scoring import core_key, core_metrics, fact_key, key_match, load_key_gold

# the module's fixture extracts all 21 texts of tests/dev2: its tests in one xdist worker (make test-fast)
pytestmark = pytest.mark.xdist_group("dev2")

DEV2 = ROOT / "tests" / "dev2"
CASES = load_key_gold(DEV2 / "gold")
CORE = core_metrics()


def _rows(file, edition):
    _, res = extract_document(DEV2 / "docs" / file, edition)
    return [o.as_row() for o in res.observations]


@pytest.fixture(scope="module")
def scored():
    out = {}
    for file, edition, gold in CASES:
        got = _rows(file, edition)
        out[file] = (key_match([g for g in gold if g["metric"] in CORE], [r for r in got if r["metric"] in CORE], core_key),
                     key_match(gold, got, fact_key))
    return out


def test_core_figures_meet_the_targets(scored):
    tot = Counter()
    for (tp, ne, ng, _, _), _f in scored.values():
        tot.update(tp=tp, ne=ne, ng=ng)
    p, r = tot["tp"] / tot["ne"], tot["tp"] / tot["ng"]
    misses = {f: (dict(m), dict(x)) for f, ((_, _, _, m, x), _) in scored.items() if m or x}
    assert p >= 0.98 and r >= 0.95, (p, r, misses)


@pytest.mark.parametrize("file", [c[0] for c in CASES])
def test_no_document_has_many_wrong_core_rows(scored, file):
    """Per document: at most one core row wrong (extra) — a number with the wrong month or population
    is what this issue set out to end."""
    (tp, ne, ng, missed, extra), _ = scored[file]
    assert sum(extra.values()) <= 1, dict(extra)


def test_documents_without_statistics_give_no_core_rows(scored):
    for file, edition, gold in CASES:
        if not gold:
            (tp, ne, ng, _, extra), _ = scored[file]
            assert ne == 0, (file, dict(extra))
