"""migstat is a package that installs (issue 16): a wheel built from the sources holds every package
and the rules, and, installed into a fresh virtual environment (not editable, no checkout on its
path), `migstat extract` works from any folder and gives the rows a checkout gives."""
import shutil
import subprocess
import sys
import zipfile

import pytest

from conftest import ROOT

pytestmark = pytest.mark.processes      # pip builds the wheel, a new venv installs it
PY = sys.executable
DOC = ROOT / "raw" / "ind-asielinstroom-2020-04.txt"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    """The wheel of a copy of the sources (a build in the checkout would leave build/ there)."""
    src = tmp_path_factory.mktemp("src")
    for name in ("pipeline", "flows", "rules"):
        shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copyfile(ROOT / name, src / name)
    out = tmp_path_factory.mktemp("wheel")
    r = subprocess.run([PY, "-m", "pip", "wheel", str(src), "--no-deps", "--no-build-isolation", "--no-index", "-q",
                        "-w", str(out)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    return next(out.glob("migstat-*.whl"))


def test_the_wheel_holds_every_package_and_the_rules(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    packages = {p.parent.relative_to(ROOT).as_posix() for p in (ROOT / "pipeline").rglob("__init__.py")}
    packages |= {"flows"}
    assert {f"{p}/__init__.py" for p in packages} <= names
    assert {f"pipeline/_rules/{p.name}" for p in (ROOT / "rules").iterdir() if p.is_file()} <= names
    assert {f"pipeline/review/templates/{p.name}" for p in (ROOT / "pipeline/review/templates").iterdir()} <= names


def test_an_installed_migstat_extracts_from_any_folder_as_the_checkout_does(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys._base_executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    r = subprocess.run([PY, "-m", "pip", "--python", str(venv / "bin" / "python"), "install", "--no-deps", "--no-index",
                        "-q", str(wheel)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    # its dependencies from this environment's site-packages (a plain path: the editable install's
    # finder there is not started, so `pipeline` can only come from the wheel)
    site = next((venv / "lib").glob("python*/site-packages"))
    deps = next(p for p in map(str, sys.path) if p.endswith("site-packages") and p.startswith(str(ROOT)))
    (site / "deps.pth").write_text(deps + "\n", encoding="utf-8")
    work = tmp_path / "elsewhere"
    work.mkdir()
    shutil.copyfile(DOC, work / DOC.name)
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    where = subprocess.run([str(venv / "bin" / "python"), "-c", "import pipeline.paths as p; print(p.RULES_DIR)"],
                           capture_output=True, text=True, cwd=work, env=env, timeout=120)
    assert where.stdout.strip() == str(site / "pipeline" / "_rules")
    installed = subprocess.run([str(venv / "bin" / "migstat"), "extract", DOC.name], capture_output=True, text=True,
                               cwd=work, env=env, timeout=300)
    assert installed.returncode == 0, installed.stderr[-2000:]
    checkout = subprocess.run([PY, "-m", "pipeline", "extract", str(work / DOC.name)], capture_output=True, text=True,
                              cwd=work, timeout=300)
    assert checkout.returncode == 0, checkout.stderr[-2000:]
    gold = (ROOT / "tests" / "gold" / f"{DOC.stem}.csv").read_text(encoding="utf-8").splitlines()
    rows = installed.stdout.splitlines()
    assert rows[0].startswith("doc_id,source,edition,metric") and len(rows) == len(gold)    # every gold row's figure
    assert installed.stdout == checkout.stdout
