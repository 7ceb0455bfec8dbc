# Two commands on a fresh machine: `make run` and `make test`. Both install first (pinned versions).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install run test bench clean

install: $(STAMP)

$(STAMP): requirements.txt constraints.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt -c constraints.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

run: install
	$(PY) -m pipeline run raw

test: install
	$(PY) -m pytest

bench: install
	$(PY) scripts/bench.py

clean:
	rm -rf .prefect .pytest_cache
