# The two commands a newcomer needs (README.md):
#   make site   set up .venv with what the site needs, build the site and PDFs into site/
#   make test   add the test tools and Chromium, then lint, type-check and run every test
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
RUN    := $(VENV)/.installed-run
STAMP  := $(VENV)/.installed-test

.PHONY: site test quick lint typecheck pytest serve schema goldens bench clean system-deps site-deps debs

# What building the site and PDFs needs: the project and its runtime dependencies only.
$(RUN): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $(RUN)

# The test tools on top (pytest, ruff, mypy, Playwright for the system Chromium, ...).
$(STAMP): $(RUN)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

site: site-deps $(RUN)
	$(BIN)/playbook build

test: system-deps lint typecheck pytest

# Debian packages: Pango and a font for the PDF exports (WeasyPrint); the tests add Chromium
# for the browser tests. Installed when missing and when this user can run apt-get (root, as
# in CI); elsewhere the command says what to install.
SITE_DEBS := libpango-1.0-0 libpangoft2-1.0-0 fontconfig fonts-dejavu-core
site-deps:
	@$(MAKE) --no-print-directory debs DEBS="$(SITE_DEBS)"
system-deps:
	@$(MAKE) --no-print-directory debs DEBS="$(SITE_DEBS) chromium"
debs:
	@missing=""; for p in $(DEBS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else \
	    echo "missing Debian packages:$$missing (install them: apt-get install$$missing)"; \
	  fi; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check generator tests benchmarks
	$(BIN)/ruff format --check generator tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

# One test file per worker, on up to four cores (two in CI); each worker builds the shipped
# examples once for the tests that read them.
pytest: $(STAMP)
	$(BIN)/pytest -n auto --maxprocesses 4 --dist loadfile

# The quick loop while editing (under 30 s): lint and every test that builds no site, renders
# no PDF and starts no browser. `make test` runs everything.
quick: $(STAMP)
	$(BIN)/ruff check generator tests benchmarks
	$(BIN)/pytest -q -m "not slow" -n auto --maxprocesses 4

# The theme's end-of-life notice is shown once by `playbook build` (see CONTRIBUTING.md).
serve: $(RUN)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve

schema: $(RUN)
	$(BIN)/playbook schema

# Refresh tests/goldens/ after a deliberate change to the engine, a template or the model;
# review the diff before committing.
goldens: $(STAMP)
	$(BIN)/pytest tests/test_goldens.py --update-goldens -q

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_engine.py --partners 10000

clean:
	rm -rf $(VENV) site build .pytest_cache .mypy_cache .ruff_cache .hypothesis
