# Quick start:  make demo   (set up, run the demo on the example articles)
#               make test   (set up, run the whole test suite)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup system demo test lint benchmarks clean

$(STAMP): pyproject.toml setup.py translate_flow/tm/_counting.c
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "translate-flow needs Python 3.11 or newer"; exit 1; }
	bash scripts/setup-system.sh --build
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[all,dev]'
	@$(BIN)/python -c 'import translate_flow.tm._counting' 2>/dev/null || \
		echo "note: no C compiler here, so translation-memory lookups count in numpy (slower)"
	touch $(STAMP)

setup: $(STAMP)

# Debian packages the build, some features and the tests use (compiler, apertium, hunspell-be, tmux).
system:
	bash scripts/setup-system.sh

demo: $(STAMP)
	bash scripts/demo.sh

test: $(STAMP) system
	$(BIN)/python -m pytest -n 2 -q -p no:cacheprovider

lint: $(STAMP)
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

benchmarks: $(STAMP)
	for b in benchmarks/*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) demo-data
