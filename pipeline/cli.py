"""Command line: `python -m pipeline extract|run ...` (also installed as `migstat`)."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="migstat", description="Statistics from Dutch migration reports into one table.")
    sub = p.add_subparsers(dest="command", required=True)

    e = sub.add_parser("extract", help="extract one document (no Prefect, no server)")
    e.add_argument("path")
    e.add_argument("--edition", help="reference month YYYY-MM (default: read from the document)")
    e.add_argument("--out", help="output .csv or .parquet (default: CSV on standard output)")
    e.add_argument("--skipped", help="also write the numbers passed over, with the reason, to this CSV")
    e.add_argument("--findings", help="also validate it (against extracted/ and rules/known_values.csv) "
                                      "and write the findings to this CSV")

    v = sub.add_parser("validate", help="check documents together: arithmetic, periods, other editions, known values")
    v.add_argument("paths", nargs="*", help="files or folders (default: raw/)")
    v.add_argument("--findings", help="findings CSV (default: extracted/findings.csv)")
    v.add_argument("--extracted", default=str(ROOT / "extracted"), help="earlier extractions to compare with")
    v.add_argument("--known-values", default=str(ROOT / "rules" / "known_values.csv"))
    v.add_argument("--edition", help="reference month for every document given (YYYY-MM)")

    t = sub.add_parser("tables", help="list the tables of one document and what became of every cell")
    t.add_argument("path")
    t.add_argument("--edition", help="reference month YYYY-MM (default: read from the document)")
    t.add_argument("--out", help="write one row per cell to this .csv or .parquet")

    r = sub.add_parser("run", help="run the Prefect flow over documents (default: raw/)")
    r.add_argument("paths", nargs="*", help="files or folders (default: raw/)")
    r.add_argument("--out-dir", default=str(ROOT / "extracted"))
    r.add_argument("--edition", help="reference month for every document given (YYYY-MM)")
    r.add_argument("--direct", action="store_true", help="run the same steps without Prefect")
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "extract":
        return _extract(args)
    if args.command == "tables":
        return _tables(args)
    if args.command == "validate":
        return _validate(args)
    return _run(args)


def _validate(args) -> int:
    from .batch import expand_paths, process_document, validate_results, write_findings
    from .validate import summary_line
    paths = expand_paths(args.paths or [ROOT / "raw"])
    results = [process_document(p, args.edition) for p in _progress(paths)]
    for r in results:
        if not r.ok:
            print(f"error: {r.error}", file=sys.stderr)
    findings = validate_results(results, args.extracted, args.known_values)
    out = args.findings or str(Path(args.extracted) / "findings.csv")
    write_findings(findings, out, keep_others=not args.findings, doc_ids={r.doc_id for r in results if r.ok})
    _print_findings(findings)
    print(f"{summary_line(findings)} -> {out}", file=sys.stderr)
    return 0 if all(r.ok for r in results) else 1      # like `run`: a document that could not be read


def _print_findings(findings) -> None:
    """Errors and warnings on standard error, one line each naming the document and the figure's key in
    full (info only in the CSV)."""
    for f in findings:
        if f.severity in ("error", "warning"):
            print(f.line(), file=sys.stderr)


def _tables(args) -> int:
    import pandas as pd

    from .errors import IngestError
    from .ingest import read_document
    from .store import write_table
    from .extraction.tables import CELL_COLUMNS, cell_rows
    try:
        doc = read_document(args.path, args.edition)
    except IngestError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    cells = pd.DataFrame(cell_rows(doc), columns=list(CELL_COLUMNS))
    for (ref, caption), g in cells.groupby(["table", "caption"], sort=False):
        counts = g["outcome"].value_counts()
        core = int((g["metric"] != "").sum())
        print(f"{ref or '(no caption)'} p.{g['page'].min()}"
              f"{'-' + str(g['page'].max()) if g['page'].max() != g['page'].min() else ''}: "
              f"{g['row'].max()} rows x {g['column'].max()} columns, {int(counts.get('observation', 0))} observations "
              f"({core} core), {int(counts.get('skipped', 0))} skipped  {caption[:70]}")
    if args.out:
        write_table(cells, args.out)
        print(f"{args.path}: {len(cells)} cells -> {args.out}", file=sys.stderr)
    return 0


def _extract(args) -> int:
    from .api import extract_document
    from .errors import IngestError
    from .store import to_frame, write_table
    try:
        doc, result = extract_document(args.path, args.edition)
    except IngestError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    df = to_frame(result.observations)
    if args.out:
        write_table(df, args.out)
        core = int((df["metric"] != "").sum())
        print(f"{args.path}: edition {doc.edition} ({doc.edition_basis}), {len(df)} rows "
              f"({core} with a core metric) -> {args.out}", file=sys.stderr)
    else:
        df.to_csv(sys.stdout, index=False)
    if args.skipped:
        import pandas as pd
        sk = pd.DataFrame([{"char_start": s.start, "char_end": s.end, "surface": s.surface, "reason": s.reason}
                           for s in result.skipped], columns=["char_start", "char_end", "surface", "reason"])
        write_table(sk, args.skipped)
    for rep in doc.repairs:
        print(f"note: {args.path}: {rep}", file=sys.stderr)
    if args.findings:
        from .batch import DocResult, validate_results, write_findings
        from .validate import check_document, summary_line
        r = DocResult(args.path, True, doc_id=doc.doc_id, edition=doc.edition, observations=result.observations,
                      findings=check_document(doc, result), doc_text=doc.text)
        findings = validate_results([r], ROOT / "extracted")
        write_findings(findings, args.findings, keep_others=False)
        _print_findings(findings)
        print(f"{args.path}: {summary_line(findings)} -> {args.findings}", file=sys.stderr)
    return 0


def prefect_environment() -> None:
    """Quiet, offline, per-checkout Prefect settings (see prefect.toml); the user's own win."""
    home = ROOT / ".prefect"
    defaults = {
        "PREFECT_HOME": str(home),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
        "PREFECT_LOGGING_LEVEL": "WARNING",
        "PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW": "ignore",
        "PREFECT_RESULTS_LOCAL_STORAGE_PATH": str(home / "results"),
    }
    for k, v in defaults.items():
        os.environ.setdefault(k, v)


def _run(args) -> int:
    from .batch import expand_paths
    paths = expand_paths(args.paths or [ROOT / "raw"])
    if not paths:
        print("error: no documents to run", file=sys.stderr)
        return 2
    if args.direct:
        from .batch import process_document, validate_and_write, write_outputs
        results = []
        for p in _progress(paths):
            results.append(process_document(p, args.edition))
        summary = write_outputs(results, args.out_dir)
        summary.update(validate_and_write(results, args.out_dir))
    else:
        prefect_environment()
        sys.path.insert(0, str(ROOT))
        from flows.run_flow import run_flow
        results, summary = run_flow(paths=[str(p) for p in paths], out_dir=args.out_dir, edition=args.edition)
    return _report(results, summary, args.out_dir)


def _progress(items):
    from tqdm import tqdm
    return tqdm(items, desc="documents", unit="doc", file=sys.stderr, disable=None)


def _report(results, summary, out_dir) -> int:
    for r in results:
        if not r.ok:
            print(f"error: {r.error}", file=sys.stderr)
    ok = [r for r in results if r.ok]
    print(f"{len(ok)}/{len(results)} documents, {summary['rows']} rows -> {out_dir}/ "
          f"(observations.parquet: {summary['combined_rows']} rows)", file=sys.stderr)
    if "findings_summary" in summary:
        print(f"{summary['findings_summary']} -> {out_dir}/findings.csv", file=sys.stderr)
    return 0 if len(ok) == len(results) else 1
