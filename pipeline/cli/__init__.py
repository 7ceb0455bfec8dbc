"""Command line: `python -m pipeline COMMAND ...` (also installed as `migstat`). This module holds
the arguments of every command, the usage checks made before any work, and COMMANDS, the function
that carries out each command; the commands themselves are in the modules beside it (extract, run,
review, schedule). `migstat --help` and `extract` load no pandas, Prefect or review app: the commands
import those inside the functions that use them."""
from __future__ import annotations

import argparse
import gc
import os
import signal
import sys
import threading
from pathlib import Path

from . import usage
from ..errors import RuleFileError
from ..paths import RULES_DIR, project_dir
from . import extract, review, run, schedule
from .common import DASK_ENV, prefect_environment


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
    w.add_argument("--reviewer", help="the name stored with each decision (default: $MIGSTAT_REVIEWER, else git's "
                                      "user.name, else the login name)")
    w.add_argument("--host", default="127.0.0.1", help="address to serve on (default 127.0.0.1; another one only "
                                                        "with a token, which every request then needs)")
    w.add_argument("--token", help="a token every request must carry (default: $MIGSTAT_REVIEW_TOKEN; without one "
                                   "the app makes its own, for the changes its pages send)")
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
        status = COMMANDS[args.command](args)
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


def program() -> int:
    """`migstat` and `python -m pipeline`: main() in a process that ends when it returns."""
    # The collection of young objects runs once 700 more have been made than freed (the default):
    # ~300 times while the 122 pages of the Staat van Migratie are extracted (spaCy's tokens, the
    # mentions, the rows), 0.1 s of the main process. Once 10,000 more, it runs ~20 times (0.05 s);
    # the peak memory is the same (103 MB). The forked copies inherit it.
    gc.set_threshold(10_000, 10, 10)
    status = main()
    # At exit the interpreter collects garbage again and again while it takes the modules down, each
    # time going over every object still alive (spaCy's vocabulary, the rules, the document and its
    # rows: ~0.15 s after the 122 pages of the Staat van Migratie) only to free memory the process
    # gives back anyway. Frozen, they are left out of those collections (what reference counting
    # frees is still freed as the modules go; the rest goes with the process).
    gc.freeze()
    return status


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
            from prefect.settings import get_current_settings      # start-up: Prefect, only with --dask
            usage.api_reachable_from(args.dask, get_current_settings().api.url)


# what carries out each command of _parser (each takes the parsed arguments, returns the exit status)
COMMANDS = {
    "extract": extract.extract,
    "tables": extract.tables,
    "validate": run.validate,
    "run": run.run,
    "diff": review.diff,
    "publish": review.publish,
    "review": review.review,
    "serve": schedule.serve,
    "fetch": schedule.fetch,
}
