"""The commands that bring documents in on their own: `fetch` (poll the publication sources once) and
`serve` (register and serve the scheduled Prefect deployment: fetch, then run over raw/)."""
from __future__ import annotations

import os
import sys
from pathlib import Path

from ..errors import UsageError
from ..paths import RULES_DIR
from .common import prefect_environment


def serve(args) -> int:
    from ..fetch import SourceConfigError, load_config     # start-up: fetch (HTTP, feeds), not for --help
    from flows.serve import check_schedule, local_server, serve_deployment    # start-up: Prefect
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


def fetch(args) -> int:
    from ..fetch import SourceConfigError, fetch_all, load_config     # start-up: fetch (HTTP, feeds)
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
