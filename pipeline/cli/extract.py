"""The commands on one document: `extract` (its observations; with options its skipped numbers and
its findings) and `tables` (what became of every table cell). `extract` without --skipped or
--findings loads no pandas (tests/test_cli.py checks it)."""
from __future__ import annotations

import sys

from ..errors import IngestError
from ..paths import project_dir
from ..results import DocResult
from ..store import observations_csv, write_observations, write_table
from .common import print_findings


def extract(args) -> int:
    from ..run.api import extract_document        # start-up: reading, not for --help (extraction: as it reads)
    try:
        doc, result = extract_document(args.path, args.edition)
    except IngestError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    # (after the document is read: a PDF is read by a forked copy of the process, started before these)
    from ..extraction import coverage                       # start-up: extraction (spaCy, rules), not for --help
    from ..validate import check_document, coverage_findings, edition_far_from_text, summary_line  # as above
    rows = result.observations
    if args.out:
        write_observations(rows, args.out)
        core = sum(1 for o in rows if o.metric != "")
        print(f"{args.path}: edition {doc.edition} ({doc.edition_basis}), {len(rows)} rows "
              f"({core} with a core metric) -> {args.out}", file=sys.stderr)
    else:
        observations_csv(rows, sys.stdout)
    if args.skipped:
        import pandas as pd                       # start-up: pandas, only with --skipped
        sk = pd.DataFrame([{"char_start": s.start, "char_end": s.end, "surface": s.surface, "reason": s.reason}
                           for s in result.skipped], columns=["char_start", "char_end", "surface", "reason"])
        write_table(sk, args.skipped)
    for rep in doc.repairs:
        print(f"note: {args.path}: {rep}", file=sys.stderr)
    print(f"{args.path}: {coverage.of(result).line()}", file=sys.stderr)
    if not args.findings:         # with --findings it is printed among the document's findings
        for f in edition_far_from_text(doc) + coverage_findings(doc, result):
            print(f.line(), file=sys.stderr)
    if args.findings:
        from ..run.findings_file import write_findings    # start-up: the run layer, only with --findings
        from ..run.validation import validate_results     # start-up: pandas, only with --findings
        r = DocResult(args.path, True, doc_id=doc.doc_id, edition=doc.edition, observations=result.observations,
                      findings=check_document(doc, result), doc_text=doc.text)
        findings = validate_results([r], project_dir() / "extracted")
        write_findings(findings, args.findings, keep_others=False)
        print_findings(findings)
        print(f"{args.path}: {summary_line(findings)} -> {args.findings}", file=sys.stderr)
    return 0


def tables(args) -> int:
    import pandas as pd                           # start-up: pandas

    from ..extraction.table_review import CELL_COLUMNS, cell_rows     # start-up: extraction, not for --help
    from ..ingest import read_document                          # start-up: as above
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
