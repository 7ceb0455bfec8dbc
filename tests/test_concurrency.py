"""pdfium is not thread-safe: no two threads of one process may be inside it at once, whatever runs
them (Prefect's thread pool, the review app's server threads). A crash kills the process, so each
check runs in a child process and looks at how it ended."""
import subprocess
import sys

import pytest

from conftest import ROOT

PDFS = [ROOT / "raw" / "kerncijfers-2023-01.rendered.pdf", ROOT / "tests/fixtures/twins/kerncijfers-2021-05.rendered.pdf"]

THREADS = """
import sys, threading
from pipeline.pdftext import read_pdf
from pipeline.review.pdfpage import render_page_png
paths = sys.argv[1:]
ref = {p: read_pdf(p) for p in paths}
bad = []
def work(k):
    for i in range(12):
        p = paths[(k + i) % len(paths)]
        if k % 3 == 2:
            render_page_png(p, 1, 0.5)
        elif read_pdf(p) != ref[p]:
            bad.append(p)
ts = [threading.Thread(target=work, args=(k,)) for k in range(6)]
[t.start() for t in ts]
[t.join() for t in ts]
print(len(bad))
"""


def test_pdfs_read_and_rendered_from_six_threads_at_once():
    """Without the lock this crashed (exit -11) in about one run of three."""
    for _ in range(2):
        p = subprocess.run([sys.executable, "-c", THREADS, *map(str, PDFS)], cwd=ROOT, capture_output=True,
                           text=True, timeout=300)
        assert (p.returncode, p.stdout.strip()) == (0, "0"), p.stderr[-2000:]


@pytest.mark.slow
def test_the_prefect_run_of_sixty_pdfs_does_not_crash(tmp_path):
    """Issue 15's reproduction: 30 copies each of two rendered PDFs (each with a different comment
    appended), `migstat run` (the Prefect flow, its extract tasks in a thread pool) — exit 139 in 3 of 7
    tries before. Twice, each a whole run with its own Prefect start-up."""
    docs = tmp_path / "docs"
    docs.mkdir()
    for n in range(30):
        for pdf in PDFS:
            (docs / f"{pdf.stem}-{n:02d}.pdf").write_bytes(pdf.read_bytes() + f"\n% kopie {n}\n".encode())
    for attempt in range(2):
        out = tmp_path / f"out{attempt}"
        p = subprocess.run([sys.executable, "-m", "pipeline", "run", str(docs), "--out-dir", str(out)], cwd=ROOT,
                           capture_output=True, text=True, timeout=600)
        assert p.returncode in (0, 1), (p.returncode, p.stderr[-3000:])
        assert len(list(out.glob("kerncijfers-*.csv"))) == 60
