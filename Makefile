# Two entry points for a fresh machine (see README):  make run   and   make test
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test lint bench install dev

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e ".[all]"
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e ".[dev,bench]"
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
dev: $(VENV)/.installed-dev

## Set up and start the assessment interview in the terminal
run: install
	$(BIN)/backstride assess

lint: dev
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

## Set up and run every check: lint, knowledge-base validation, the test suite
test: dev lint
	$(BIN)/backstride kb check
	$(BIN)/python -m pytest -n 2 -q --durations=15

bench: dev
	$(BIN)/python benchmarks/run_all.py
