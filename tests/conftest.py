import contextlib
import gc
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW", "ignore")

# gold file stem -> the document it describes (all inside the repository)
GOLD_SOURCES = {
    "kerncijfers-2017-01": ROOT / "raw/kerncijfers-2017-01.md",
    "kerncijfers-2021-05": ROOT / "raw/kerncijfers-2021-05.md",
    "kerncijfers-2023-01": ROOT / "tests/fixtures/twins/kerncijfers-2023-01.txt",
    "feitelijke-vragen-jaarverslag-jenv-2022": ROOT / "raw/feitelijke-vragen-jaarverslag-jenv-2022.txt",
    "emn-asieltrends-2016-12": ROOT / "raw/emn-asieltrends-2016-12.txt",
    "ind-asielinstroom-2020-04": ROOT / "raw/ind-asielinstroom-2020-04.txt",
    "ind-asielinstroom-2022-12": ROOT / "raw/ind-asielinstroom-2022-12.txt",
    "staat-van-migratie-2024": ROOT / "raw/staat-van-migratie-2024.md",
}
# `make test-fast` runs in xdist workers with --dist loadgroup: the tests that extract one of the two large
# shared documents run in one worker each, which extracts it once (`extracted`, `processed`) instead of
# every worker doing it again. The 122-page Staat van Migratie PDF (read or extracted):
SVM_PDF_GROUP = pytest.mark.xdist_group("staat-van-migratie-pdf")
# the Staat van Migratie as Markdown, with the review workspace (tests/review_workspace.py) built from it:
SVM_MD_GROUP = pytest.mark.xdist_group("staat-van-migratie-md")
# the PDF twin of each text document (same words, laid out as PDF)
TWINS = {
    "kerncijfers-2017-01": ROOT / "tests/fixtures/twins/kerncijfers-2017-01.rendered.pdf",
    "kerncijfers-2021-05": ROOT / "tests/fixtures/twins/kerncijfers-2021-05.rendered.pdf",
    "kerncijfers-2023-01": ROOT / "raw/kerncijfers-2023-01.rendered.pdf",
    "feitelijke-vragen-jaarverslag-jenv-2022": ROOT / "tests/fixtures/twins/feitelijke-vragen-jaarverslag-jenv-2022.rendered.pdf",
    "staat-van-migratie-2024": ROOT / "tests/fixtures/twins/staat-van-migratie-2024.rendered.pdf",
}


def gold_rows(stem: str, core: bool = False) -> int:
    """How many observations (with `core`, with a core metric) the gold file of a document holds: what
    its table must hold, since the extractor matches every gold document (tests/test_gold.py) — a test
    about something else compares with this rather than a number of its own."""
    import csv
    with open(ROOT / "tests" / "gold" / f"{stem}.csv", encoding="utf-8", newline="") as fh:
        return sum(1 for r in csv.DictReader(fh) if not core or r.get("metric"))


def _version(path: Path, edition: str | None) -> tuple:
    st = path.stat()
    return (str(path.resolve()), edition, st.st_mtime_ns, st.st_size)


_READ: dict = {}


def read(path, edition: str | None = None):
    """ingest.read_document of a shared document of the repository (raw/, tests/fixtures/), once per test
    session and per version of the file: reading the 122-page Staat van Migratie PDF alone takes most
    of a second. The same frozen Document read_document gives."""
    from pipeline.ingest import read_document
    path = Path(path)
    key = _version(path, edition)
    if key not in _READ:
        _READ[key] = read_document(path, edition)
    return _READ[key]


_EXTRACTED: dict = {}


def extracted(path, edition: str | None = None):
    """(Document, ExtractResult) of a shared document of the repository (raw/, tests/fixtures/), read and
    extracted once per test session and per version of the file, as run.api.extract_document does it
    (read_document, then extraction's extract): many tests look at the same few documents (the Staat van
    Migratie as Markdown and as a 122-page PDF above all). Frozen records; a test must not change the
    lists it gets."""
    from pipeline.extraction import extract
    path = Path(path)
    key = _version(path, edition)
    if key not in _EXTRACTED:
        doc = read(path, edition)
        _EXTRACTED[key] = (doc, extract(doc))
    return _EXTRACTED[key]


_PROCESSED: dict = {}


def processed(path, edition: str | None = None):
    """run.documents.process_document of a shared document of the repository (its DocResult: rows,
    findings of its own checks, coverage), made once per test session and per version of the file from
    the session's extraction (`extracted`). The same record process_document gives; a test must not
    change it."""
    from unittest import mock
    from pipeline.run import documents
    path = Path(path)
    key = _version(path, edition)
    if key not in _PROCESSED:
        done = extracted(path, edition)
        with mock.patch.object(documents, "extract_document", lambda *_a, **_k: done):
            _PROCESSED[key] = documents.process_document(path, edition)
    return _PROCESSED[key]


@contextlib.contextmanager
def shared_extractions():
    """Inside: run.documents.process_document (what `validate`, `extract --findings` and `run --direct`
    run per document) takes its extraction from the session's (`extracted`), for a test of a command
    about what it does after extraction on shared documents (the Staat van Migratie's takes 3 s)."""
    from unittest import mock
    from pipeline.run import documents
    with mock.patch.object(documents, "extract_document", extracted):
        yield


def extracted_rows(path) -> int:
    """How many rows extract() gives a document (once per test session): for documents without a gold file."""
    return len(extracted(path)[1].observations)


def migstat(*args, env: dict | None = None, cwd=ROOT) -> "subprocess.CompletedProcess":
    """`python -m pipeline ARGS` run inside the test's process (pipeline.cli.main), as a CompletedProcess
    with the exit code and what went to standard output and error (text, newlines as `text=True` gives
    them). The same command line, parsing, messages and exit codes as the process, without a Python and
    spaCy start-up per call; what only a process shows (a real pipe, start-up imports, signals) is tested
    with subprocess. `env` replaces the environment for the call, `cwd` the working folder."""
    import contextlib
    import io
    import signal
    import subprocess
    from pipeline.cli import main
    out, err = io.BytesIO(), io.BytesIO()
    stdout = io.TextIOWrapper(out, encoding="utf-8", errors="replace", newline="", write_through=True)
    stderr = io.TextIOWrapper(err, encoding="utf-8", errors="replace", newline="", write_through=True)
    saved_env, saved_cwd = dict(os.environ), os.getcwd()
    saved_sigterm = signal.getsignal(signal.SIGTERM)      # main() makes SIGTERM raise; the test's stays
    try:
        if env is not None:
            os.environ.clear()
            os.environ.update(env)
        os.chdir(cwd)
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            try:
                code = main([str(a) for a in args])
            except SystemExit as e:          # argparse's usage errors
                code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
            stdout.flush()
            stderr.flush()
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
        signal.signal(signal.SIGTERM, saved_sigterm)

    def text(b: io.BytesIO) -> str:
        return b.getvalue().decode("utf-8", "replace").replace("\r\n", "\n").replace("\r", "\n")
    return subprocess.CompletedProcess(["migstat", *map(str, args)], code, text(out), text(err))


def pytest_configure(config):
    """The garbage collector less often: a test process holds large long-lived objects (the session's
    extractions of the shared documents, the spaCy pipeline, the review workspace), and each full
    collection walks them all again. With Python's thresholds (700, 10, 10) the three workers of make
    test-fast made 28 full collections, 10 s of the run; with these, one. Nothing waits on a collection:
    the product's runs in their own processes keep Python's thresholds."""
    gc.set_threshold(10_000, 10, 100)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """`--dist loadgroup` (make test-fast) keeps the tests of one xdist_group in one worker by a suffix
    '@group' on their node ids, which pytest-xdist 3.8 still writes to `item._nodeid`; pytest 9.2 keeps
    node ids in `item._id`, so the suffix was lost and every group was spread over the workers (each
    extracting the 122-page PDF again). Until xdist writes it where pytest reads it
    (pytest-dev/pytest-xdist#1386), the worker writes it here; a suffix already there is left alone."""
    if not getattr(config.option, "loadgroup", False):      # only inside an xdist worker of --dist loadgroup
        return
    from _pytest.nodeid import NodeId
    for item in items:
        names = sorted({str(m.args[0] if m.args else m.kwargs.get("name", "default"))
                        for m in item.iter_markers("xdist_group")})
        if names and not item.nodeid.endswith("@" + "_".join(names)) and isinstance(getattr(item, "_id", None), NodeId):
            item._id = NodeId.parse(f"{item.nodeid}@{'_'.join(names)}")


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config):
    """The session is over and this process only exits now: the cyclic garbage collector would walk the
    session's objects (extractions, spaCy, pandas, the review workspace) again and again while they are
    freed, 2-3 s at the end of every xdist worker, and the last worker's exit is the end of make
    test-fast. Frozen, they are still freed (reference counts) and atexit handlers and finalizers still
    run; only no collection looks at them again. (The tests run no pytest inside this process.)"""
    gc.disable()
    gc.freeze()
