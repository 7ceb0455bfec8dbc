"""What changed between two extraction tables: rows added, removed, changed.

Rows are matched on their key (metric, nationality, category, period) — the same figure in two runs
of a document, or in two editions of a report. Where several rows share a key, the same label, then
the nearest span, break the tie; rows without a core metric are matched only on the same label.
A matched pair is `changed` when its value, unit, qualifier, period kind, label or rule differ (the
fields that changed are listed); a row that only moved in the text (span, page, quote) is unchanged.

Inputs (`read_side`): an extraction table (CSV or Parquet), a git revision of one ("HEAD~1:extracted/x.csv"),
or a document, which is extracted first. Works on plain dicts; pandas only for Parquet and
`diff_table`, so `migstat diff` on two tables starts fast.
"""
from __future__ import annotations

import csv
import io
import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..keys import KEY_FIELDS, describe_key, field, number, row_key
from ..names import is_extraction_table
from ..paths import project_dir
from ..values import value_text as _fmt
from ..store import TABLE_SUFFIXES
from .findings import findings_by_row
import pandas as pd
import sys

# a difference in these makes a matched pair `changed`
COMPARED = ("value", "unit", "qualifier", "period_kind", "label", "rule_id")
# listed when the pair changed anyway (spans and quotes are in old_span/new_span and the rows)
ALSO_SHOWN = ("page",)
DIFF_COLUMNS = ("status", "metric", "nationality", "category", "period_start", "period_end", "label", "unit",
                "old_value", "new_value", "changed_fields", "old_span", "new_span", "findings")


class DiffInputError(ValueError):
    """An input the diff cannot read: one line naming it and why."""


@dataclass(frozen=True)
class DiffRow:
    status: str                 # added | removed | changed
    metric: str
    nationality: str
    category: str
    period_start: str
    period_end: str
    label: str
    unit: str
    old_value: float | None
    new_value: float | None
    changed_fields: tuple[str, ...]
    old: dict | None            # the whole old row (None when added)
    new: dict | None            # the whole new row (None when removed)
    findings: tuple[str, ...] = ()   # "severity: check: message" of the findings on this number

    @property
    def row(self) -> dict:
        return self.new if self.new is not None else self.old

    def flat(self) -> dict:
        span = lambda r: "" if r is None else f"{field(r, 'char_start')}-{field(r, 'char_end')}"   # noqa: E731
        return {"status": self.status, "metric": self.metric, "nationality": self.nationality,
                "category": self.category, "period_start": self.period_start, "period_end": self.period_end,
                "label": self.label, "unit": self.unit, "old_value": self.old_value, "new_value": self.new_value,
                "changed_fields": " ".join(self.changed_fields), "old_span": span(self.old),
                "new_span": span(self.new), "findings": " | ".join(self.findings)}


# ---- matching ------------------------------------------------------------------------------

def _same(a, b, f: str) -> bool:
    if f == "value":
        x, y = number(field(a, f, None)), number(field(b, f, None))
        return x == y or (x is not None and y is not None and abs(x - y) <= 1e-9)
    return str(field(a, f)) == str(field(b, f))


def _start(r) -> int:
    try:
        return int(field(r, "char_start", -1))
    except (TypeError, ValueError):
        return -1


def _pairs(old: list[dict], new: list[dict]) -> tuple[list[tuple[dict, dict]], list[dict], list[dict]]:
    """Match rows of one key: same label and span, then same label (nearest span), then (core rows
    only) whatever is left, in text order."""
    pairs, old_left, new_left = [], list(old), list(new)

    def take(pred, nearest: bool):
        nonlocal old_left
        for n in list(new_left):
            cands = [o for o in old_left if pred(o, n)]
            if not cands:
                continue
            o = min(cands, key=lambda c: abs(_start(c) - _start(n))) if nearest else cands[0]
            pairs.append((o, n))
            old_left = [x for x in old_left if x is not o]
            new_left.remove(n)

    take(lambda o, n: _same(o, n, "label") and _start(o) == _start(n), False)
    take(lambda o, n: _same(o, n, "label"), True)
    if new_left and old_left and field(new_left[0], "metric"):
        old_left.sort(key=_start)
        new_left.sort(key=_start)
        k = min(len(old_left), len(new_left))
        pairs.extend(zip(old_left[:k], new_left[:k]))
        old_left, new_left = old_left[k:], new_left[k:]
    return pairs, old_left, new_left


def diff_frames(old, new, findings=None) -> list[DiffRow]:
    """Rows of `new` against rows of `old` (DataFrames or lists of dicts). `findings`: findings rows
    (DataFrame or dicts) to attach to the numbers they touch. Ordered as the new table reads, removed
    rows after."""
    old_rows, new_rows = _records(old), _records(new)
    groups: dict[tuple, tuple[list, list]] = {}
    for r in old_rows:
        groups.setdefault(_group(r), ([], []))[0].append(r)
    for r in new_rows:
        groups.setdefault(_group(r), ([], []))[1].append(r)
    findings = None if findings is None else _records(findings)
    about = _finding_texts(old_rows, findings) | _finding_texts(new_rows, findings)
    out = []
    for o_rows, n_rows in groups.values():
        pairs, removed, added = _pairs(o_rows, n_rows)
        for o, n in pairs:
            differ = tuple(f for f in COMPARED if not _same(o, n, f))
            if differ:
                shown = differ + tuple(f for f in ALSO_SHOWN if not _same(o, n, f))
                out.append(_row("changed", o, n, shown, about))
        out.extend(_row("removed", o, None, (), about) for o in removed)
        out.extend(_row("added", None, n, (), about) for n in added)
    order = {id(r): i for i, r in enumerate(new_rows)}
    old_order = {id(r): i for i, r in enumerate(old_rows)}
    out.sort(key=lambda d: (d.new is None, order.get(id(d.new), 0) if d.new is not None else old_order.get(id(d.old), 0)))
    return out


def _group(r) -> tuple:
    k = row_key(r) + (str(field(r, "unit")),)
    return k if k[0] else k + (str(field(r, "label")),)   # no core metric: the label is part of the key


def _row(status: str, o, n, fields: tuple, about: dict) -> DiffRow:
    r = n if n is not None else o
    return DiffRow(status, *row_key(r), str(field(r, "label")), str(field(r, "unit")),
                   None if o is None else number(field(o, "value", None)),
                   None if n is None else number(field(n, "value", None)), fields, o, n,
                   about.get(id(r), ()))


def _finding_texts(rows: list[dict], findings) -> dict[int, tuple[str, ...]]:
    """{id(row): "severity: check: message" of each finding about it} (pipeline.publish.findings)."""
    if findings is None:
        return {}
    return {id(r): tuple(f"{field(f, 'severity')}: {field(f, 'check')}: {field(f, 'message')}" for f in found)
            for r, found in zip(rows, findings_by_row(rows, findings)) if found}


def _records(t) -> list[dict]:
    if t is None:
        return []
    if isinstance(t, list):
        return t
    return t.to_dict(orient="records")


def counts(rows: list[DiffRow]) -> dict[str, int]:
    return {s: sum(1 for r in rows if r.status == s) for s in ("added", "removed", "changed")}


def count_line(rows: list[DiffRow]) -> str:
    c = counts(rows)
    return f"{c['added']} added, {c['removed']} removed, {c['changed']} changed"


def diff_table(rows: list[DiffRow]):
    return pd.DataFrame([r.flat() for r in rows], columns=list(DIFF_COLUMNS))


# ---- reading either side ------------------------------------------------------------------

def read_side(spec: str, edition: str | None = None, extract=None) -> tuple[list[dict], str]:
    """(rows, description) of an extraction table, a git revision of one, or a document (`extract`:
    the caller's function giving a document's rows, (path, edition) -> list of dicts; diff itself
    reads tables only)."""
    p = Path(spec)
    if p.exists():
        if p.suffix.lower() in TABLE_SUFFIXES:
            return read_rows(p), spec
        if extract is None:
            raise DiffInputError(f"{spec}: a document, not a table (extract it first)")
        return extract(p, edition), f"{spec} (extracted now)"   # any other file: a document, read by ingest
    if ":" in spec:
        rev, _, path = spec.partition(":")
        return parse_rows(git_show(rev, path), path, spec), spec
    raise DiffInputError(f"{spec}: no such file, and not a git revision REV:path")


def read_rows(path: str | Path) -> list[dict]:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise DiffInputError(f"{path}: cannot be read ({e.strerror or e})") from None
    return parse_rows(data, path.name, str(path))


def parse_rows(data: bytes, name: str, shown: str) -> list[dict]:
    if name.endswith(".parquet"):
        try:
            return pd.read_parquet(io.BytesIO(data)).to_dict(orient="records")
        except Exception as e:  # pyarrow raises several kinds
            raise DiffInputError(f"{shown}: not a Parquet table ({type(e).__name__})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DiffInputError(f"{shown}: not a UTF-8 CSV table") from None
    rows = list(csv.DictReader(io.StringIO(text)))
    if rows and not {"value", *KEY_FIELDS} <= set(rows[0]):
        raise DiffInputError(f"{shown}: not an extraction table (no {', '.join(('value',) + KEY_FIELDS)} columns)")
    return rows


def git_show(rev: str, path: str, cwd: Path | None = None) -> bytes:
    """The bytes of `path` (relative to the repository root) at git revision `rev` (the repository of
    `cwd`, by default the project folder)."""
    cwd = cwd or project_dir()
    try:
        r = subprocess.run(["git", "show", f"{rev}:{path}"], capture_output=True, cwd=cwd, timeout=60)
    except (OSError, subprocess.SubprocessError) as e:
        raise DiffInputError(f"{rev}:{path}: git failed ({e})") from None
    if r.returncode != 0:
        msg = " ".join(r.stderr.decode("utf-8", "replace").split()) or "git show failed"
        raise DiffInputError(f"{rev}:{path}: {msg}")
    return r.stdout


def git_files(rev: str, folder: str, cwd: Path | None = None) -> list[str]:
    """Paths of the extraction tables in `folder` at revision `rev`."""
    cwd = cwd or project_dir()
    r = subprocess.run(["git", "ls-tree", "--name-only", f"{rev}:{folder}"], capture_output=True, cwd=cwd, timeout=60)
    if r.returncode != 0:
        msg = " ".join(r.stderr.decode("utf-8", "replace").split()) or "git ls-tree failed"
        raise DiffInputError(f"{rev}:{folder}: {msg}")
    return [f"{folder}/{n}" for n in r.stdout.decode().split("\n") if is_extraction_table(n)]


# ---- editions -------------------------------------------------------------------------------

def report_family(source: str) -> str:
    """The report a document is an edition of, from its file name without dates and numbers:
    'raw/ind-asielinstroom-2020-01.txt' and 'ind_asielinstroom_2020-02.txt' -> 'ind-asielinstroom'."""
    name = Path(str(source)).name.split(".")[0].lower().replace("_", "-")
    return re.sub(r"-{2,}", "-", re.sub(r"\d+", "-", name)).strip("-")


def previous_edition(doc_frame, all_frames: dict) -> str | None:
    """The source (key of `all_frames`) of the previous edition of this document's report: of the
    tables of the same report (report_family) with an earlier edition, the latest (the one sharing
    most core keys when two are of one edition); None when there is none — another report that
    happens to share a few figures is not an edition of this one."""
    rows = _records(doc_frame)
    if not rows:
        return None
    edition = str(field(rows[0], "edition"))
    me = str(field(rows[0], "source"))
    family = report_family(me)
    keys = {row_key(r) for r in rows if field(r, "metric")}
    best, best_score = None, ("", -1)
    for src, frame in all_frames.items():
        other = _records(frame)
        if src == me or not other or str(field(other[0], "doc_id")) == str(field(rows[0], "doc_id")):
            continue
        ed = str(field(other[0], "edition"))
        if ed >= edition or report_family(str(field(other[0], "source")) or src) != family:
            continue
        score = (ed, len(keys & {row_key(r) for r in other if field(r, "metric")}))
        if score > best_score:
            best, best_score = src, score
    return best


# ---- output ---------------------------------------------------------------------------------

def render(rows: list[DiffRow], fmt: str = "table", title: str = "") -> str:
    """csv | json | markdown as text; `table` is printed by print_table."""
    if fmt == "json":
        return json.dumps([r.flat() for r in rows], ensure_ascii=False, indent=1) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=list(DIFF_COLUMNS), lineterminator="\n")
        w.writeheader()
        for r in rows:
            flat = r.flat()
            flat["old_value"], flat["new_value"] = _fmt(r.old_value), _fmt(r.new_value)
            w.writerow(flat)
        return buf.getvalue()
    if fmt == "markdown":
        head = ["status", "key", "label", "old", "new", "changed", "findings"]
        lines = ([f"**{title}**: {count_line(rows)}", ""] if title else []) + [
            "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        for r in rows:
            cells = [r.status, describe_key(r.row), str(field(r.row, "label")), _fmt(r.old_value),
                     _fmt(r.new_value), " ".join(r.changed_fields), "; ".join(r.findings)]
            lines.append("| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in cells) + " |")
        return "\n".join(lines) + "\n"
    raise DiffInputError(f"unknown format {fmt!r} (table, csv, json or markdown)")


def render_sections(rows: list[tuple[str, DiffRow]], fmt: str) -> str:
    """csv | json of the rows of several comparisons, each row naming its comparison (`tables`)."""
    flat = []
    for title, r in rows:
        f = {"tables": title, **r.flat()}
        if fmt == "csv":
            f["old_value"], f["new_value"] = _fmt(r.old_value), _fmt(r.new_value)
        flat.append(f)
    if fmt == "json":
        return json.dumps(flat, ensure_ascii=False, indent=1) + "\n"
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=["tables", *DIFF_COLUMNS], lineterminator="\n")
    w.writeheader()
    w.writerows(flat)
    return buf.getvalue()


def print_table(rows: list[DiffRow], title: str, file=None) -> None:

    from rich.console import Console     # start-up: rich, only to print a table
    from rich.table import Table     # start-up: rich, only to print a table
    out = file or sys.stdout
    console = Console(file=out, soft_wrap=False, width=None if out.isatty() else 160)
    t = Table(title=f"{title}: {count_line(rows)}", title_justify="left", show_lines=False)
    for h, kw in (("", {}), ("metric", {}), ("nat.", {}), ("category", {}), ("period", {"no_wrap": True}),
                  ("label", {"max_width": 36}), ("old", {"justify": "right"}), ("new", {"justify": "right"}),
                  ("changed", {}), ("findings", {"max_width": 50})):
        t.add_column(h, overflow="fold", **kw)
    style = {"added": "green", "removed": "red", "changed": "yellow"}
    for r in rows:
        per = r.period_start[:7] if r.period_start[:7] == r.period_end[:7] else f"{r.period_start[:7]}..{r.period_end[:7]}"
        t.add_row(f"[{style[r.status]}]{r.status}[/]", r.metric or "-", r.nationality or "-", r.category or "-", per,
                  r.label, _fmt(r.old_value), _fmt(r.new_value), " ".join(r.changed_fields),
                  "; ".join(f[:120] for f in r.findings))
    console.print(t)
