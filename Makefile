# Two commands on a fresh machine: `make run` and `make test`. Both install first (pinned versions).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install run test test-fast bench clean

install: $(STAMP)

$(STAMP): requirements.txt constraints.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt -c constraints.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

run: install
	$(PY) -m pipeline run raw

test: install
	env -u PYTHONDONTWRITEBYTECODE $(PY) -m pytest

# the suite without the runs of many documents, Prefect, Dask, the browser and the tests that start other
# processes at length (racing runs, a run killed half-way, the wheel installed): make test runs them all;
# in three workers on two cores (pytest-xdist: one waits on a socket or a subprocess while two compute),
# with bytecode kept between runs even where PYTHONDONTWRITEBYTECODE is set (every worker would
# compile and rewrite every module again)
test-fast: install
	env -u PYTHONDONTWRITEBYTECODE $(PY) -m pytest -n 3 --dist loadgroup -m "not slow and not prefect and not dask and not browser and not processes"

bench: install
	$(PY) scripts/bench.py

clean:
	rm -rf .prefect .pytest_cache
