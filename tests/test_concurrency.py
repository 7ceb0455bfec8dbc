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
from pipeline.ingest.pdf.reader import read_pdf
from pipeline.review.pdfpage.render import render_page_png
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


def _run_then_signal(out, sig):
    """`migstat run raw` as a child; once its temporary Prefect server is up, `sig`. (exit status,
    stderr, the run's child processes still alive a second after it ended)."""
    import signal  # noqa: F401
    import time

    import psutil
    p = subprocess.Popen([sys.executable, "-m", "pipeline", "run", "raw", "--out-dir", str(out), "--force"], cwd=ROOT,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    proc, kids, t0 = psutil.Process(p.pid), [], time.time()
    try:
        while time.time() - t0 < 90 and not any("uvicorn" in " ".join(k.cmdline()) for k in kids):
            time.sleep(0.2)
            kids = proc.children(recursive=True)
        assert kids, "no Prefect server was started"
        time.sleep(2)
        p.send_signal(sig)
        _, err = p.communicate(timeout=90)
    finally:
        if p.poll() is None:
            p.kill()
    time.sleep(1)
    alive = [k for k in kids if k.is_running() and k.status() != psutil.STATUS_ZOMBIE]
    for k in alive:
        k.kill()
    return p.returncode, err, alive


@pytest.mark.slow
def test_sigterm_ends_a_run_like_ctrl_c_and_stops_its_prefect_server(tmp_path):
    """Issue 15: SIGTERM (what a scheduler, systemd or a container stop sends) left the temporary
    Prefect server running (~220 MB on 127.0.0.1); SIGINT cleaned up. Both now do."""
    import signal
    code, err, alive = _run_then_signal(tmp_path / "out", signal.SIGTERM)
    assert (code, alive) == (143, []), err[-2000:]
    assert err.strip().splitlines()[-1] == "error: terminated"
    # and a run after it finds the folder usable (an interrupted run's staging folder is discarded)
    from pipeline.run.batch import run_documents
    results, _ = run_documents([ROOT / "raw" / "ind-asielinstroom-2020-01.txt"], tmp_path / "out", wait=False)
    assert results[0].ok and not (tmp_path / "out" / ".staging").exists()
