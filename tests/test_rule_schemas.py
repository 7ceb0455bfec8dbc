"""Every rule file is checked against its schema when it is loaded (pipeline/rule_schemas): the shipped
files fit, and a broken copy is refused with one line 'rules/<file>.yaml:<line>: <field>: <what is
wrong>' — by pipeline.rules.load, and by the command line with exit 2 and no traceback."""
import shutil
import subprocess
import sys

import pytest
import yaml

from conftest import ROOT
from pipeline import rules
from pipeline.errors import RuleFileError
from pipeline.rule_schemas import SCHEMAS, check
from pipeline.rule_schemas.known_values import read_rows

RULE_FILES = sorted(p.name.removesuffix(".yaml") for p in (ROOT / "rules").glob("*.yaml"))


@pytest.mark.parametrize("name", RULE_FILES)
def test_every_rule_file_has_a_schema_and_fits_it(name):
    text = (ROOT / "rules" / f"{name}.yaml").read_text(encoding="utf-8")
    assert name in SCHEMAS
    check(name, yaml.safe_load(text), text)


@pytest.mark.parametrize("name", [n for n in RULE_FILES if n != "sources"])   # sources: pipeline/fetch/config.py
def test_load_still_returns_the_parsed_file(name):
    fresh = rules.load.__wrapped__(name)      # not the cached dict, which some readers add to (validate._cfg)
    assert fresh == yaml.safe_load((ROOT / "rules" / f"{name}.yaml").read_text(encoding="utf-8"))


def test_the_known_values_fit():
    rows = read_rows(ROOT / "rules" / "known_values.csv")
    assert rows and all(r["metric"] and float(r["value"]) for r in rows)


def test_a_file_is_checked_once_per_process(monkeypatch):
    import pipeline.rule_schemas as schemas
    calls = []
    monkeypatch.setattr(schemas, "check", lambda name, *a: calls.append(name))
    rules.load.cache_clear()
    try:
        rules.load("cues"), rules.load("cues")
    finally:
        rules.load.cache_clear()
    assert calls == ["cues"]


# ---- broken copies in a temporary rules/ -----------------------------------------------------------

@pytest.fixture
def rules_dir(tmp_path, monkeypatch):
    """A copy of rules/ that pipeline.rules reads, with a fresh load cache (cleared again after)."""
    shutil.copytree(ROOT / "rules", tmp_path / "rules")
    monkeypatch.setattr(rules, "RULES_DIR", tmp_path / "rules")
    rules.load.cache_clear()
    yield tmp_path / "rules"
    rules.load.cache_clear()


def _break(folder, file: str, old: str, new: str) -> int:
    """Replace `old` (once in the file) by `new`; the line of the first line of `new` that is not blank
    (of `old` when `new` is empty)."""
    path = folder / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    first = next((line for line in new.splitlines() if line.strip()), "")
    return text[:text.index(old)].count("\n") + new[:new.index(first)].count("\n") + 1


def _refusal(name: str) -> str:
    with pytest.raises(RuleFileError) as e:
        rules.load(name)
    return str(e.value)


def _index(items: list, key: str, value: str) -> int:
    return [x[key] for x in items].index(value)


# a metric rule (named by its id; its index in `rules` is part of the field path) broken in one way
METRIC_RULE_CASES = [
    ("an unknown key", "departures_supervised_share", "    unless: '(?i)IOM|NGO'\n", "    unles: '(?i)IOM|NGO'\n",
     "unles: unknown key"),
    ("a missing required field (the line of its entry)", "departures_total",
     "  - id: departures_total\n    metric: departures\n", "  - id: departures_total\n", "metric: required, missing"),
    ("an invalid regex", "dublin_rejections", "    after: '(?i)dublin'\n", "    after: '(?i)dub(lin'\n",
     "after: not a valid regular expression (missing ), unterminated subpattern at position 7)"),
    ("an example without its [marked] number", "first_applications",
     "      - text: \"Het totaal aantal eerste asielaanvragen bedroeg [273].\"",
     "      - text: \"Het totaal aantal eerste asielaanvragen bedroeg 273.\"",
     "examples.0.text: an example needs its [marked] number"),
    ("a metric that is no core metric", "permit_holders", "    metric: asylum_permit_holders\n",
     "    metric: asylum_permit_holder\n", "metric: 'asylum_permit_holder' is not a core metric (no entry in `labels`)"),
]


@pytest.mark.parametrize("what, rule_id, old, new, said", METRIC_RULE_CASES, ids=[c[0] for c in METRIC_RULE_CASES])
def test_a_broken_metric_rule_is_refused_naming_line_and_field(rules_dir, what, rule_id, old, new, said):
    line = _break(rules_dir, "metrics.yaml", old, new)
    i = _index(yaml.safe_load((ROOT / "rules/metrics.yaml").read_text())["rules"], "id", rule_id)
    assert _refusal("metrics") == f"rules/metrics.yaml:{line}: rules.{i}.{said}"


# (what, file, old, new, field: what is wrong, lines from the change to the line named: an entry
# that lost a key is named by its own line)
FILE_CASES = [
    ("a wrong type, not read as text", "checks", "  tens_share: 0.8 ", "  tens_share: '0.8' ",
     "rounding.tens_share: Input should be a valid number", 0),
    ("an invalid regex in a list names its item", "tables", "    columns: ['(?i)herplaatsing', '(?i)hervestiging']",
     "    columns: ['(?i)herplaatsing', '(?i)hervestiging[']",
     "total_includes.0.columns.1: not a valid regular expression (unterminated character set at position 16)", 0),
    ("a regex without the group the code reads", "tables", "caption: '^(?P<ref>", "caption: '^(?P<reference>",
     "caption: the regex needs the named group(s) (?P<ref>...)", 0),
    ("a rule id without examples", "rule_ids", "    examples: [\"In spoor 4 werd [76%] afgedaan.\"]\n", "",
     "rule_ids.category.before.examples: required, missing", -2),
    ("a passed-over rule with no examples", "numbers", "    examples: [\"Asielinstroom [5] keer hoger dan vorig jaar.\"]",
     "    examples: []", "passed_over.passed_over.times.examples: needs at least one entry", 0),
    ("a parent that is no population", "populations", "    parent: departures\n    core: false",
     "    parent: departure\n    core: false",
     "populations.departures_from_detention.parent: 'departure' is not a population of this file", 0),
    ("a month out of range", "periods", "  jun: 6\n", "  jun: 16\n", "months.jun: Input should be less than or equal to 12", 0),
    ("a category id whose {0} names no group", "categories", "    pattern: '(?i)\\bspoor\\s+([1-5])\\b'",
     "    pattern: '(?i)\\bspoor\\s+[1-5]\\b'", "categories.14.category: {0} names no group of the pattern (it has 0)", -1),
    ("a country code in lower case", "countries.babel", "  Zweden: SE\n", "  Zweden: se\n",
     "countries.Zweden: String should match pattern '^[A-Z]{2}$'", 0),
]


@pytest.mark.parametrize("what, name, old, new, said, offset", FILE_CASES, ids=[c[0] for c in FILE_CASES])
def test_a_broken_rule_file_is_refused_naming_line_and_field(rules_dir, what, name, old, new, said, offset):
    line = _break(rules_dir, f"{name}.yaml", old, new)
    assert _refusal(name) == f"rules/{name}.yaml:{line + offset}: {said}"


def test_a_construction_without_examples_is_refused(rules_dir):
    old = ("    examples:\n      - {text: \"Dat is hoger dan in 2021, toen was het [24.686].\", edition: \"2022-12\", "
           "expect: {period: \"2021-01-01..2021-12-31\"}}\n")
    line = _break(rules_dir, "attachment.yaml", old, "")
    i = _index(yaml.safe_load((ROOT / "rules/attachment.yaml").read_text())["constructions"], "id", "period.toen")
    assert _refusal("attachment") == f"rules/attachment.yaml:{line - 2}: constructions.{i}.examples: required, missing"


def test_broken_yaml_is_one_line_too(rules_dir):
    line = _break(rules_dir, "cues.yaml", "    negatives: [\"de respectieve landen\"]", "    negatives: [\"de respectieve landen\"")
    msg = _refusal("cues")
    assert msg.startswith("rules/cues.yaml:") and "not valid YAML" in msg and "\n" not in msg
    assert int(msg.split(":")[1]) >= line


# ---- rules/known_values.csv --------------------------------------------------------------------------

@pytest.mark.parametrize("old, new, message", [
    ("asylum_first_applications,,,2022", "asylum_first_aplications,,,2022",
     "metric: 'asylum_first_aplications' is not a core metric (rules/metrics.yaml labels)"),
    ("2022-01-01,2022-12-31,year,35535", "2022-01-01,2022-13-31,year,35535", "period_end: '2022-13-31' is not a date (YYYY-MM-DD)"),
    ("year,35535,count", "year,35.5x,count", "value: '35.5x' is not a number"),
    ("year,35535,count", "year,35535,persons", "unit: 'persons' is not one of count, percent, weeks, months, days, eur"),
])
def test_a_known_value_that_cannot_be_read_names_its_line(rules_dir, old, new, message):
    line = _break(rules_dir, "known_values.csv", old, new)
    with pytest.raises(RuleFileError) as e:
        read_rows(rules_dir / "known_values.csv")
    assert str(e.value) == f"rules/known_values.csv:{line}: {message}"


def test_a_known_values_header_with_an_unknown_column_is_refused(rules_dir):
    line = _break(rules_dir, "known_values.csv", "metric,nationality,", "metric,nationalty,")
    with pytest.raises(RuleFileError) as e:
        read_rows(rules_dir / "known_values.csv")
    assert str(e.value).startswith(f"rules/known_values.csv:{line}: nationalty: unknown column")


# ---- the command line ------------------------------------------------------------------------------

def test_the_command_line_refuses_a_broken_rule_file_on_one_line(tmp_path):
    shutil.copytree(ROOT / "rules", tmp_path / "rules")
    line = _break(tmp_path / "rules", "metrics.yaml", "    unless: '(?i)IOM|NGO'\n", "    unles: '(?i)IOM|NGO'\n")
    code = ("import sys; from pathlib import Path; import pipeline.rules as r; r.RULES_DIR = Path(sys.argv[1]); "
            "from pipeline.cli import main; sys.exit(main(['extract', sys.argv[2]]))")
    run = subprocess.run([sys.executable, "-c", code, str(tmp_path / "rules"), str(ROOT / "raw/ind-asielinstroom-2020-01.txt")],
                         capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr and len(run.stderr.strip().splitlines()) == 1, run.stderr
    assert run.stderr.startswith(f"error: rules/metrics.yaml:{line}: rules.") and run.stderr.strip().endswith(".unles: unknown key")
    assert run.stdout == ""
