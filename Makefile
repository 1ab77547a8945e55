# Two commands a new user needs (see README):
#   make lab    set everything up, open the course in JupyterLab at lesson 00
#   make test   set everything up, run every test
# Both reuse the environment in .venv once it is built (idempotent).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.mcourse-installed
PORT   ?= 8888
export JUPYTER_CONFIG_DIR := $(CURDIR)/jupyter_config
# The venv's kernel first, whatever other "python3" kernels the user has installed.
export JUPYTER_PATH := $(CURDIR)/$(VENV)/share/jupyter
export MPLBACKEND := Agg

.PHONY: setup lab test test-browser lint datasets benchmarks clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed: '$(PYTHON)' was not found (set PYTHON=/path/to/python3.11)."; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,browser]'
	$(PY) -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (mcourse)" >/dev/null
	touch $(STAMP)

# JupyterLab with the course config (jupyter_config/: the course CSS, loaded by JupyterLab
# and by Notebook 7 at /tree/...), opened on lesson 00 in a fresh workspace (no old tabs), as
# root too (containers); the kernel draws plots inline (MPLBACKEND emptied). The URL printed
# in the terminal opens lesson 00 too (LabApp.default_url). LAB_ARGS adds options, e.g.
# LAB_ARGS=--no-browser. JupyterLab's menus in Arabic or Polish: Settings > Language.
LESSON_00 := 00_start_here.ipynb
lab: setup
	@ws=$$(mktemp -d) && trap 'rm -rf "$$ws"' EXIT INT TERM && \
	MPLBACKEND= $(VENV)/bin/jupyter lab --notebook-dir=notebooks notebooks/$(LESSON_00) \
	  --LabApp.default_url=/lab/tree/$(LESSON_00) \
	  --port=$(PORT) --LabApp.workspaces_dir="$$ws" \
	  $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root) $(LAB_ARGS)

test: setup
	$(PY) -m pytest -m "not browser" --nbval-lax tests notebooks $(PYTEST_ARGS)

test-browser: setup
	bash .ci/install-chromium
	$(PY) -m pytest -m browser tests/browser $(PYTEST_ARGS)

lint: setup
	$(VENV)/bin/ruff check mcourse tests benchmarks

datasets: setup
	$(VENV)/bin/mcourse datasets build

benchmarks: setup
	$(PY) benchmarks/run.py
	$(PY) benchmarks/bench_clv.py
	$(PY) benchmarks/bench_timeseries.py
	$(PY) benchmarks/bench_grading.py
	$(PY) benchmarks/bench_social.py
	$(PY) benchmarks/bench_lessons.py

clean:
	rm -rf $(VENV) build .pytest_cache
