"""The stages import one way (issue 16): the import-linter contracts of pyproject.toml hold. A new
import from a later stage into an earlier one (validation importing the review app, the outputs
importing batch, diff extracting documents) fails here, naming the import chain."""
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT


def test_the_import_contracts_hold():
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint, "import-linter is not installed (requirements.txt)"
    r = subprocess.run([lint, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-1000:]
    assert "0 broken" in r.stdout and "8 kept" in r.stdout
