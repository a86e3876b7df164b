# Two commands for a new user: `make report` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: setup report test lint lab bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev,dask]"
	$(PY) -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (framing toolkit)" >/dev/null
	touch $(STAMP)

report: setup
	$(PY) -m toolkit report seeds --out outputs --jobs 2

test: setup
	$(PY) -m ruff check toolkit tests benchmarks notebooks
	$(PY) -m pytest -n 2 -q

lint: setup
	$(PY) -m ruff check toolkit tests benchmarks notebooks

lab: setup
	$(VENV)/bin/jupyter lab notebooks/

bench: setup
	$(PY) -m benchmarks.run

clean:
	rm -rf outputs/analysis outputs/reports outputs/figures outputs/run.json .pytest_cache
