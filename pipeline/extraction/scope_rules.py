"""The scopes of rules/attachment.yaml `modifiers` as checked records, in the manner of medspaCy's
ConTextRule: a rule checks its directions, maximum scope and terminators when it is built, and a file
that names an unknown direction or terminator, or leaves a direction without its scope, is refused
with one line naming the file, the line and the field — never read as something else (an unknown
direction used to mean "after", an unknown terminator was ignored).
"""
from __future__ import annotations

import functools
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ..errors import RuleFileError
from ..rules import line_of, load

Stop = Literal["NUMBER", "PUNCT", "CLAUSE", "BRACKET", "CLAUSE_WORD"]
# the directions the code of extraction/*_attachment.py looks in, per modifier type (a Recognizers-Text
# style table: a direction not listed is not supported there)
SUPPORTED = {"period": ("before", "after"), "population": ("rate", "share_base", "head", "before", "after")}


class ScopeRule(BaseModel):
    """How far a modifier is looked for in one direction: at most `max` tokens, and not past `stop`."""
    model_config = ConfigDict(frozen=True, extra="forbid")
    max: int = Field(gt=0)
    stop: tuple[Stop, ...] = ()


class ModifierScopes(BaseModel):
    """A modifier type's directions, tried in order, each with its scope."""
    model_config = ConfigDict(frozen=True, extra="forbid")
    kind: str
    directions: tuple[str, ...] = Field(min_length=1)
    scopes: dict[str, ScopeRule]

    @model_validator(mode="after")
    def _directions_have_scopes(self):
        supported = SUPPORTED.get(self.kind)
        if supported is None:
            raise ValueError(f"unknown modifier type (supported: {', '.join(SUPPORTED)})")
        for d in self.directions:
            if d not in supported:
                raise ValueError(f"directions: {d!r} is not a direction of {self.kind} "
                                 f"(supported: {', '.join(supported)})")
            if d not in self.scopes:
                raise ValueError(f"directions: {d!r} has no scope ({d}: {{max: N, stop: [...]}})")
        extra = set(self.scopes) - set(self.directions)
        if extra:
            raise ValueError(f"{', '.join(sorted(extra))}: a scope for a direction not in `directions`")
        return self

    def scope(self, direction: str) -> ScopeRule:
        return self.scopes[direction]


def _refused(err: dict, path: tuple, file: str, text: str | None) -> RuleFileError:
    loc = [x for x in err["loc"] if x not in ("scopes", "kind")]
    path = (*path, *loc)
    where = ".".join(str(x) for x in path)
    msg = err["msg"].removeprefix("Value error, ")
    # a check of the whole modifier names the field it is about first ("directions: ...")
    field = msg.split(":", 1)[0] if not loc and msg.startswith("directions:") else None
    line = line_of("attachment", path + ((field,) if field else ()), text)
    return RuleFileError(f"{file}:{line}: {where}: {msg}")


def named_scopes_from(data: dict, file: str = "rules/attachment.yaml", text: str | None = None) -> dict[str, ScopeRule]:
    """{name: ScopeRule} of the `named_scopes` section (the scopes of named constructions)."""
    out = {}
    for name, spec in (data.get("named_scopes") or {}).items():
        try:
            out[name] = ScopeRule(**spec) if isinstance(spec, dict) else ScopeRule.model_validate(spec)
        except ValidationError as e:
            raise _refused(e.errors()[0], ("named_scopes", name), file, text) from None
    return out


def scopes_from(data: dict, file: str = "rules/attachment.yaml", text: str | None = None) -> dict[str, ModifierScopes]:
    """{modifier type: ModifierScopes} of the `modifiers` section of an attachment rule file (parsed as
    `data`; `text`, the file's text, for line numbers), or RuleFileError."""
    out = {}
    for kind, spec in (data.get("modifiers") or {}).items():
        spec = spec if isinstance(spec, dict) else {}
        try:
            out[kind] = ModifierScopes(kind=kind, directions=spec.get("directions") or (),
                                       scopes={k: v for k, v in spec.items() if k != "directions"})
        except ValidationError as e:
            raise _refused(e.errors()[0], ("modifiers", kind), file, text) from None
    return out


@functools.lru_cache(maxsize=1)
def scopes() -> dict[str, ModifierScopes]:
    """The checked scopes of rules/attachment.yaml."""
    return scopes_from(load("attachment"))


@functools.lru_cache(maxsize=1)
def named_scopes() -> dict[str, ScopeRule]:
    """The checked named scopes of rules/attachment.yaml."""
    return named_scopes_from(load("attachment"))
