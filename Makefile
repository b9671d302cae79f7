# ipgov-kg: `make run` builds everything from data/corpus; `make test` runs the whole suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEV    := $(VENV)/.dev-installed

.PHONY: run test lint browser office ocr clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(DEV): $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

run: $(STAMP)
	$(BIN)/kg run data/corpus

lint: $(DEV)
	$(BIN)/ruff check kg tests bench tools

browser:
	tools/install-browser.sh

office:
	tools/install-office.sh

ocr:
	tools/install-ocr.sh

test: $(DEV) lint browser office ocr
	$(BIN)/python -m pytest -q -n auto --dist loadscope

clean:
	rm -rf build visualizations/*.html .pytest_cache
