"""The published table: one row per figure across every edition in extracted/.

`extracted/series.csv` (and `.parquet`) hold one row per key (metric, nationality, category,
period_start, period_end) of the core metrics: the value of the latest edition that reports it
(`value_extracted`), where it came from (source, doc_id, page, span, quote, rule), every edition that
reported it and its value (`editions`, the revision history; `revised` when they differ), the worst
finding on that number (`finding_status`) and the review decision. `value_published` is the
reviewer's correction where there is one, else the extracted value; a rejected extraction gives way
to the latest edition that was not rejected (empty when there is none).
"""
from __future__ import annotations

from pathlib import Path

from ..keys import KEY_FIELDS, field, number, row_key
from ..names import is_extraction_table
from ..paths import project_dir
from ..values import value_text as _fmt
from .decisions import decisions_path as _decisions_file, load_decisions
from .matching import current_decisions, state_of, unmatched_line
from .findings import findings_by_row, read_findings
from ..store import read_table
import csv
from ..store import write_table
import pandas as pd

SERIES_COLUMNS = (
    *KEY_FIELDS, "period_kind", "unit", "value_published", "value_extracted", "edition", "source", "doc_id", "page",
    "char_start", "char_end", "quote", "rule_id", "editions", "n_editions", "revised", "finding_status", "findings",
    "review_status", "review_value", "reviewed_by", "reviewed_at", "review_note", "decision_id", "published_from",
)
_SEVERITY = {"error": 3, "warning": 2, "info": 1}


def extraction_tables(extracted_dir: Path) -> list[Path]:
    return sorted(p for p in Path(extracted_dir).glob("*.csv") if is_extraction_table(p.name))


def _key_rows(extracted_dir: Path, keys: frozenset):
    """The rows of observations.parquet whose key and unit are among `keys`, grouped by source in
    source order (a run has just written the Parquet from every table: see build_series)."""

    every = read_table(extracted_dir / "observations.parquet")
    cols = [*KEY_FIELDS, "unit"]
    if every.empty or not keys:
        return
    every = every[every["metric"].isin({k[0] for k in keys})]        # a cheap cut first
    mine = every[pd.MultiIndex.from_frame(every[cols].astype(str)).isin(list(keys))]
    groups: dict[str, list[dict]] = {}
    for r in mine.to_dict(orient="records"):
        groups.setdefault(r["source"], []).append(r)
    for source in sorted(groups):
        yield source, groups[source]


def _table_records(extracted_dir: Path, combined: bool):
    """(table, its rows as records) for every extraction table with rows, in table-name order. With
    `combined` (a run that has just written observations.parquet from these very tables), the rows
    come from the Parquet, grouped by source, when its sources are exactly the tables' (one read
    instead of one per table); else from each table."""
    tables = extraction_tables(extracted_dir)
    if combined and (extracted_dir / "observations.parquet").is_file():
        first: dict[Path, str] = {}
        for p in tables:
            with open(p, encoding="utf-8", newline="") as fh:
                row = next(csv.DictReader(fh), None)
            if row is not None and "doc_id" in row:
                first[p] = row.get("source", "")
        every = read_table(extracted_dir / "observations.parquet")
        groups: dict[str, list[dict]] = {}
        for r in every.to_dict(orient="records"):
            groups.setdefault(r["source"], []).append(r)
        if sorted(first.values()) == sorted(groups) and len(set(first.values())) == len(first):
            for p in tables:
                if p in first:
                    yield p, groups[first[p]]
            return
    for p in tables:
        f = read_table(p)
        if "doc_id" in f.columns and not f.empty:
            yield p, f.to_dict(orient="records")


def figure_of(row) -> tuple:
    """The figure a row reports, one row of the series: its key and unit."""
    return row_key(row) + (row["unit"],)


def edition_order(row) -> tuple:
    """Where a row stands among the editions of its figure: by edition, then source."""
    return (row["edition"], row["source"])


def first_rows(rows: list) -> dict[tuple, int]:
    """{(doc_id, figure_of): index in `rows`} of the rows with a metric: per document the first row of
    a figure (in text order) stands for it."""
    firsts: dict[tuple, int] = {}
    for i, r in enumerate(rows):
        if not field(r, "metric"):
            continue
        k = (r["doc_id"], figure_of(r))
        if k not in firsts or int(r["char_start"]) < int(rows[firsts[k]]["char_start"]):
            firsts[k] = i
    return firsts


def value_published(chain: list[tuple]) -> tuple[float | None, object]:
    """(the value a figure publishes, the row it comes from) of `chain`: (row, its review state
    (decisions.state_of)) of each edition that reports the figure, in edition_order, the figure's own
    row last. A correction is published; a rejected row gives way to the latest edition before it that
    was not rejected (its correction, else its value), (None, None) when there is none; else the
    row's value. The series and the review app both publish this way."""
    row, st = chain[-1]
    if st["review_status"] == "rejected":
        ok = [(r, s) for r, s in chain if s["review_status"] != "rejected"]
        if not ok:
            return None, None
        row, st = ok[-1]
    if st["review_status"] == "corrected":
        return st["review_value"], row
    return number(row["value"]), row


def build_series(extracted_dir: str | Path | None = None, decisions_path: str | Path | None = None,
                 findings_path: str | Path | None = None, combined: bool = False, keys: frozenset | None = None,
                 findings: list[dict] | None = None):
    """The series table as a DataFrame (see the module's docstring). `combined`: see _table_records.
    `keys` (key fields and unit, with `combined`): the rows of these keys only (update_series).
    `findings`: the rows of findings.csv as just written (else read)."""

    extracted_dir = Path(extracted_dir or project_dir() / "extracted")
    if findings is None:
        findings = read_findings(Path(findings_path) if findings_path else extracted_dir / "findings.csv")
    by_doc: dict[str, list[dict]] = {}    # a table is matched against its own documents' findings only
    for fd in findings:                   # (not every finding of the folder for every table: quadratic)
        by_doc.setdefault(str(fd.get("doc_id", "")), []).append(fd)
    rows: list[dict] = []
    found: list[list[dict]] = []      # the findings about each row (pipeline.publish.findings)
    tables = _table_records(extracted_dir, combined) if keys is None else _key_rows(extracted_dir, keys)
    sources = set()                   # every document's, for the decisions of a renamed one (matching)
    for _, records in tables:
        sources.update(str(r.get("source", "")) for r in records)
        mine = [fd for d in dict.fromkeys(str(r.get("doc_id", "")) for r in records) for fd in by_doc.get(d, [])]
        for r, fs in zip(records, findings_by_row(records, mine)):
            if r.get("metric"):
                rows.append(r)
                found.append(fs)
    if keys is not None:
        sources = {s for s, _ in folder_documents(extracted_dir)}
    applied = current_decisions(rows, load_decisions(_decisions_file(decisions_path)), sources)
    by_key: dict[tuple, list[int]] = {}
    for (_, key), i in first_rows(rows).items():
        by_key.setdefault(key, []).append(i)
    out = []
    for key, idx in by_key.items():
        idx.sort(key=lambda i: edition_order(rows[i]))
        latest = rows[idx[-1]]
        states = {i: state_of(rows[i], applied.get(i)) for i in idx}
        st = states[idx[-1]]
        pub, published_from = value_published([(rows[i], states[i]) for i in idx])
        values = [number(rows[i]["value"]) for i in idx]
        about = found[idx[-1]]
        sev = max((_SEVERITY.get(x.get("severity", ""), 0) for x in about), default=0)
        n_find = len(about)
        out.append({
            **dict(zip(KEY_FIELDS, key[:len(KEY_FIELDS)])), "period_kind": latest["period_kind"], "unit": key[-1],
            "value_published": pub, "value_extracted": number(latest["value"]), "edition": latest["edition"],
            "source": latest["source"], "doc_id": latest["doc_id"], "page": int(latest["page"]),
            "char_start": int(latest["char_start"]), "char_end": int(latest["char_end"]), "quote": latest["quote"],
            "rule_id": latest["rule_id"],
            "editions": "; ".join(f"{rows[i]['edition']}: {_fmt(v)} ({rows[i]['source']})" for i, v in zip(idx, values)),
            "n_editions": len({rows[i]["edition"] for i in idx}),
            "revised": _revised([v for v in values if v is not None], key[-1]),
            "finding_status": {v: k for k, v in _SEVERITY.items()}.get(sev, ""), "findings": n_find,
            **{c: st[c] for c in ("review_status", "review_value", "reviewed_by", "reviewed_at", "review_note",
                                  "decision_id")},
            "published_from": "" if published_from is None else
                              f"{published_from['edition']} {published_from['source']}",
        })
    df = pd.DataFrame(out, columns=list(SERIES_COLUMNS))
    if not df.empty:
        df = df.sort_values(list(KEY_FIELDS) + ["unit"], kind="stable").reset_index(drop=True)
    for c in ("value_published", "value_extracted", "review_value"):
        df[c] = df[c].astype("float64")
    for c in ("page", "char_start", "char_end", "n_editions", "findings"):
        df[c] = df[c].astype("int64")
    df["revised"] = df["revised"].astype(bool)
    return df


def folder_documents(extracted_dir: Path) -> set[tuple[str, str]]:
    """(source, doc_id) of every document with rows in the folder: from observations.parquet when a
    run has written it, else from the extraction tables."""
    pq = Path(extracted_dir) / "observations.parquet"
    if pq.is_file():
        f = pd.read_parquet(pq, columns=["source", "doc_id"]).drop_duplicates()
        return set(zip(f["source"].astype(str), f["doc_id"].astype(str)))
    out = set()
    for p in extraction_tables(Path(extracted_dir)):
        f = read_table(p)
        if {"source", "doc_id"} <= set(f.columns):
            out.update(zip(f["source"].astype(str), f["doc_id"].astype(str)))
    return out


def decision_warnings(extracted_dir: str | Path, decisions_path: str | Path | None = None) -> list[str]:
    """One line per line of the decisions file that is not a decision, and one for the decisions that
    match no document of the folder (matching.unmatched_line): what `run` and `publish` print."""
    path = _decisions_file(decisions_path)
    decisions = load_decisions(path)
    lost = unmatched_line(decisions, folder_documents(Path(extracted_dir)), path) if decisions else ""
    return [f"warning: {p}" for p in decisions.problems] + ([lost] if lost else [])


def _revised(values: list[float], unit: str) -> bool:
    """Do the editions' values differ by more than their rounding (35.535 and 35.540 are one figure)?"""
    from ..validate import written_half     # start-up: validate loads the extraction package
    half = [written_half(v, unit) for v in values]
    return any(abs(a - b) > ha + hb + 1e-9 for a, ha in zip(values, half) for b, hb in zip(values, half))


def update_series(extracted_dir: Path, keys: frozenset, decisions_path: str | Path | None = None,
                  findings: list[dict] | None = None):
    """The series of series.parquet with the rows of `keys` (key fields and unit) made again from the
    run's observations.parquet (build_series): the same table build_series would make of everything
    when only the rows of these keys can have changed (pipeline.run.outputs.reach)."""

    before = pd.read_parquet(extracted_dir / "series.parquet")
    cols = [*KEY_FIELDS, "unit"]
    if not before.empty:
        before = before[~pd.MultiIndex.from_frame(before[cols].astype(str)).isin(list(keys))]
    fresh = build_series(extracted_dir, decisions_path, combined=True, keys=keys, findings=findings)
    df = pd.concat([before, fresh], ignore_index=True) if not before.empty else fresh
    df = df.sort_values(cols, kind="stable").reset_index(drop=True)
    return df.astype(fresh.dtypes.to_dict())


def write_series(extracted_dir: str | Path | None = None, decisions_path: str | Path | None = None,
                 combined: bool = False, keys: frozenset | None = None,
                 findings: list[dict] | None = None) -> tuple[Path, Path]:
    """extracted/series.csv and series.parquet, each written atomically (`combined`, `findings`:
    build_series; `keys`: only these keys' rows made again, update_series)."""
    extracted_dir = Path(extracted_dir or project_dir() / "extracted")
    df = (build_series(extracted_dir, decisions_path, combined=combined, findings=findings) if keys is None
          else update_series(extracted_dir, keys, decisions_path, findings))
    csv_path = write_table(_csv_ready(df), extracted_dir / "series.csv")
    return csv_path, write_table(df, extracted_dir / "series.parquet")


def series_summary(series) -> str:
    """'280 figures (4 revised); reviewed: 2 accepted, 1 corrected, 0 rejected, 0 to re-review' of a
    series table or its Parquet file."""
    s = pd.read_parquet(series) if isinstance(series, (str, Path)) else series
    st = s["review_status"].value_counts()
    return (f"{len(s)} figures ({int(s['revised'].sum())} revised); reviewed: {int(st.get('accepted', 0))} accepted, "
            f"{int(st.get('corrected', 0))} corrected, {int(st.get('rejected', 0))} rejected, "
            f"{int(st.get('re-review', 0))} to re-review")


def _csv_ready(df):
    out = df.copy()
    for c in ("value_published", "value_extracted", "review_value"):
        out[c] = out[c].map(lambda v: "" if v != v else _fmt(v))
    return out


def value_of(series, **key) -> dict | None:
    """The series row with this key (keyword arguments of KEY_FIELDS; unset ones must be empty)."""
    want = {f: str(key.get(f, "")) for f in KEY_FIELDS}
    for r in series.to_dict(orient="records"):
        if all(str(field(r, f)) == v for f, v in want.items()):
            return r
    return None
