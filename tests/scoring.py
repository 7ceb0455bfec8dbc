"""Gold files (tests/gold/<stem>.csv): hand-checked expected observations, and scoring against them.

A gold row names its figure by `as_written` inside `context`, a verbatim piece of one line of the
source file; char_start/char_end in the stored text are derived from that, so a gold file stays
readable and reviewable while the tests still check exact spans.
"""
from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from pipeline.model import Document

KEY_FIELDS = ("metric", "nationality", "category", "period_start", "period_end", "value", "unit")


@dataclass(frozen=True)
class GoldRow:
    metric: str
    label: str
    nationality: str
    category: str
    period_start: str
    period_end: str
    period_kind: str
    value: float
    unit: str
    qualifier: str
    as_written: str
    context: str
    char_start: int
    char_end: int
    table: str = ""         # table gold: the caption reference ("Figuur 51")

    def key(self) -> tuple:
        return tuple(getattr(self, f) for f in KEY_FIELDS)


def _raw_to_clean(doc: Document, raw_pos: int) -> int:
    offs = doc.raw_offsets
    if offs is None:
        return raw_pos
    return offs.position(raw_pos)


def load_gold(gold_path: Path, source_path: Path, doc: Document | None = None) -> list[GoldRow]:
    raw = source_path.read_text(encoding="utf-8").replace("\r\n", "\n")
    rows = []
    with open(gold_path, encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            ctx, written = r["context"], r["as_written"]
            if "\t" in ctx:
                # a table row: the context is the row's line from its start up to and including the
                # cell; `occurrence` picks among identical line starts
                c = _line_start(raw, ctx, int(r.get("occurrence") or 1))
                k = len(ctx) - len(written) if ctx.endswith(written) else -1
            else:
                c = raw.find(ctx)
                k = ctx.find(written)
            if c < 0:
                raise ValueError(f"{gold_path.name}: context not found: {ctx!r}")
            if k < 0:
                raise ValueError(f"{gold_path.name}: {written!r} not in context {ctx!r}")
            rs, re_ = c + k, c + k + len(r["as_written"])
            if doc is not None:
                s, e = _raw_to_clean(doc, rs), _raw_to_clean(doc, re_ - 1) + 1
            else:
                s, e = rs, re_
            rows.append(GoldRow(
                r["metric"], r["label"], r["nationality"], r["category"], r["period_start"],
                r["period_end"], r["period_kind"], float(r["value"]), r["unit"], r["qualifier"],
                r["as_written"], r["context"], s, e, r.get("table", "") or ""))
    return rows


def _line_start(raw: str, context: str, occurrence: int) -> int:
    pos, seen = -1, 0
    while seen < occurrence:
        pos = raw.find(context, pos + 1)
        if pos < 0:
            return -1
        if pos == 0 or raw[pos - 1] == "\n":
            seen += 1
    return pos


def gold_files(gold_dir: Path, stem: str) -> list[Path]:
    """A document's gold: <stem>.csv (prose) and, when there is one, <stem>.tables.csv (table cells)."""
    return [p for p in (gold_dir / f"{stem}.csv", gold_dir / f"{stem}.tables.csv") if p.exists()]


def load_gold_set(gold_dir: Path, stem: str, source_path: Path, doc: Document | None = None) -> list[GoldRow]:
    return [g for p in gold_files(gold_dir, stem) for g in load_gold(p, source_path, doc)]


@dataclass(frozen=True)
class Score:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def obs_key(o) -> tuple:
    return tuple(round(float(getattr(o, f)), 2) if f == "value" else (getattr(o, f) or "") for f in KEY_FIELDS)


def gold_key(g: GoldRow) -> tuple:
    return tuple(round(float(getattr(g, f)), 2) if f == "value" else (getattr(g, f) or "") for f in KEY_FIELDS)


def score(observations, gold: list[GoldRow], core_only: bool = True) -> tuple[Score, list, list]:
    """Full-row multiset match on metric, nationality, category, period, value, unit.
    Returns the score, the unmatched observations (false positives) and unmatched gold rows."""
    obs = [o for o in observations if o.metric or not core_only]
    gl = [g for g in gold if g.metric or not core_only]
    pool: dict[tuple, list] = {}
    for g in gl:
        pool.setdefault(gold_key(g), []).append(g)
    fps = []
    tp = 0
    for o in obs:
        lst = pool.get(obs_key(o))
        if lst:
            lst.pop(0)
            tp += 1
        else:
            fps.append(o)
    fns = [g for lst in pool.values() for g in lst]
    return Score(tp, len(fps), len(fns)), fps, fns


# ---- key-matched gold (tests/dev2: rows without spans, matched as multisets) --------------------

def core_metrics() -> set[str]:
    """The core metric ids: the metric vocabulary table of spec/observations.md."""
    spec = Path(__file__).resolve().parents[1] / "spec" / "observations.md"
    section = spec.read_text(encoding="utf-8").split("## Metric vocabulary", 1)[1].split("\n## ", 1)[0]
    ids = set()
    for line in section.splitlines():
        cells = [c.strip() for c in line.split("|")]
        if len(cells) > 2 and cells[1] and cells[1] != "metric" and not cells[1].startswith("-"):
            ids.add(cells[1])
    return ids


def _norm_value(v) -> str:
    try:
        return f"{round(float(v), 2):g}"
    except (TypeError, ValueError):
        return str(v).strip()


def core_key(r: dict) -> tuple:
    """metric, nationality, category, period_start, period_end, value, unit — normalised as
    score.py (the measuring script kept outside the repository) does (the way the project's figures are measured)."""
    g = lambda k: str(r.get(k, "") or "").strip()  # noqa: E731
    return (g("metric"), g("nationality").upper(), g("category"), g("period_start")[:10], g("period_end")[:10],
            _norm_value(r.get("value", "")), g("unit"))


def fact_key(r: dict) -> tuple:
    k = core_key(r)
    return (k[1], k[3], k[4], k[5], k[6])


def key_match(gold: list[dict], got: list[dict], key) -> tuple[int, int, int, Counter, Counter]:
    """(true positives, extracted, gold, missed, extra) of a multiset match on `key`."""
    g = Counter(key(r) for r in gold)
    e = Counter(key(r) for r in got)
    return sum((g & e).values()), sum(e.values()), sum(g.values()), g - e, e - g


def load_key_gold(gold_dir: Path) -> list[tuple[str, str, list[dict]]]:
    """(file, edition, gold rows) for every document of a key-matched gold folder (index.csv)."""
    return [(f, ed, rows) for f, ed, _, rows in load_key_gold_kinds(gold_dir)]


def load_key_gold_kinds(gold_dir: Path) -> list[tuple[str, str, str, list[dict]]]:
    """(file, edition, kind of report, gold rows) for every document of a key-matched gold folder; the
    kind from index.csv's `kind` column, else from the file's name as score.py names it."""
    out = []
    with open(gold_dir / "index.csv", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            stem = Path(r["file"]).stem
            with open(gold_dir / f"{stem}.csv", encoding="utf-8", newline="") as g:
                out.append((r["file"], r["edition"], r.get("kind") or kind_of(r["file"]), list(csv.DictReader(g))))
    return out


def kind_of(name: str) -> str:
    """The kind of report a file is, from its name (as score.py, the measuring script, tells them)."""
    import re
    if "_en_" in name and "asiel_en_migratie" not in name:
        return "english"
    if re.match(r"(ind_asielinstroom_\d{4}-\d\d|ind_asieltrends_\d{4}-\d\d|emn_asieltrends_\d{4}-\d\d)", name):
        return "ind_monthly"
    if name.startswith("cbs"):
        return "cbs"
    if name.startswith(("kamer", "vragen")):
        return "parliament"
    if name.startswith("ind_"):
        return "ind_other"
    if name.startswith(("rijksoverheid", "jenv", "ketenpartners")):
        return "jenv_news"
    return "dtv_coa_emn"


def score_folder(folder: Path) -> dict[str, tuple[str, tuple[int, int, int, Counter, Counter]]]:
    """Every document of a key-matched gold folder (docs/, gold/) extracted and core-matched:
    file -> (kind, key_match(...))."""
    from pipeline.run.api import extract_document
    core = core_metrics()
    out = {}
    for file, edition, kind, gold in load_key_gold_kinds(folder / "gold"):
        _, res = extract_document(folder / "docs" / file, edition)
        got = [o.as_row() for o in res.observations]
        out[file] = (kind, key_match([g for g in gold if g["metric"] in core], [r for r in got if r["metric"] in core], core_key))
    return out


def floors_not_held(scored: dict, floors: dict[str, tuple[float, float]]) -> dict:
    """The (precision, recall) floors, in total and per kind with at least 20 core gold rows, that the
    scored documents fall below: {name: (got, floor)}."""
    from collections import defaultdict

    def pr(c: Counter) -> tuple[float, float]:
        return (c["tp"] / c["ne"] if c["ne"] else 1.0, c["tp"] / c["ng"] if c["ng"] else 1.0)
    tot, kinds = Counter(), defaultdict(Counter)
    for kind, (tp, ne, ng, _, _) in scored.values():
        tot.update(tp=tp, ne=ne, ng=ng)
        kinds[kind].update(tp=tp, ne=ne, ng=ng)
    got = {"total": pr(tot)} | {k: pr(c) for k, c in kinds.items() if c["ng"] >= 20}
    return {k: (got.get(k), floor) for k, floor in floors.items()
            if got.get(k) is None or got[k][0] < floor[0] or got[k][1] < floor[1]}
