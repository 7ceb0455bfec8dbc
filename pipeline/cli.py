"""Command line: `python -m pipeline extract|run ...` (also installed as `migstat`)."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import usage
from .errors import RuleFileError

from .names import is_extraction_table
from .paths import RULES_DIR, project_dir


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
    v.add_argument("--extracted", default=str(project_dir() / "extracted"), help="earlier extractions to compare with "
                                                                        "(default: extracted/)")
    v.add_argument("--known-values", default=str(RULES_DIR / "known_values.csv"),
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
    d.add_argument("--extracted", default=str(project_dir() / "extracted"),
                   help="the folder of extraction tables for --rev and findings (default: extracted/)")
    d.add_argument("--format", choices=("table", "csv", "json", "markdown"), default="table",
                   help="how to print the changed rows (default: a table for people)")
    d.add_argument("--findings", help="findings CSV whose rows are shown beside the numbers they touch "
                                      "(default: extracted/findings.csv when it exists)")
    d.add_argument("--core", action="store_true", help="only rows with a core metric")
    d.add_argument("--edition", type=usage.edition, help="reference month YYYY-MM for documents given")

    pb = sub.add_parser("publish", help="rebuild extracted/series.csv and .parquet from the tables and the decisions")
    pb.add_argument("--extracted", default=str(project_dir() / "extracted"),
                    help="the folder of extraction tables to publish (default: extracted/)")
    pb.add_argument("--decisions", help="decisions file (default: review/decisions.jsonl, or $MIGSTAT_DECISIONS)")

    sv = sub.add_parser("serve", help="register and serve the scheduled Prefect deployment: fetch, then run over raw/",
                        description="Registers the deployment 'migstat-scheduled/scheduled' (fetch the sources, "
                                    "extract what is new or changed, validate, write, artifacts) on a cron schedule "
                                    "and serves it until interrupted. Uses the Prefect server of PREFECT_API_URL; "
                                    "without one it starts a local server on 127.0.0.1 first.")
    sv.add_argument("--cron", default="0 7 * * 1-5", help="when to run, a cron expression (default: weekdays 07:00)")
    sv.add_argument("--timezone", default="Europe/Amsterdam", help="time zone of the cron schedule (default: Europe/Amsterdam)")
    sv.add_argument("--raw", default=str(project_dir() / "raw"), help="folder the documents are fetched into and read from")
    sv.add_argument("--out-dir", default=str(project_dir() / "extracted"), help="folder the tables are written to")
    sv.add_argument("--sources", help="publication sources to fetch (default: ./sources.yaml when there is one, "
                                      "else rules/sources.yaml)")
    sv.add_argument("--no-fetch", action="store_true", help="do not fetch; only run over what is in --raw")
    sv.add_argument("--port", type=int, default=4200, help="port of the local Prefect server started when "
                                                           "PREFECT_API_URL is not set (default 4200)")
    f = sub.add_parser("fetch", help="poll the publication sources and write new documents into raw/",
                       description="Polls every source of the sources file (listing pages, RSS/Atom feeds, files) "
                                   "and writes documents whose content is not in raw/ yet. One line per source; "
                                   "exit 1 when a source failed.")
    f.add_argument("--sources", help="sources file (default: ./sources.yaml when there is one, else rules/sources.yaml)")
    f.add_argument("--raw", default=str(project_dir() / "raw"), help="folder the documents go into (default: raw/)")

    r = sub.add_parser("run", help="run the Prefect flow over documents (default: raw/)")
    r.add_argument("paths", nargs="*", help="files or folders (default: raw/)")
    r.add_argument("--out-dir", default=str(project_dir() / "extracted"),
                   help="where the tables, findings and series go (default: extracted/)")
    r.add_argument("--edition", type=usage.edition, help="reference month YYYY-MM for every document given")
    r.add_argument("--direct", action="store_true", help="run the same steps without Prefect")
    r.add_argument("--force", action="store_true",
                   help="extract every document again, also the unchanged ones, and print each table's diff "
                        "against the one it replaces")
    r.add_argument("--workers", type=_workers, default=1, metavar="N",
                   help="extract N documents at a time, each in a process of its own (default 1)")
    r.add_argument("--no-wait", action="store_true",
                   help="when another run is writing the output folder, exit (2) instead of waiting for it")

    r.add_argument("--dask", metavar="ADDRESS",
                   help="run the documents on the Dask cluster whose scheduler is at ADDRESS (tcp://host:8786), "
                        "through prefect-dask; default: $MIGSTAT_DASK_ADDRESS, else in this process")

    w = sub.add_parser("review", help="review the numbers in a local web app (or write them to one HTML file)")
    w.add_argument("docs", nargs="*", metavar="DOC", help="documents to show (paths or names; default: all)")
    w.add_argument("--extracted", default=str(project_dir() / "extracted"), help="the tables of `make run`")
    w.add_argument("--decisions", help="decisions file (default: review/decisions.jsonl, or $MIGSTAT_DECISIONS)")
    w.add_argument("--port", type=int, help="port on 127.0.0.1 (default: 8377, or a free one when it is taken; "
                                            "0: a free one)")
    w.add_argument("--out", help="write a self-contained read-only HTML file instead of starting the app")
    return p


def _workers(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: give a whole number of processes, 1 or more")
    return n


class Terminated(KeyboardInterrupt):
    """SIGTERM (a scheduler, systemd, a container stop): unwinds like Ctrl-C, so the output lock, the
    staging folder and the temporary Prefect server are cleaned up as after SIGINT."""


def _terminate_like_interrupt() -> None:
    import signal
    import threading
    if threading.current_thread() is not threading.main_thread():
        return

    def raise_terminated(signum, frame):
        raise Terminated()
    signal.signal(signal.SIGTERM, raise_terminated)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    _terminate_like_interrupt()
    try:
        _check_usage(args)
        status = _dispatch(args)
        sys.stdout.flush()       # a closed pipe shows here, inside the try, not at exit
        return status
    except (usage.UsageError, RuleFileError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # `migstat extract x.md | head -1`: the reader has what it wanted; end quietly, like `cat`
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141               # 128 + SIGPIPE, what a shell reports for a tool ended by a closed pipe
    except Terminated:
        print("error: terminated", file=sys.stderr)
        return 143               # 128 + SIGTERM
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
        if args.dask and args.workers > 1:
            raise usage.UsageError("--workers is for one machine; with --dask the cluster's workers run the documents")
        address = args.dask or ("" if args.direct else os.environ.get(DASK_ENV, ""))
        args.dask = usage.dask_address(address) if address else None
        if args.dask:
            prefect_environment()
            from prefect.settings import get_current_settings
            usage.api_reachable_from(args.dask, get_current_settings().api.url)


DASK_ENV = "MIGSTAT_DASK_ADDRESS"


def _dispatch(args) -> int:
    """The function of the command (defined below, so looked up at call time)."""
    return globals()[f"_{args.command}"](args)


def _review(args) -> int:
    from .review.decisions import DecisionError
    from .review.workspace import WorkspaceError
    try:
        if args.out:
            from .review.export import write_static
            path = write_static(args.out, args.extracted, args.decisions, args.docs)
            print(f"{path}: {path.stat().st_size / 1e6:.1f} MB, read-only (decisions are made in the app)",
                  file=sys.stderr)
            return 0
        from .review.app import serve
        serve(args.extracted, args.decisions, args.docs, port=args.port)
    except (WorkspaceError, DecisionError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except OSError as e:     # the port is taken, the output cannot be written
        print(f"error: {e.filename or 'review'}: {e.strerror or e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        pass
    return 0


def _validate(args) -> int:
    from .batch import expand_paths, process_document, validate_results, write_findings
    from .validate import summary_line
    paths = expand_paths(args.paths or [project_dir() / "raw"])
    results = [process_document(p, args.edition) for p in _progress(paths)]
    for r in results:
        if not r.ok:
            print(f"error: {r.error}", file=sys.stderr)
    findings = validate_results(results, args.extracted, args.known_values)
    out = args.findings or str(Path(args.extracted) / "findings.csv")
    if args.findings:
        write_findings(findings, out, keep_others=False, doc_ids={r.doc_id for r in results if r.ok})
    else:
        from .locks import output_lock
        with output_lock(args.extracted):       # extracted/ is a run's: not while one is writing it
            write_findings(findings, out, doc_ids={r.doc_id for r in results if r.ok})
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
            old, old_name = D.read_side(args.old, args.edition, _document_rows)
            new, new_name = D.read_side(args.new, args.edition, _document_rows)
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
    from .locks import output_lock
    try:
        with output_lock(args.extracted):
            csv_path, pq_path = write_series(args.extracted, args.decisions)
    except DecisionError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(f"{series_summary(pq_path)} -> {csv_path}, {pq_path.name}", file=sys.stderr)
    return 0


def _document_rows(path: Path, edition: str | None) -> list[dict]:
    """A document's rows for `diff` (which reads tables only), extracted now."""
    from .batch import process_document
    from .review.diff import DiffInputError
    r = process_document(path, edition)
    if not r.ok:
        raise DiffInputError(r.error)
    return r.frame.to_dict(orient="records")


def _serve(args) -> int:
    from .errors import UsageError
    from .fetch import SourceConfigError, load_config
    from flows.serve import check_schedule, local_server, serve_deployment
    named = Path(args.sources) if args.sources else default_sources()
    sources = None if args.no_fetch or not named.exists() else named
    try:
        check_schedule(args.cron, args.timezone)
        if sources is not None:
            load_config(sources)
        elif not args.no_fetch:
            print(f"note: {named}: no such file; serving without fetching", file=sys.stderr)
        for folder in (args.raw, args.out_dir):
            Path(folder).mkdir(parents=True, exist_ok=True)
    except (UsageError, SourceConfigError, OSError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    prefect_environment()
    server = None
    try:
        if not os.environ.get("PREFECT_API_URL"):
            server = local_server(args.port)
        serve_deployment(args.raw, args.out_dir, sources, args.cron, args.timezone)
    except UsageError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        pass
    finally:
        if server is not None:
            server.stop()
    return 0


def default_sources() -> Path:
    """The sources file fetch reads when none is named: ./sources.yaml, else rules/sources.yaml."""
    here = Path("sources.yaml")
    return here if here.is_file() else RULES_DIR / "sources.yaml"


def _fetch(args) -> int:
    from .fetch import SourceConfigError, fetch_all, load_config
    try:
        load_config(args.sources or default_sources())
    except SourceConfigError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    raw = Path(args.raw)
    try:        # refused before any request: a folder that cannot be written
        raw.mkdir(parents=True, exist_ok=True)
        if not os.access(raw, os.W_OK):
            raise PermissionError("not writable")
    except OSError as e:
        print(f"error: {raw}: cannot write documents there ({getattr(e, 'strerror', None) or e})", file=sys.stderr)
        return 2
    report = fetch_all(args.sources or default_sources(), raw)
    for s in report.sources:
        print(s.line())
        for f in s.failures:
            print(f"error: {f.line()}", file=sys.stderr)
    print(f"{len(report.new_files)} new, {len(report.unchanged)} unchanged, {len(report.failures)} failed; "
          f"{report.requests} requests in {report.seconds:.1f} s -> {args.raw}", file=sys.stderr)
    return 0 if report.ok else 1


def _rev_sections(D, rev: str, extracted: Path) -> list:
    """(title, old rows, new rows) for every extraction table in `extracted` now or at `rev`."""
    try:
        folder = extracted.resolve().relative_to(project_dir()).as_posix()
    except ValueError:
        raise D.DiffInputError(f"{extracted}: --rev needs a folder inside the repository {project_dir()}") from None
    then = D.git_files(rev, folder)
    now = [f"{folder}/{p.name}" for p in sorted(extracted.glob("*.csv")) if is_extraction_table(p.name)]
    out = []
    for path in sorted(set(then) | set(now)):
        old = D.parse_rows(D.git_show(rev, path), path, f"{rev}:{path}") if path in then else []
        new = D.read_rows(project_dir() / path) if path in now else []
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
    from .extraction.table_review import CELL_COLUMNS, cell_rows
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
    from .store import observations_csv, write_observations, write_table
    try:
        doc, result = extract_document(args.path, args.edition)
    except IngestError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    rows = result.observations
    if args.out:
        write_observations(rows, args.out)
        core = sum(1 for o in rows if o.metric != "")
        print(f"{args.path}: edition {doc.edition} ({doc.edition_basis}), {len(rows)} rows "
              f"({core} with a core metric) -> {args.out}", file=sys.stderr)
    else:
        observations_csv(rows, sys.stdout)
    if args.skipped:
        import pandas as pd
        sk = pd.DataFrame([{"char_start": s.start, "char_end": s.end, "surface": s.surface, "reason": s.reason}
                           for s in result.skipped], columns=["char_start", "char_end", "surface", "reason"])
        write_table(sk, args.skipped)
    for rep in doc.repairs:
        print(f"note: {args.path}: {rep}", file=sys.stderr)
    from . import coverage
    print(f"{args.path}: {coverage.of(result).line()}", file=sys.stderr)
    if not args.findings:         # with --findings it is printed among the document's findings
        from .validate import coverage_findings, edition_far_from_text
        for f in edition_far_from_text(doc) + coverage_findings(doc, result):
            print(f.line(), file=sys.stderr)
    if args.findings:
        from .batch import DocResult, validate_results, write_findings
        from .validate import check_document, summary_line
        r = DocResult(args.path, True, doc_id=doc.doc_id, edition=doc.edition, observations=result.observations,
                      findings=check_document(doc, result), doc_text=doc.text)
        findings = validate_results([r], project_dir() / "extracted")
        write_findings(findings, args.findings, keep_others=False)
        _print_findings(findings)
        print(f"{args.path}: {summary_line(findings)} -> {args.findings}", file=sys.stderr)
    return 0


def prefect_environment() -> None:
    """Quiet, offline, per-checkout Prefect settings (see prefect.toml); the user's own win."""
    home = project_dir() / ".prefect"
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
    from .locks import OutputLocked, holder_if_locked, locked_message
    inputs = [str(p) for p in (args.paths or [project_dir() / "raw"])]
    if not expand_paths(inputs):
        print("error: no documents to run", file=sys.stderr)
        return 2
    holder = holder_if_locked(args.out_dir) if args.no_wait else None
    if holder:            # refused at once, before Prefect's start-up (the run itself checks again)
        print(f"error: {locked_message(args.out_dir, holder)}", file=sys.stderr)
        return 2
    try:
        if args.direct:
            from .batch import run_documents
            results, summary = run_documents(inputs, args.out_dir, args.edition, args.force, args.workers,
                                             wait=not args.no_wait, progress=_progress)
        else:
            prefect_environment()
            from flows.run_flow import flow_with_runner
            run_flow = flow_with_runner(args.dask)
            options = dict(out_dir=args.out_dir, edition=args.edition, force=args.force, wait=not args.no_wait)
            if not args.dask:
                results, summary = run_flow(paths=inputs, workers=args.workers, **options)
            else:
                from flows.run_flow import api_for_workers

                from .batch import expand_paths
                named = {str(p.absolute()): str(p) for p in expand_paths(inputs)}
                sent = [str(Path(p).absolute()) for p in inputs]     # the workers have other working folders
                with api_for_workers() as api:
                    print(f"running the documents on the Dask cluster at {args.dask} (Prefect API {api})",
                          file=sys.stderr)
                    results, summary = run_flow(paths=sent, workers=1, **options)
                results = [_as_named(r, r.path, named.get(r.path, r.path)) for r in results]
    except OutputLocked as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    if args.force:
        from .review.diff import count_line, print_table
        for doc, rows in summary.get("diffs", {}).items():
            title = f"{doc} (extracted again, against the table it replaces)"
            if rows:
                print_table(rows, title)
            else:
                print(f"{title}: {count_line(rows)}")
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
    from .validate import DOCUMENT_WARNINGS
    ok = [r for r in results if r.ok]
    for r in ok:
        for f in r.findings:
            if f.check in DOCUMENT_WARNINGS:
                print(f.line(), file=sys.stderr)
    from .ingest import display_path
    counts = summary.get("change_counts", {})
    for r in ok:
        doc = display_path(Path(r.path))
        c = counts.get(doc)
        what = ("unchanged, not extracted again" if r.reused else "new table" if c is None else
                "unchanged" if not any(c.values()) else
                f"{c['added']} added, {c['removed']} removed, {c['changed']} changed since the last run")
        print(f"{doc}: {r.rows} rows, {what}", file=sys.stderr)
        if r.coverage is not None:
            print(f"{doc}: {r.coverage.line()}", file=sys.stderr)
    for line in summary.get("removed_documents", []) + summary.get("stale_documents", []):
        print(line, file=sys.stderr)
    print(f"{len(ok)}/{len(results)} documents, {summary['rows']} rows -> {out_dir}/ "
          f"(observations.parquet: {summary['combined_rows']} rows)", file=sys.stderr)
    if "findings_summary" in summary:
        print(f"{summary['findings_summary']} -> {out_dir}/findings.csv", file=sys.stderr)
    if "series_summary" in summary:
        print(f"{summary['series_summary']} -> {out_dir}/series.csv", file=sys.stderr)
    return 0 if len(ok) == len(results) else 1
