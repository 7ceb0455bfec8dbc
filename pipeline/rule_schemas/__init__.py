"""The schemas of the rule files (rules/*.yaml): one record per file, in the manner of medspaCy's
ConTextRule — what the file may hold (its keys, no others), which keys are required, the types as the
files use them, every regular expression compiled, and the examples each kind of rule carries —
validated by pydantic-core (base.py says why records, not pydantic models). `pipeline.rules.load`
checks a file against its schema the first time it is read; a file that does not fit is refused with
one line, RuleFileError 'rules/<file>.yaml:<line>: <field path>: <what is wrong>', never read as
something else.

The records of a file live in the module that `SCHEMAS` names, imported only when that file is read.
rules/attachment.yaml `modifiers` and `named_scopes` are mappings here: their scopes are checked
records of extraction/scope_rules.py, which knows the directions the code looks in. A sources file is
checked by pipeline/fetch/config.py (it may be another file than rules/sources.yaml); the rows of
rules/known_values.csv by `known_values.read_rows`, where they are read.
"""
from pydantic_core import ValidationError

from ..errors import RuleFileError
from ..rules import line_of
from .base import At, validator
import importlib

# rule file -> "module:record" (modules of this package)
SCHEMAS = {
    "attachment": "extraction:AttachmentFile", "metrics": "extraction:MetricsFile",
    "rule_ids": "extraction:RuleIdsFile", "tables": "tables:TablesFile", "checks": "checks:ChecksFile",
    "categories": "language:CategoriesFile", "countries.babel": "language:CountriesFile",
    "cues": "language:CuesFile", "nationalities": "language:NationalitiesFile",
    "numbers": "language:NumbersFile", "periods": "language:PeriodsFile",
    "populations": "language:PopulationsFile", "sources": "sources:SourcesFile",
}


def schema(name: str) -> type:
    """The record of rules/<name>.yaml."""
    module, record = SCHEMAS[name].split(":")
    return getattr(importlib.import_module(f"{__name__}.{module}"), record)


def check(name: str, data, text: str | None = None, file: str | None = None) -> None:
    """Check the parsed rules/<name>.yaml (`text`: the file's text, for line numbers) against its
    schema; RuleFileError with one line naming the file, the line, the field and what is wrong. A file
    without a schema is refused: every rule file has one."""
    file = file or f"rules/{name}.yaml"
    if name not in SCHEMAS:
        raise RuleFileError(f"{file}:1: (file): no schema for this rule file (pipeline/rule_schemas has "
                            f"{', '.join(SCHEMAS)})")
    if not isinstance(data, dict):
        raise RuleFileError(f"{file}:1: (top level): must be a mapping of keys (it is a {type(data).__name__})")
    try:
        validator(schema(name)).validate_python(data)
    except ValidationError as e:
        # of the errors of a union's members, the one that reached deepest into the file says most
        errs = e.errors()
        err = max(errs, key=lambda x: len(_path(x, data)[0]))
        raise refused(err, data, name, file, text) from None


_SAID = {"missing": "required, missing", "extra_forbidden": "unknown key",
         "too_short": "needs at least one entry"}


def _path(err: dict, data) -> tuple[list, Exception | None]:
    """The keys and indexes of the file that pydantic's error `err` is about: its loc followed through
    the data (the tags pydantic adds for the members of a union are not keys of the file), and the path
    a whole-record check (At) names."""
    loc, exc = list(err["loc"]), (err.get("ctx") or {}).get("error")
    if isinstance(exc, At):
        loc += list(exc.path)
    path, node = [], data
    for i, step in enumerate(loc):
        if isinstance(node, dict) and step in node:
            node = node[step]
        elif isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
            node = node[step]
        elif isinstance(exc, At) or i == len(loc) - 1 and err["type"] in ("missing", "extra_forbidden"):
            node = None      # a missing key (its parent's line), or a value named by a whole-record check
        else:
            continue
        path.append(step)
    return path, exc


def refused(err: dict, data, name: str, file: str, text: str | None) -> RuleFileError:
    """The one-line RuleFileError for pydantic's error `err` on `data`."""
    path, exc = _path(err, data)
    if isinstance(exc, At):
        msg = exc.reason
    elif err["type"] == "too_short" and err.get("input") in ([], {}, ""):
        msg = _SAID["too_short"]
    else:
        msg = _SAID.get(err["type"]) or err["msg"].removeprefix("Value error, ")
    line = line_of(name, tuple(path), text)
    where = ".".join(str(x) for x in path) or "(top level)"
    return RuleFileError(f"{file}:{line}: {where}: {' '.join(msg.split())}")
