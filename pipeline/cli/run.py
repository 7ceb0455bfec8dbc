"""The commands over many documents: `run` (extract what changed, write the output folder, directly or
as the Prefect flow, on this machine or a Dask cluster) and `validate` (check documents together), and
the lines a run prints for its user."""
from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

from ..locks import OutputLocked, holder_if_locked, locked_message, output_lock
from ..paths import project_dir
from ..run.inputs import expand_paths
from .common import prefect_environment, print_findings, progress


def validate(args) -> int:
    from ..run.documents import process_document          # start-up: extraction, not for --help
    from ..run.findings_file import write_findings        # start-up: as above
    from ..run.validation import validate_results         # start-up: pandas
    from ..validate import summary_line                   # start-up: extraction
    paths = expand_paths(args.paths or [project_dir() / "raw"])
    results = [process_document(p, args.edition) for p in progress(paths)]
    for r in results:
        if not r.ok:
            print(f"error: {r.error}", file=sys.stderr)
    findings = validate_results(results, args.extracted, args.known_values)
    out = args.findings or str(Path(args.extracted) / "findings.csv")
    if args.findings:
        write_findings(findings, out, keep_others=False, doc_ids={r.doc_id for r in results if r.ok})
    else:
        with output_lock(args.extracted):       # extracted/ is a run's: not while one is writing it
            write_findings(findings, out, doc_ids={r.doc_id for r in results if r.ok})
    print_findings(findings)
    print(f"{summary_line(findings)} -> {out}", file=sys.stderr)
    return 0 if all(r.ok for r in results) else 1      # like `run`: a document that could not be read


def run(args) -> int:
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
            from ..run.batch import run_documents         # start-up: extraction and pandas, after the checks
            results, summary = run_documents(inputs, args.out_dir, args.edition, args.force, args.workers,
                                             wait=not args.no_wait, progress=progress)
        else:
            prefect_environment()
            from flows.run_flow import flow_with_runner    # start-up: Prefect, after the checks
            run_flow = flow_with_runner(args.dask)
            options = dict(out_dir=args.out_dir, edition=args.edition, force=args.force, wait=not args.no_wait)
            if not args.dask:
                results, summary = run_flow(paths=inputs, workers=args.workers, **options)
            else:
                from flows.run_flow import api_for_workers     # start-up: Prefect
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
        from ..publish.diff import count_line, print_table     # start-up: not for --help
        for doc, rows in summary.get("diffs", {}).items():
            title = f"{doc} (extracted again, against the table it replaces)"
            if rows:
                print_table(rows, title)
            else:
                print(f"{title}: {count_line(rows)}")
    return _report(results, summary, args.out_dir)


def _as_named(result, sent: str, named: str):
    """A result of a document sent to a Dask worker as `sent` (its whole path), as named on the command line."""
    if sent == named:
        return result
    error = named + result.error[len(sent):] if result.error.startswith(sent) else result.error
    return dataclasses.replace(result, path=named, error=error)


def _report(results, summary, out_dir) -> int:
    from ..ingest import display_path             # start-up: ingest, not for --help
    from ..validate import DOCUMENT_WARNINGS      # start-up: extraction, not for --help
    for r in results:
        if not r.ok:
            print(f"error: {r.error}", file=sys.stderr)
    ok = [r for r in results if r.ok]
    for r in ok:
        for f in r.findings:
            if f.check in DOCUMENT_WARNINGS:
                print(f.line(), file=sys.stderr)
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
    for line in summary.get("decision_warnings", []):
        print(line, file=sys.stderr)
    return 0 if len(ok) == len(results) else 1
