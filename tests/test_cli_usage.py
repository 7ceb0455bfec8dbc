"""The command line behaves like one: usage errors refused before any work (exit 2, one line), a closed
pipe ends quietly, standard output has the same values as --out, an edition far from the text is a
warning, a folder's odd entries are reported like named ones, `tables` says "0 tables", every option
has help text."""
import argparse
import csv
import io
import os
import shutil
import subprocess
import sys

import pandas as pd
import pytest

from conftest import ROOT, gold_rows, migstat
from pipeline.cli import _parser
from pipeline.ingest import read_document
from pipeline.model import OBSERVATION_COLUMNS
from pipeline.validate import edition_far_from_text

K2017 = "raw/kerncijfers-2017-01.md"


def _cli(*args, env=None):
    return migstat(*args, env=env)


def _one_error_line(p, exit_code=2) -> str:
    assert p.returncode == exit_code, (p.returncode, p.stderr)
    assert "Traceback" not in p.stderr
    lines = p.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), p.stderr
    assert p.stdout == ""
    return lines[0]


@pytest.mark.parametrize("args,message", [
    (("extract", K2017, "--edition", "2024-13"),
     "error: argument --edition: '2024-13' is not a month YYYY-MM (for example 2024-03) (see `migstat extract --help`)"),
    (("extract", K2017, "--edition", "maart"),
     "error: argument --edition: 'maart' is not a month YYYY-MM (for example 2024-03) (see `migstat extract --help`)"),
    (("tables", K2017, "--edition", "2024-3"),
     "error: argument --edition: '2024-3' is not a month YYYY-MM (for example 2024-03) (see `migstat tables --help`)"),
    (("run", K2017, "--edition", "13-2024"),
     "error: argument --edition: '13-2024' is not a month YYYY-MM (for example 2024-03) (see `migstat run --help`)"),
    (("extract", "raw/nergens-2024-01.md"), "error: raw/nergens-2024-01.md: file not found"),
    (("tables", "raw/nergens.pdf"), "error: raw/nergens.pdf: file not found"),
    (("extract",), "error: the following arguments are required: path (see `migstat extract --help`)"),
    (("extract", K2017, "--out", "/sys/migstat/obs.csv"), "error: --out /sys/migstat/obs.csv: cannot write in /sys (Permission denied)"),
    (("extract", K2017, "--out", "README.md/obs.csv"), "error: --out README.md/obs.csv: README.md is not a folder"),
    (("extract", K2017, "--out", "raw"), "error: --out raw: unknown output format '(no extension)' (expected .csv or .parquet)"),
    (("extract", K2017, "--out", "tests"), "error: --out tests: unknown output format '(no extension)' (expected .csv or .parquet)"),
    (("run", "--direct", K2017, "--out-dir", "README.md"), "error: --out-dir README.md: is a file, not a folder"),
    (("run", K2017, "--out-dir", "/sys/migstat"), "error: --out-dir /sys/migstat: cannot write in /sys (Permission denied)"),
    (("run", K2017, "--dask", "scheduler"),
     "error: --dask scheduler: not a scheduler address (expected tcp://HOST:PORT, e.g. tcp://10.0.0.5:8786)"),
    (("run", K2017, "--dask", "udp://127.0.0.1:8786"), "error: --dask udp://127.0.0.1:8786: unknown protocol 'udp' (expected tcp or tls)"),
    (("run", "--direct", K2017, "--dask", "tcp://127.0.0.1:8786"),
     "error: --dask runs the Prefect flow on a cluster; it does not go with --direct"),
])
def test_usage_errors_are_one_line_and_exit_2(args, message):
    assert _one_error_line(_cli(*args)) == message


@pytest.mark.parametrize("option", ["--out", "--skipped", "--findings"])
def test_an_unknown_output_extension_is_refused_before_any_work(tmp_path, option):
    target = tmp_path / "obs.xlsx"
    p = _cli("extract", K2017, option, str(target))
    assert _one_error_line(p) == f"error: {option} {target}: unknown output format '.xlsx' (expected .csv or .parquet)"
    assert list(tmp_path.iterdir()) == []           # nothing written, not even a probe or a folder
    p = _cli("tables", "raw/staat-van-migratie-2024.md", "--out", str(tmp_path / "cells.xlsx"))
    assert _one_error_line(p).endswith("cells.xlsx: unknown output format '.xlsx' (expected .csv or .parquet)")


def test_a_bad_edition_in_validate_writes_no_findings(tmp_path):
    """Before, `validate --edition 2024-13` read every document, refused each and still rewrote
    findings.csv; now nothing is read or written."""
    p = _cli("validate", K2017, "--edition", "2024-13", "--extracted", str(tmp_path))
    assert _one_error_line(p).startswith("error: argument --edition: '2024-13' is not a month YYYY-MM")
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_out_dir_is_refused_before_prefect_starts(tmp_path):
    (tmp_path / "file").write_text("x")
    p = _cli("run", K2017, "--out-dir", str(tmp_path / "file" / "out"))
    assert _one_error_line(p) == f"error: --out-dir {tmp_path / 'file' / 'out'}: {tmp_path / 'file'} is not a folder"
    assert not (ROOT / ".prefect" / "migstat-probe").exists()


def test_a_dask_address_nothing_answers_at_is_refused(tmp_path):
    import socket
    with socket.socket() as s:            # a port on loopback that nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    p = _cli("run", K2017, "--dask", f"tcp://127.0.0.1:{port}", "--out-dir", str(tmp_path))
    assert _one_error_line(p) == f"error: --dask tcp://127.0.0.1:{port}: no Dask scheduler answers there (Connection refused)"
    env = {**os.environ, "MIGSTAT_DASK_ADDRESS": f"127.0.0.1:{port}"}      # the setting, checked the same way
    p = _cli("run", K2017, "--out-dir", str(tmp_path), env=env)
    assert _one_error_line(p) == f"error: --dask 127.0.0.1:{port}: no Dask scheduler answers there (Connection refused)"
    assert list(tmp_path.iterdir()) == []
    # --direct runs here, whatever the setting says
    p = _cli("run", "--direct", K2017, "--out-dir", str(tmp_path), env=env)
    assert p.returncode == 0, p.stderr
    assert (tmp_path / "kerncijfers-2017-01.csv").exists()


def test_a_closed_pipe_ends_quietly():
    """`extract | head -1` through a real pipe: the header line, nothing on standard error (not even the
    coverage line, which would come after the table). The reading side first makes the pipe one page
    (F_SETPIPE_SZ, before extract writes a byte; it fails loudly if not), so the 34 kB table of a month's
    item certainly meets the closed pipe, as a table larger than the usual 64 kB pipe does (the Staat
    van Migratie's, 4 s of extraction more)."""
    small_pipe = f"{sys.executable} -c 'import fcntl; fcntl.fcntl(0, fcntl.F_SETPIPE_SZ, 4096)'"
    p = subprocess.run(f"set -o pipefail; {sys.executable} -m pipeline extract raw/ind-asielinstroom-2020-04.txt"
                       f" | {{ {small_pipe} && head -1; }}",
                       shell=True, executable="/bin/bash", cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert p.stdout == ",".join(OBSERVATION_COLUMNS) + "\n"
    assert p.stderr == ""
    assert p.returncode == 141                  # 128 + SIGPIPE, as for `cat big | head -1`
    p = subprocess.run(f"{sys.executable} -m pipeline tables raw/staat-van-migratie-2024.md | head -2",
                       shell=True, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert p.stdout.splitlines()[1].startswith("Figuur 2 p.1: 3 rows x 4 columns, 6 observations")
    assert p.stderr == ""


def test_csv_on_standard_output_is_the_same_as_out(tmp_path):
    out = tmp_path / "obs.csv"
    assert _cli("extract", "raw/kerncijfers-2021-05.md", "--out", str(out)).returncode == 0
    p = _cli("extract", "raw/kerncijfers-2021-05.md")
    assert p.returncode == 0, p.stderr
    assert p.stdout == out.read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(p.stdout)))
    syria = [r for r in rows if r["metric"] == "asylum_first_applications_share" and r["nationality"] == "SY"
             and r["period_kind"] == "month"]
    assert [r["value"] for r in syria] == ["32"]            # "In mei 2021 kwam 32% ...", not 32.0
    assert not any(r["value"].endswith(".0") for r in rows)


def test_an_edition_far_from_the_text_is_a_warning_at_extraction(tmp_path):
    p = _cli("extract", K2017, "--edition", "2024-03", "--out", str(tmp_path / "o.csv"))
    assert p.returncode == 0, p.stderr
    warning = ("warning: edition_far_from_text: raw/kerncijfers-2017-01.md: the edition 2024-03 (given) is 75 months "
               "from the nearest year the text names (2017; it names 2012..2017): periods such as 'in maart' are read "
               "against the edition, so check --edition")
    assert p.stderr.splitlines()[-1] == warning
    # the document's own edition: no warning
    p = _cli("extract", K2017, "--out", str(tmp_path / "o.csv"))
    assert "edition_far_from_text" not in p.stderr
    # with --findings: a finding (printed once, among the others)
    p = _cli("extract", K2017, "--edition", "2024-03", "--out", str(tmp_path / "o.csv"), "--findings", str(tmp_path / "f.csv"))
    assert p.returncode == 0, p.stderr
    assert p.stderr.count("edition_far_from_text") == 1 and warning in p.stderr.splitlines()
    f = pd.read_csv(tmp_path / "f.csv", keep_default_na=False)
    row = f[f.check == "edition_far_from_text"].iloc[0]
    assert (row.severity, row.source, row.metric) == ("warning", "raw/kerncijfers-2017-01.md", "")
    assert row.message.startswith("the edition 2024-03 (given) is 75 months")
    # and a run says it too
    p = _cli("run", "--direct", K2017, "--edition", "2024-03", "--out-dir", str(tmp_path / "run"))
    assert warning in p.stderr.splitlines()


def test_an_inferred_edition_far_from_the_text_is_a_warning():
    """The edition read from a text whose months carry no year ("in oktober en november") came out
    as 1999-11 for this Kamerbrief of December 2014; its file name's date now gives those months their
    year (2014-11). An edition that still lands far from the text is a warning."""
    import dataclasses
    doc = read_document(ROOT / "tests/dev2/docs/kamerbrief_asielinstroom_okt-nov_2014_kst-19637-1939_2014-12-19.txt")
    assert (doc.edition, doc.edition_basis) == ("2014-11", "latest month mentioned")
    assert edition_far_from_text(doc) == []
    far = dataclasses.replace(doc, edition="1999-11")
    [f] = edition_far_from_text(far)
    assert (f.check, f.severity) == ("edition_far_from_text", "warning")
    assert f.message.startswith("the edition 1999-11 (read from the text: latest month mentioned) is ")
    assert "nearest year the text names (2014; it names 2014..2015)" in f.message
    # the same text with its real edition: nothing to say
    assert edition_far_from_text(read_document(doc.source, "2014-12")) == []
    # the reports in raw/ with the edition read from them: none
    for path in sorted((ROOT / "raw").iterdir()):
        assert edition_far_from_text(read_document(path)) == [], path


def test_a_folders_odd_entries_are_reported_like_named_ones(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(ROOT / "raw" / "ind-asielinstroom-2020-04.txt", docs)
    (docs / "archief").mkdir()
    shutil.copy(ROOT / "raw" / "kerncijfers-2017-01.md", docs / "archief")
    (docs / "lus.txt").symlink_to(docs / "lus.txt")          # a symlink loop
    (docs / "weg.md").symlink_to(tmp_path / "nergens.md")    # a link to nothing
    shutil.copy(ROOT / "tests/fixtures/bad/unknown.docx", docs)
    (docs / ".verborgen.txt").write_text("hidden files stay out")
    out = tmp_path / "out"
    p = _cli("run", "--direct", str(docs), "--out-dir", str(out))
    assert p.returncode == 1 and "Traceback" not in p.stderr
    errors = [l for l in p.stderr.splitlines() if l.startswith("error: ")]
    named = {}
    for entry in ("archief", "lus.txt", "weg.md", "unknown.docx"):
        q = _cli("extract", str(docs / entry))
        named[entry] = _one_error_line(q)
    assert sorted(errors) == sorted(named.values())            # the same line as when named, one each
    assert named["archief"] == f"error: {docs / 'archief'}: is a directory, not a document"
    assert named["lus.txt"] == f"error: {docs / 'lus.txt'}: cannot be read (Too many levels of symbolic links)"
    assert named["weg.md"] == f"error: {docs / 'weg.md'}: file not found"
    assert "unknown format '.docx'" in named["unknown.docx"]
    assert len(pd.read_csv(out / "ind-asielinstroom-2020-04.csv")) == gold_rows("ind-asielinstroom-2020-04")   # the rest ran
    assert sorted(p.name for p in out.glob("*.csv") if p.stem not in ("findings", "changes", "series", "coverage")) == [
        "ind-asielinstroom-2020-04.csv"]


def test_tables_says_how_many(tmp_path):
    p = _cli("tables", K2017)
    assert p.returncode == 0, p.stderr
    assert p.stdout == "raw/kerncijfers-2017-01.md: 0 tables\n"
    p = _cli("tables", "raw/staat-van-migratie-2024.md", "--out", str(tmp_path / "cells.csv"))
    cells = pd.read_csv(tmp_path / "cells.csv", keep_default_na=False)
    listed = p.stdout.splitlines()[:-1]
    assert p.stdout.splitlines()[-1] == f"raw/staat-van-migratie-2024.md: {len(listed)} tables, {len(cells)} cells"
    assert len(listed) == cells.groupby(["table", "caption"]).ngroups == 79


def _actions(parser, path=("migstat",)):
    for a in parser._actions:
        if isinstance(a, argparse._SubParsersAction):
            for name, sub in a.choices.items():
                yield from _actions(sub, (*path, name))
        yield path, a


def test_every_option_of_every_subcommand_has_help_text():
    actions = list(_actions(_parser()))
    commands = {path[1] for path, _ in actions if len(path) > 1}
    assert {"extract", "validate", "tables", "diff", "publish", "run"} <= commands
    missing = [f"{' '.join(path)} {a.option_strings or a.dest}" for path, a in actions
               if not a.help or a.help == argparse.SUPPRESS]
    assert missing == []
    # and --help prints it without error for each
    for name in sorted(commands):
        p = _cli(name, "--help")
        assert p.returncode == 0 and "usage: migstat " + name in p.stdout


def test_workers_need_a_prefect_api_that_outlives_the_run_and_that_they_can_reach():
    """Checked from the addresses alone (nothing is contacted): a cluster elsewhere cannot report to
    this machine's loopback; and no cluster to the temporary server a run starts when PREFECT_API_URL
    is not set (issue 15: from the second run on the workers kept reporting to the first run's dead
    server every ~7 s, lost events and grew from 370 to 725 MB)."""
    from pipeline.cli.usage import UsageError, api_reachable_from
    with pytest.raises(UsageError, match=r"^--dask tcp://10\.1\.2\.3:8786: the workers need a Prefect server that "
                                         r"outlives the run \(they keep reporting to it\); start one with "
                                         r"`prefect server start --host 0\.0\.0\.0` and set PREFECT_API_URL=http://THIS-HOST:4200/api$"):
        api_reachable_from("tcp://10.1.2.3:8786", None)
    with pytest.raises(UsageError, match=r"^--dask tcp://127\.0\.0\.1:8786: .* `prefect server start` and set "
                                         r"PREFECT_API_URL=http://127\.0\.0\.1:4200/api$"):
        api_reachable_from("tcp://127.0.0.1:8786", None)          # a local cluster too
    with pytest.raises(UsageError, match=r"PREFECT_API_URL http://127\.0\.0\.1:4200/api is this machine's loopback"):
        api_reachable_from("tcp://dask-scheduler.example:8786", "http://127.0.0.1:4200/api")
    api_reachable_from("tcp://10.1.2.3:8786", "http://10.1.2.1:4200/api")
    api_reachable_from("tcp://localhost:8786", "http://127.0.0.1:4200/api")
