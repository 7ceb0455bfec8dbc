"""Command line: `python -m pipeline extract|run ...` (also installed as `migstat`)."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import usage

ROOT = Path(__file__).resolve().parents[1]


class _Parser(argparse.ArgumentParser):
    """Usage errors on one line, `error: ...`, exit 2 (argparse prints the whole usage first)."""

    def error(self, message: str):
        self.exit(2, f"error: {message} (see `{self.prog} --help`)\n")


EDITION_HELP = "reference month YYYY-MM, e.g. 2024-03 (default: read from the document)"
TABLE_OUT = "a .csv or .parquet file"


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="migstat", description="Statistics from Dutch migration reports into one table.")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND", help="what to do (each has --help)")

    e = sub.add_parser("extract", help="extract one document (no Prefect, no server)")
    e.add_argument("path", help="the document: .txt, .md or .pdf")
    e.add_argument("--edition", type=usage.edition, help=EDITION_HELP)
    e.add_argument("--out", help=f"write the observations to {TABLE_OUT} (default: CSV on standard output)")
    e.add_argument("--skipped", help=f"also write the numbers passed over, with the reason, to {TABLE_OUT}")
    e.add_argument("--findings", help="also validate it (against extracted/ and rules/known_values.csv) "
                                      f"and write the findings to {TABLE_OUT}")

    v = sub.add_parser("validate", help="check documents together: arithmetic, periods, other editions, known values")
    v.add_argument("paths", nargs="*", help="files or folders (default: raw/)")
    v.add_argument("--findings", help=f"write the findings to {TABLE_OUT} (default: extracted/findings.csv, "
                                      "keeping the other documents' findings)")
    v.add_argument("--extracted", default=str(ROOT / "extracted"), help="earlier extractions to compare with "
                                                                        "(default: extracted/)")
    v.add_argument("--known-values", default=str(ROOT / "rules" / "known_values.csv"),
                   help="curated reference values to confirm figures against (default: rules/known_values.csv)")
    v.add_argument("--edition", type=usage.edition, help="reference month YYYY-MM for every document given")

    t = sub.add_parser("tables", help="list the tables of one document and what became of every cell")
    t.add_argument("path", help="the document: .txt, .md or .pdf")
    t.add_argument("--edition", type=usage.edition, help=EDITION_HELP)
    t.add_argument("--out", help=f"write one row per cell to {TABLE_OUT}")

    d = sub.add_parser("diff", help="what changed between two extraction tables, git revisions of them, or editions",
                       description="OLD and NEW: extraction tables (.csv/.parquet), git revisions of one "
                                   "(HEAD~1:extracted/x.csv) or documents (extracted first). With --rev: every "
                                   "table in extracted/ against its version at that git revision.")
    d.add_argument("old", nargs="?", help="the old table, revision or document")
    d.add_argument("new", nargs="?", help="the new table, revision or document")
    d.add_argument("--rev", help="compare all of extracted/ (or --extracted) with this git revision")
    d.add_argument("--extracted", default=str(ROOT / "extracted"),
                   help="the folder of extraction tables for --rev and findings (default: extracted/)")
    d.add_argument("--format", choices=("table", "csv", "json", "markdown"), default="table",
                   help="how to print the changed rows (default: a table for people)")
    d.add_argument("--findings", help="findings CSV whose rows are shown beside the numbers they touch "
                                      "(default: extracted/findings.csv when it exists)")
    d.add_argument("--core", action="store_true", help="only rows with a core metric")
    d.add_argument("--edition", type=usage.edition, help="reference month YYYY-MM for documents given")

    pb = sub.add_parser("publish", help="rebuild extracted/series.csv and .parquet from the tables and the decisions")
    pb.add_argument("--extracted", default=str(ROOT / "extracted"),
                    help="the folder of extraction tables to publish (default: extracted/)")
    pb.add_argument("--decisions", help="decisions file (default: review/decisions.jsonl, or $MIGSTAT_DECISIONS)")

    r = sub.add_parser("run", help="run the Prefect flow over documents (default: raw/)")
    r.add_argument("paths", nargs="*", help="files or folders (default: raw/)")
    r.add_argument("--out-dir", default=str(ROOT / "extracted"),
                   help="where the tables, findings and series go (default: extracted/)")
    r.add_argument("--edition", type=usage.edition, help="reference month YYYY-MM for every document given")
    r.add_argument("--direct", action="store_true", help="run the same steps without Prefect")
    r.add_argument("--dask", metavar="ADDRESS",
                   help="run the documents on the Dask cluster whose scheduler is at ADDRESS (tcp://host:8786), "
                        "through prefect-dask; default: $MIGSTAT_DASK_ADDRESS, else in this process")
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        _check_usage(args)
        status = _dispatch(args)
        sys.stdout.flush()       # a closed pipe shows here, inside the try, not at exit
        return status
    except usage.UsageError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # `migstat extract x.md | head -1`: the reader has what it wanted; end quietly, like `cat`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141               # 128 + SIGPIPE, what a shell reports for a tool ended by a closed pipe
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130               # 128 + SIGINT


def _check_usage(args) -> None:
    """Everything about the command line that can be wrong, before any document is read."""
    if args.command in ("extract", "tables"):
        usage.input_file(args.path)
    for option in ("out", "skipped", "findings"):
        if args.command in ("extract", "tables", "validate") and getattr(args, option, None) is not None:
            usage.output_table(getattr(args, option), f"--{option}")
    if args.command == "validate" and not args.findings:
        usage.output_table(str(Path(args.extracted) / "findings.csv"), "--extracted")
    if args.command == "run":
        usage.output_folder(args.out_dir, "--out-dir")
        if args.dask and args.direct:
            raise usage.UsageError("--dask runs the Prefect flow on a cluster; it does not go with --direct")
        address = args.dask or ("" if args.direct else os.environ.get(DASK_ENV, ""))
        args.dask = usage.dask_address(address) if address else None
        if args.dask:
            prefect_environment()
            from prefect.settings import get_current_settings
            usage.api_reachable_from(args.dask, get_current_settings().api.url)


DASK_ENV = "MIGSTAT_DASK_ADDRESS"
EDITION_CHECK = "edition_far_from_text"


def _dispatch(args) -> int:
    if args.command == "extract":
        return _extract(args)
    if args.command == "tables":
        return _tables(args)
    if args.command == "validate":
        return _validate(args)
    if args.command == "diff":
        return _diff(args)
    if args.command == "publish":
        return _publish(args)
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


def _diff(args) -> int:
    from .review import diff as D
    findings = args.findings or (str(Path(args.extracted) / "findings.csv")
                                 if (Path(args.extracted) / "findings.csv").exists() else None)
    try:
        fnd = D.read_rows(findings) if findings else None
        if args.rev:
            if args.old or args.new:
                raise D.DiffInputError("give either --rev REV or OLD NEW, not both")
            sections = _rev_sections(D, args.rev, Path(args.extracted))
        else:
            if not (args.old and args.new):
                raise D.DiffInputError("give OLD and NEW (tables, REV:path or documents), or --rev REV")
            old, old_name = D.read_side(args.old, args.edition)
            new, new_name = D.read_side(args.new, args.edition)
            sections = [(f"{old_name} -> {new_name}", old, new)]
    except D.DiffInputError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    out_rows, total = [], []
    for title, old, new in sections:
        rows = D.diff_frames(old, new, fnd)
        if args.core:
            rows = [r for r in rows if r.metric]
        if args.format == "table":
            if rows or not args.rev:
                D.print_table(rows, title)
        elif args.format == "markdown":
            sys.stdout.write(D.render(rows, "markdown", title) + "\n")
        else:
            out_rows.extend((title, r) for r in rows)
        if rows or not args.rev:
            print(f"{title}: {D.count_line(rows)}", file=sys.stderr)
        total.extend(rows)
    if args.rev:
        print(f"{len(sections)} tables against {args.rev}: {D.count_line(total)}", file=sys.stderr)
    if args.format in ("csv", "json"):
        sys.stdout.write(D.render_sections(out_rows, args.format))
    return 0


def _publish(args) -> int:
    from .review.decisions import DecisionError
    from .review.series import series_summary, write_series
    if not Path(args.extracted).is_dir():
        print(f"error: {args.extracted}: no such folder (run `make run` first)", file=sys.stderr)
        return 2
    try:
        csv_path, pq_path = write_series(args.extracted, args.decisions)
    except DecisionError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(f"{series_summary(pq_path)} -> {csv_path}, {pq_path.name}", file=sys.stderr)
    return 0


def _rev_sections(D, rev: str, extracted: Path) -> list:
    """(title, old rows, new rows) for every extraction table in `extracted` now or at `rev`."""
    try:
        folder = extracted.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        raise D.DiffInputError(f"{extracted}: --rev needs a folder inside the repository {ROOT}") from None
    then = D.git_files(rev, folder)
    now = [f"{folder}/{p.name}" for p in sorted(extracted.glob("*.csv")) if D.is_extraction_table(p.name)]
    out = []
    for path in sorted(set(then) | set(now)):
        old = D.parse_rows(D.git_show(rev, path), path, f"{rev}:{path}") if path in then else []
        new = D.read_rows(ROOT / path) if path in now else []
        out.append((f"{path} ({rev} -> working tree)", old, new))
    return out


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
    n = cells.groupby(["table", "caption"], sort=False).ngroups
    print(f"{args.path}: {n} table{'' if n == 1 else 's'}" + (f", {len(cells)} cells" if n else ""))
    if args.out:
        write_table(cells, args.out)
        print(f"{args.path}: {len(cells)} cells -> {args.out}", file=sys.stderr)
    return 0


def _extract(args) -> int:
    from .api import extract_document
    from .errors import IngestError
    from .store import to_frame, write_csv, write_table
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
        write_csv(df, sys.stdout)
    if args.skipped:
        import pandas as pd
        sk = pd.DataFrame([{"char_start": s.start, "char_end": s.end, "surface": s.surface, "reason": s.reason}
                           for s in result.skipped], columns=["char_start", "char_end", "surface", "reason"])
        write_table(sk, args.skipped)
    for rep in doc.repairs:
        print(f"note: {args.path}: {rep}", file=sys.stderr)
    if not args.findings:         # with --findings it is printed among the document's findings
        from .validate import edition_far_from_text
        for f in edition_far_from_text(doc):
            print(f.line(), file=sys.stderr)
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
        from flows.run_flow import flow_with_runner
        run_flow = flow_with_runner(args.dask)
        if not args.dask:
            results, summary = run_flow(paths=[str(p) for p in paths], out_dir=args.out_dir, edition=args.edition)
        else:
            from flows.run_flow import api_for_workers
            given = [str(p) for p in paths]
            paths = [p.absolute() for p in paths]       # the workers have other working folders
            with api_for_workers() as api:
                print(f"running the documents on the Dask cluster at {args.dask} (Prefect API {api})", file=sys.stderr)
                results, summary = run_flow(paths=[str(p) for p in paths], out_dir=args.out_dir, edition=args.edition)
            results = [_as_named(r, str(p), name) for r, p, name in zip(results, paths, given)]
    return _report(results, summary, args.out_dir)


def _as_named(result, sent: str, named: str):
    """A result of a document sent to a Dask worker as `sent` (its whole path), as named on the command line."""
    import dataclasses
    if sent == named:
        return result
    error = named + result.error[len(sent):] if result.error.startswith(sent) else result.error
    return dataclasses.replace(result, path=named, error=error)


def _progress(items):
    from tqdm import tqdm
    return tqdm(items, desc="documents", unit="doc", file=sys.stderr, disable=None)


def _report(results, summary, out_dir) -> int:
    for r in results:
        if not r.ok:
            print(f"error: {r.error}", file=sys.stderr)
    ok = [r for r in results if r.ok]
    for r in ok:
        for f in r.findings:
            if f.check == EDITION_CHECK:
                print(f.line(), file=sys.stderr)
    from .ingest import display_path
    counts = summary.get("change_counts", {})
    for r in ok:
        doc = display_path(Path(r.path))
        c = counts.get(doc)
        what = ("new table" if c is None else "unchanged" if not any(c.values()) else
                f"{c['added']} added, {c['removed']} removed, {c['changed']} changed since the last run")
        print(f"{doc}: {r.rows} rows, {what}", file=sys.stderr)
    print(f"{len(ok)}/{len(results)} documents, {summary['rows']} rows -> {out_dir}/ "
          f"(observations.parquet: {summary['combined_rows']} rows)", file=sys.stderr)
    if "findings_summary" in summary:
        print(f"{summary['findings_summary']} -> {out_dir}/findings.csv", file=sys.stderr)
    if "series_summary" in summary:
        print(f"{summary['series_summary']} -> {out_dir}/series.csv", file=sys.stderr)
    return 0 if len(ok) == len(results) else 1
