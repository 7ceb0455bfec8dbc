"""Every rule the code can name has an entry with examples in rules/.

- rules/numbers.yaml `passed_over`: the numbers that are no statistic, each passed over by a named
  rule (its id on the Skipped record, its words the reason coverage reports); every example's
  [marked] number is passed over by exactly that rule.
- The registry: every rule id the code can write into a row's rule_id or explanation (string
  literals in pipeline/, the ids its templates make, and those in the published tables) is an entry
  of a rule file — a metric or table rule, an attachment construction, or rules/attachment.yaml
  `rule_ids` — and each entry has examples. A new id without one fails here.
"""
import ast
import csv
import re
from pathlib import Path

import pytest

from pipeline.extraction import extract
from pipeline.extraction.table_find import find_tables
from pipeline.extraction.tables import table_observations
from pipeline.ingest import document_from_text
from pipeline.language.numbers import find_numbers
from pipeline.rules import load

ROOT = Path(__file__).resolve().parents[1]
PASSED_OVER = load("numbers")["passed_over"]


def _marked(text):
    m = re.search(r"\[([^\]]+)\]", text)
    return text[:m.start()] + m.group(1) + text[m.end():], m.start(), m.start() + len(m.group(1))


@pytest.mark.parametrize("rule_id,text", [(r, x) for r, rule in PASSED_OVER.items() for x in rule["examples"]])
def test_passed_over_examples(rule_id, text):
    plain, s, e = _marked(text)
    hits, skipped = find_numbers(plain, 0, [])
    assert not [h for h in hits if h.start == s], f"{plain!r}: the marked number is taken as a figure"
    at = [k for k in skipped if (k.start, k.end) == (s, e)]
    assert [k.rule_id for k in at] == [rule_id], (plain, skipped)
    assert at[0].reason == PASSED_OVER[rule_id]["says"]


def test_every_passed_over_rule_is_used_by_the_code_and_has_examples():
    code = (ROOT / "pipeline" / "language" / "numbers.py").read_text(encoding="utf-8")
    named = set(re.findall(r'"(passed_over\.[a-z_]+)"', code))
    assert named == set(PASSED_OVER)
    assert all(rule["examples"] and rule["says"] for rule in PASSED_OVER.values())


# ---- the registry -----------------------------------------------------------------------------------

ID = re.compile(r"(?:period|population|nationality|category|number|tables|metrics)\.[a-z_]*[a-z]")
ATTACH, METRICS, TABLES, REGISTRY = load("attachment"), load("metrics"), load("tables"), load("rule_ids")["rule_ids"]
METRIC_RULES = METRICS["rules"] + METRICS.get("derived", [])
# the ids the code makes from a template, and what fills it
TEMPLATES = {
    "period.nearest_": [f"period.nearest_{d}" for d in ATTACH["modifiers"]["period"]["directions"]],
    "population.": [f"population.{d}" for d in ATTACH["modifiers"]["population"]["directions"]],
    "metrics.": [f"metrics.{r['id']}" for r in METRIC_RULES],
    "tables.": [f"tables.{r['id']}" for r in TABLES["metrics"]],
}


def _code_ids() -> tuple[set[str], set[str]]:
    """(the ids written as literals in pipeline/, the constant starts of the f-strings that make one)."""
    literals, templates = set(), set()
    for path in (ROOT / "pipeline").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and ID.fullmatch(node.value) \
                    and not node.value.endswith(("yaml", "csv", "json")):
                literals.add(node.value)
            elif isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant) \
                    and re.fullmatch(r"(?:period|population|nationality|category|number|tables|metrics)\.[a-z_]*",
                                     str(node.values[0].value)):
                templates.add(node.values[0].value)
    return literals, templates


def _published_ids() -> set[str]:
    """The ids in the rows of the tables published from raw/ (extracted/)."""
    out = set()
    for path in (ROOT / "extracted").glob("*.csv"):
        with open(path, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                if "rule_id" in row and "explanation" in row:
                    out.add(row["rule_id"])
                    out.update(ID.findall(row["explanation"]))
    return out


def _table_example_rules() -> set[str]:
    out = set()
    for ex in TABLES["examples"]:
        doc = document_from_text(ex["text"], ex["edition"], fmt=ex.get("fmt", "md"))
        for table in find_tables(doc):
            out |= {o.rule_id for o in table_observations(doc, table)[0]}
    return out


def _with_examples() -> set[str]:
    """Every id that is an entry of a rule file with examples."""
    ids = {f"metrics.{r['id']}" for r in METRIC_RULES if r.get("examples")}
    ids |= {f"tables.{r['id']}" for r in TABLES["metrics"]} & _table_example_rules()
    ids |= {c["id"] for c in ATTACH["constructions"] if c.get("examples")}
    ids |= {i for i, entry in REGISTRY.items() if entry.get("examples") and entry.get("says")}
    return ids


def test_every_template_of_an_id_is_known():
    _, templates = _code_ids()
    assert templates <= set(TEMPLATES), f"an id made from an unknown template: {templates - set(TEMPLATES)}"


def test_every_id_the_code_can_write_has_an_entry_with_examples():
    literals, templates = _code_ids()
    can_write = literals | {i for t in templates for i in TEMPLATES[t]} | _published_ids()
    missing = sorted(can_write - _with_examples())
    assert not missing, f"rule ids without an entry and examples in rules/: {missing}"


def test_registry_entries_are_not_rules_of_other_files():
    others = {f"metrics.{r['id']}" for r in METRIC_RULES} | {f"tables.{r['id']}" for r in TABLES["metrics"]} | \
             {c["id"] for c in ATTACH["constructions"]}
    assert not set(REGISTRY) & others
    literals, templates = _code_ids()
    can_write = literals | {i for t in templates for i in TEMPLATES[t]}
    assert set(REGISTRY) <= can_write, f"entries the code never writes: {set(REGISTRY) - can_write}"


@pytest.mark.parametrize("rule_id,text", [(i, x) for i, entry in REGISTRY.items() for x in entry["examples"]])
def test_registry_examples(rule_id, text):
    plain, s, _ = _marked(text)
    rows = [o for o in extract(document_from_text(plain, "2023-05")).observations if o.char_start == s]
    assert rows, f"no row for the marked number in {plain!r}"
    named = {o.rule_id for o in rows} | {i for o in rows for i in ID.findall(o.explanation)}
    assert rule_id in named, [(o.rule_id, o.explanation) for o in rows]
