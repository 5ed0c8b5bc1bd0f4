# The two commands a newcomer needs (README.md):
#   make site   set up .venv, validate the assessments and build the site into site/
#   make test   set up .venv, then lint, type-check and run the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: site test lint typecheck pytest serve schema goldens bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

site: $(STAMP)
	$(BIN)/playbook build

test: lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check generator tests benchmarks
	$(BIN)/ruff format --check generator tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/pytest

serve: $(STAMP)
	$(BIN)/mkdocs serve

schema: $(STAMP)
	$(BIN)/playbook schema

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_engine.py --partners 10000

clean:
	rm -rf $(VENV) site build .pytest_cache .mypy_cache .ruff_cache .hypothesis
