"""`migstat run --dask ADDRESS`: the same flow with its documents on a Dask cluster (prefect-dask's
DaskTaskRunner), here a distributed.LocalCluster on 127.0.0.1 with one worker process; the same
outputs, byte for byte, as a run without Prefect."""
import os
import subprocess
import sys

import pytest

from conftest import ROOT

pytestmark = pytest.mark.dask      # distributed and prefect_dask are imported by the fixtures: a run that
                                   # leaves these tests out does not pay for importing them

DOCS = ["raw/kerncijfers-2017-01.md", "raw/ind-asielinstroom-2020-04.txt", "raw/kerncijfers-2023-01.rendered.pdf",
        "tests/fixtures/bad/junk.pdf"]
OUTPUTS = ["kerncijfers-2017-01.csv", "ind-asielinstroom-2020-04.csv", "kerncijfers-2023-01.rendered.csv",
           "observations.parquet", "findings.csv", "changes.csv", "series.csv", "series.parquet"]


@pytest.fixture(scope="module")
def prefect_api():
    """A Prefect server that outlives each run, as `run --dask` requires (on 127.0.0.1, a free port)."""
    from prefect.server.api.server import SubprocessASGIServer
    server = SubprocessASGIServer()
    server.start(timeout=90)
    yield server.api_url
    server.stop()


@pytest.fixture(scope="module")
def cluster(prefect_api):
    distributed = pytest.importorskip("distributed")
    pytest.importorskip("prefect_dask")
    os.environ["PREFECT_API_URL"] = prefect_api      # the workers (started here) report to it too
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=True, host="127.0.0.1",
                                  dashboard_address="127.0.0.1:0", protocol="tcp") as c:
        yield c
    del os.environ["PREFECT_API_URL"]


def _run(*args, env=None):
    return subprocess.run([sys.executable, "-m", "pipeline", "run", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, env={**os.environ, **(env or {})})


def _worker_log_lines(cluster, words: str) -> list[str]:
    import distributed
    with distributed.Client(cluster) as client:
        logs = client.get_worker_logs()
    return [line for lines in logs.values() for _, line in lines if words in line]


def _extract_tasks(cluster) -> int:
    """How many extract tasks the cluster's scheduler has seen finish."""
    prefix = cluster.scheduler.task_prefixes.get("extract_task")
    return prefix.state_counts["memory"] if prefix is not None else 0     # (a prefix's len() is its live tasks)


def _worker_children(cluster) -> list[str]:
    import distributed
    import psutil
    with distributed.Client(cluster) as client:
        pids = client.run(os.getpid).values()
    return [" ".join(c.cmdline()) for pid in pids for c in psutil.Process(pid).children(recursive=True)]


def _console(stderr: str) -> list[str]:
    """The lines a run says about its documents (not Prefect's or Dask's log lines)."""
    return [l for l in stderr.splitlines() if l.startswith(("error: ", "raw/", "tests/"))]


def test_a_run_on_a_dask_cluster_gives_the_same_outputs(cluster, tmp_path):
    # a document outside the project, named relative to it: the cluster gets its absolute path, and
    # every mode writes one name for it (issue 15: `source` differed, and mixing modes doubled the Parquet)
    (tmp_path / "elders").mkdir()
    outside = tmp_path / "elders" / "emn.txt"
    outside.write_bytes((ROOT / "raw" / "emn-asieltrends-2016-12.txt").read_bytes())
    docs = DOCS + [os.path.relpath(outside, ROOT)]
    direct = _run("--direct", *docs, "--out-dir", str(tmp_path / "direct"))
    assert direct.returncode == 1, direct.stderr          # junk.pdf cannot be read, the others are done
    on_dask = _run("--dask", cluster.scheduler_address, *docs, "--out-dir", str(tmp_path / "dask"))
    assert on_dask.returncode == 1, on_dask.stderr
    assert f"running the documents on the Dask cluster at {cluster.scheduler_address} (Prefect API {os.environ['PREFECT_API_URL']})" \
        in on_dask.stderr
    for name in OUTPUTS + ["emn.csv"]:
        assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "direct" / name).read_bytes(), name
    assert (tmp_path / "dask" / "emn.csv").read_text().splitlines()[1].split(",")[1] == str(outside)
    assert _console(on_dask.stderr) == _console(direct.stderr)
    assert any(l.startswith("error: tests/fixtures/bad/junk.pdf: not a PDF") for l in on_dask.stderr.splitlines())
    assert "raw/kerncijfers-2017-01.md: 22 rows, new table" in on_dask.stderr.splitlines()
    # the documents were extracted by the cluster's worker, one Dask task each, reporting to the run's
    # Prefect server: the worker started no server of its own
    assert _extract_tasks(cluster) == len(docs)
    assert _worker_children(cluster) == []


def test_the_setting_chooses_the_cluster_too(cluster, tmp_path):
    before = _extract_tasks(cluster)
    p = _run("raw/kerncijfers-2021-05.md", "--out-dir", str(tmp_path), env={"MIGSTAT_DASK_ADDRESS": cluster.scheduler_address})
    assert p.returncode == 0, p.stderr
    assert "raw/kerncijfers-2021-05.md: 25 rows, new table" in p.stderr.splitlines()
    assert _extract_tasks(cluster) == before + 1
    assert _worker_children(cluster) == []
    # a second run on the same workers: they report to the same live server, not to a dead one
    assert _worker_log_lines(cluster, "Unable to connect") == []


def test_a_run_on_a_cluster_without_a_lasting_prefect_server_is_refused(cluster, tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    p = subprocess.run([sys.executable, "-m", "pipeline", "run", "--dask", cluster.scheduler_address, DOCS[0],
                        "--out-dir", str(tmp_path / "out")], cwd=ROOT, capture_output=True, text=True, timeout=120, env=env)
    assert p.returncode == 2
    assert p.stderr.strip().splitlines() == [
        f"error: --dask {cluster.scheduler_address}: the workers need a Prefect server that outlives the run (they keep "
        "reporting to it); start one with `prefect server start` and set PREFECT_API_URL=http://127.0.0.1:4200/api"]
    assert not (tmp_path / "out").exists()
