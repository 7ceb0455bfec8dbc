"""What every rule-file schema is made of: a record that refuses unknown keys, written as a class of
annotated fields like a pydantic model, and the field types the files use (a regular expression
compiled when validated, a text with its [marked] number, an edition, a country code ...).

The records are turned into pydantic-core schemas directly (`validator`), not into pydantic models:
extract reads ten rule files at start-up, and their fifty-odd records as models cost ~60 ms to define
and build, as core schemas ~2 ms (validation itself is the same pydantic-core code either way).
Strict: YAML already gives each value its type, and the code reads the parsed file itself (not a
validated copy), so a value must already be what the code reads — a quoted "5" is not a count.
"""
import datetime
import functools
import re
import types
from typing import Annotated, Literal, Union, get_args, get_origin, get_type_hints

from pydantic_core import SchemaValidator, core_schema as cs

from ..rules import spaced


class Record:
    """A mapping of a rule file. Its keys are the annotated fields, no others; a field with a value
    here (its default) may be left out. `check(r)`, when defined, checks the whole validated mapping
    `r` (a dict): raise ValueError, or At to name one of its values."""


class At(ValueError):
    """A check of a whole record about one of its values: `path` (keys and indexes from the record)
    says which, so the refusal names that value's line and field."""

    def __init__(self, path: tuple, reason: str):
        super().__init__(reason)
        self.path, self.reason = path, reason


class Len:
    """At least `min` (and at most `max`) characters or entries."""
    def __init__(self, min: int = 1, max: int | None = None):
        self.min, self.max = min, max


class Range:
    def __init__(self, ge=None, gt=None, le=None):
        self.bounds = {k: v for k, v in (("ge", ge), ("gt", gt), ("le", le)) if v is not None}


class Match:
    """A text that matches this (Rust) regex."""
    def __init__(self, pattern: str):
        self.pattern = pattern


class Then:
    """A check of the value after its type: `fn(value)` returns it or raises ValueError."""
    def __init__(self, fn):
        self.fn = fn


_LEAVES = {str: cs.str_schema, int: cs.int_schema, float: cs.float_schema, bool: cs.bool_schema,
           datetime.date: cs.date_schema}


def core(tp) -> dict:
    """The pydantic-core schema of an annotation (a Record, str, int, float, bool, date, list[X],
    dict[K, V], X | Y, Literal[...], Annotated[X, Len | Range | Match | Then ...], dict)."""
    origin, args = get_origin(tp), get_args(tp)
    if isinstance(tp, type) and issubclass(tp, Record):
        return _record(tp)
    if tp in _LEAVES:
        return _LEAVES[tp](strict=True)
    if tp is type(None):
        return cs.none_schema()
    if tp is dict:
        return cs.dict_schema()
    if origin is Annotated:
        schema = core(args[0])
        for meta in args[1:]:
            if isinstance(meta, Len):
                _constrain(schema, {"min_length": meta.min, **({"max_length": meta.max} if meta.max is not None else {})})
            elif isinstance(meta, Range):
                _constrain(schema, meta.bounds)
            elif isinstance(meta, Match):
                _constrain(schema, {"pattern": meta.pattern})
            elif isinstance(meta, Then):
                schema = cs.no_info_after_validator_function(meta.fn, schema)
        return schema
    if origin is list:
        return cs.list_schema(core(args[0]))
    if origin is dict:
        return cs.dict_schema(core(args[0]), core(args[1]))
    if origin is Literal:
        return cs.literal_schema(list(args))
    if origin in (Union, types.UnionType):
        choices = [a for a in args if a is not type(None)]
        schema = core(choices[0]) if len(choices) == 1 else cs.union_schema([core(a) for a in choices])
        return cs.nullable_schema(schema) if len(choices) < len(args) else schema
    raise TypeError(f"no schema for {tp!r}")


def _constrain(schema: dict, constraints: dict) -> None:
    """Put the constraints on the schema's own type (on each member of a union: int | float)."""
    if schema["type"] == "union":
        for choice in schema["choices"]:
            _constrain(choice, constraints)
    elif schema["type"] in ("nullable", "function-after"):
        _constrain(schema["schema"], constraints)
    else:
        schema.update(constraints)


def _record(record: type) -> dict:
    hints = get_type_hints(record, include_extras=True)
    fields = {name: cs.typed_dict_field(core(tp), required=not hasattr(record, name))
              for name, tp in hints.items()}
    schema = cs.typed_dict_schema(fields, extra_behavior="forbid", strict=True)
    check = getattr(record, "check", None)
    return cs.no_info_after_validator_function(lambda r: check(r) or r, schema) if check else schema


@functools.lru_cache(maxsize=None)
def validator(record: type) -> SchemaValidator:
    return SchemaValidator(_record(record))


# ---- the field types -----------------------------------------------------------------------------

def _compiled(pattern: str, code_form: str | None = None) -> re.Pattern:
    """The pattern compiled as the code compiles it (`code_form`: spaced, for the rules whose spaces
    match any white space), so the code finds it in re's cache; a broken one is refused with the
    reason re gives on the file's own text."""
    try:
        return re.compile(pattern if code_form is None else code_form)
    except re.error as e:
        if code_form is not None:
            _compiled(pattern)
        raise ValueError(f"not a valid regular expression ({e})") from None


def _regex(pattern: str) -> str:
    _compiled(pattern)
    return pattern


def _spaced_regex(pattern: str) -> str:
    _compiled(pattern, spaced(pattern))
    return pattern


def regex_with(*groups: str):
    """A regex that must have the named groups the code reads."""
    def check(pattern: str) -> str:
        missing = [g for g in groups if g not in _compiled(pattern).groupindex]
        if missing:
            raise ValueError("the regex needs the named group(s) " + ", ".join(f"(?P<{g}>...)" for g in missing))
        return pattern
    return Annotated[str, Then(check)]


def _marked(text: str) -> str:
    if not re.search(r"\[[^\]]+\]", text):
        raise ValueError("an example needs its [marked] number")
    return text


Regex = Annotated[str, Then(_regex)]                  # a regular expression, compiled when validated
SpacedRegex = Annotated[str, Then(_spaced_regex)]     # ... whose spaces match any white space (rules.spaced)
SpacedRegexes = SpacedRegex | Annotated[list[SpacedRegex], Len(1)]   # one, or a list that must all match
Marked = Annotated[str, Then(_marked)]                # a text with its [marked] number
Text = Annotated[str, Len(1)]
Texts = Annotated[list[Text], Len(1)]                 # at least one (examples, patterns, phrases)
Id = Annotated[str, Match(r"^[a-z][a-z0-9_]*$")]
Edition = Annotated[str, Match(r"^\d{4}-(?:0[1-9]|1[0-2])$")]
Day = Annotated[str, Match(r"^\d{4}-\d{2}-\d{2}$")]
Country = Annotated[str, Match(r"^(?:[A-Z]{2}|STATELESS|UNKNOWN|OTHER)$")]
Unit = Literal["count", "percent", "weeks", "months", "days", "eur"]
Share = Annotated[float, Range(ge=0, le=1)]
Positive = Annotated[int, Range(gt=0)]


class MarkedText(Record):
    """An example or negative given as {text: "... [N] ..."}."""
    text: Marked


def unique(items) -> None:
    """At naming the first id given twice; `items` are (path, id) pairs."""
    seen = set()
    for path, x in items:
        if x in seen:
            raise At(path, f"{x!r} given twice")
        seen.add(x)
