"""The commands on the finished tables: `review` (the web app, or one HTML file), `diff` (what changed
between tables, revisions or editions) and `publish` (the series from the tables and the decisions)."""
from __future__ import annotations

import sys
from pathlib import Path

from ..locks import output_lock
from ..names import is_extraction_table
from ..paths import project_dir


def review(args) -> int:
    from ..publish.decisions import DecisionError      # start-up: the review app, not for --help
    from ..review.folder import WorkspaceError        # start-up: as above
    from ..review.guard import UnsafeAddress          # start-up: as above
    try:
        if args.out:
            from ..review.export import write_static      # start-up: as above
            path = write_static(args.out, args.extracted, args.decisions, args.docs)
            print(f"{path}: {path.stat().st_size / 1e6:.1f} MB, read-only (decisions are made in the app)",
                  file=sys.stderr)
            return 0
        from ..review.app import serve                # start-up: the web app
        serve(args.extracted, args.decisions, args.docs, host=args.host, port=args.port, reviewer=args.reviewer,
              token=args.token)
    except (WorkspaceError, DecisionError, UnsafeAddress) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except OSError as e:     # the port is taken, the output cannot be written
        print(f"error: {e.filename or 'review'}: {e.strerror or e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        pass
    return 0


def diff(args) -> int:
    from ..publish import diff as D                    # start-up: not for --help
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


def _document_rows(path: Path, edition: str | None) -> list[dict]:
    """A document's rows for `diff` (which reads tables only), extracted now."""
    from ..publish.diff import DiffInputError        # start-up: not for --help
    from ..run.documents import process_document    # start-up: extraction
    r = process_document(path, edition)
    if not r.ok:
        raise DiffInputError(r.error)
    return r.frame.to_dict(orient="records")


def publish(args) -> int:
    from ..publish.decisions import DecisionError      # start-up: not for --help
    from ..publish.series import decision_warnings, series_summary, write_series     # start-up: as above
    if not Path(args.extracted).is_dir():
        print(f"error: {args.extracted}: no such folder (run `make run` first)", file=sys.stderr)
        return 2
    try:
        with output_lock(args.extracted):
            csv_path, pq_path = write_series(args.extracted, args.decisions)
    except DecisionError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    print(f"{series_summary(pq_path)} -> {csv_path}, {pq_path.name}", file=sys.stderr)
    for line in decision_warnings(args.extracted, args.decisions):
        print(line, file=sys.stderr)
    return 0
