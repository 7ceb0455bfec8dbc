"""`make bench`: accuracy against the gold files, speed and memory. Prints figures; asserts nothing.

Targets (issue 2): core-metric rows precision >= 0.98 and recall >= 0.95; the 122-page rendered
Staat van Migratie PDF read and its prose extracted in < 2 s; all of raw/ in < 5 s beyond Prefect's
own start-up; `extract` on one monthly report < 2 s wall with Python start; peak memory < 500 MB.
"""
from __future__ import annotations

import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from conftest import GOLD_SOURCES, TWINS  # noqa: E402
from pipeline.api import extract_document  # noqa: E402
from pipeline.batch import expand_paths, process_document  # noqa: E402
from pipeline.gold import load_gold, score  # noqa: E402


def accuracy() -> None:
    print("== accuracy against tests/gold (full-row match: metric, nationality, category, period, value, unit)")
    print(f"{'document':46s} {'core P':>7s} {'core R':>7s} {'all P':>7s} {'all R':>7s}  gold rows")
    tot = {True: [0, 0, 0], False: [0, 0, 0]}
    for stem, src in list(GOLD_SOURCES.items()) + [(f"{s} (PDF twin)", p) for s, p in TWINS.items()]:
        base = stem.split(" ")[0]
        doc, res = extract_document(src)
        gold = load_gold(ROOT / "tests/gold" / f"{base}.csv", GOLD_SOURCES[base], None)
        out = []
        for core in (True, False):
            sc, _, _ = score(res.observations, gold, core_only=core)
            if not (base == "staat-van-migratie-2024" and not core):
                for i, v in enumerate((sc.tp, sc.fp, sc.fn)):
                    tot[core][i] += v
            out += [sc.precision, sc.recall]
        note = "  (gold: core rows of prose only)" if base == "staat-van-migratie-2024" else ""
        print(f"{stem:46s} {out[0]:7.3f} {out[1]:7.3f} {out[2]:7.3f} {out[3]:7.3f}  {len(gold)}{note}")
    for core in (True, False):
        tp, fp, fn = tot[core]
        print(f"{'TOTAL ' + ('core-metric rows' if core else 'all rows (annual report excluded)'):46s} "
              f"P={tp / max(1, tp + fp):.3f} R={tp / max(1, tp + fn):.3f} (tp {tp}, fp {fp}, fn {fn})")


def speed() -> None:
    print("\n== speed")
    pdf = TWINS["staat-van-migratie-2024"]
    best = min(_timed(lambda: extract_document(pdf)) for _ in range(3))
    doc, res = extract_document(pdf)
    print(f"staat-van-migratie-2024.rendered.pdf: {len(doc.page_starts)} pages read + prose extracted in {best:.2f} s "
          f"({len(doc.page_starts) / best:.0f} pages/s, {len(res.observations)} rows)  [target < 2 s]")
    paths = expand_paths([ROOT / "raw"])
    t0 = time.perf_counter()
    results = [process_document(p) for p in paths]
    el = time.perf_counter() - t0
    pages = sum(r.pages for r in results)
    print(f"raw/: {len(paths)} documents, {pages} pages in {el:.2f} s ({len(paths) / el:.1f} docs/s, {pages / el:.0f} pages/s) "
          f"in-process, without Prefect  [target < 5 s beyond Prefect start-up]")
    for r in results:
        print(f"   {Path(r.path).name:58s} {r.seconds:6.3f} s {r.pages:4d} p {r.rows:5d} rows {'' if r.ok else r.error}")
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pipeline", "extract", "raw/kerncijfers-2023-01.rendered.pdf", "--out",
                    "/dev/null"], cwd=ROOT, check=True, capture_output=True)
    print(f"`python -m pipeline extract raw/kerncijfers-2023-01.rendered.pdf`: {time.perf_counter() - t0:.2f} s wall, "
          f"Python start included  [target < 2 s]")


def memory() -> None:
    code = ("import resource,sys; sys.path.insert(0,'.');"
            "from pipeline.batch import expand_paths, process_document, write_outputs;"
            "import tempfile;"
            "r=[process_document(p) for p in expand_paths(['raw'])]; write_outputs(r, tempfile.mkdtemp());"
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True, text=True).stdout
    print(f"\n== memory\npeak RSS processing all of raw/ and writing the tables: {int(out.strip()) / 1024:.0f} MB  [target < 500 MB]")


def _timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


if __name__ == "__main__":
    accuracy()
    speed()
    memory()
