"""Load the YAML rule files in rules/ once per process (they are data; the code never hard-codes them)."""
from __future__ import annotations

import functools
from pathlib import Path

import yaml

from .paths import RULES_DIR  # noqa: E402  (the checkout's rules/, or the package's)
from .errors import RuleFileError

try:  # the C loader is ~10x faster; fall back where libyaml is missing
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader


@functools.lru_cache(maxsize=None)
def load(name: str) -> dict:
    """Parsed contents of rules/<name>.yaml, checked against its schema (pipeline/rule_schemas) the
    first time it is read in a process: a file that does not fit raises RuleFileError, one line
    'rules/<name>.yaml:<line>: <field>: <what is wrong>'."""
    file = f"rules/{name}.yaml"
    try:
        text = (RULES_DIR / f"{name}.yaml").read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RuleFileError(f"{file}:1: file not found (in {RULES_DIR})") from None
    except (OSError, UnicodeDecodeError) as e:
        raise RuleFileError(f"{file}:1: cannot be read ({e})") from None
    try:
        data = yaml.load(text, Loader=_Loader) or {}
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        raise RuleFileError(f"{file}:{mark.line + 1 if mark else 1}: not valid YAML "
                            f"({' '.join(str(getattr(e, 'problem', None) or e).split())})") from None
    from .rule_schemas import check     # start-up: the schemas (pydantic-core) only when a file is loaded
    check(name, data, text, file)
    return data


def line_of(name: str, path: tuple, text: str | None = None) -> int | None:
    """The line (1-based) in rules/<name>.yaml (or in `text`) where the value at `path` (mapping keys
    and list indexes) stands; None when it is not there (a missing field: the line of its parent)."""
    if text is None:
        text = (RULES_DIR / f"{name}.yaml").read_text(encoding="utf-8")
    node, line = yaml.compose(text, Loader=yaml.SafeLoader), 1
    for step in path:
        if isinstance(node, yaml.MappingNode):
            hit = next(((k, v) for k, v in node.value if k.value == str(step)), None)
            if hit is None:
                return line
            line, node = hit[0].start_mark.line + 1, hit[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            node = node.value[step]
            line = node.start_mark.line + 1
        else:
            return line
    return line


def spaced(pattern: str) -> str:
    """A rule pattern with each literal space made to match any run of white space, line breaks
    included: PDF-extracted text breaks lines anywhere ("criminele\nvreemdelingen"). Spaces inside
    character classes and look-behinds (which must keep a fixed width) stay as they are."""
    out, in_class, i = [], False, 0
    stack: list[bool] = []   # for each open group: is it a look-behind?
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            stack.append(pattern.startswith("(?<=", i) or pattern.startswith("(?<!", i))
        elif ch == ")" and stack:
            stack.pop()
        keep = in_class or any(stack)
        out.append(r"\s+" if ch == " " and not keep else ch)
        i += 1
    return "".join(out)
