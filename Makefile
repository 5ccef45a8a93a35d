# Etablera — the two commands in README are `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
TEST_WORKERS ?= auto

.PHONY: demo test test-sqlite test-postgres lint check messages clean e2e screenshots

# Browser tests (etablera/e2e): Debian's Chromium (apt-get install chromium), Playwright from the test extras and
# axe-core from npm (etablera/e2e/package-lock.json). `make test` includes them when Chromium is installed.
E2E := etablera/e2e
AXE := $(E2E)/node_modules/axe-core/axe.min.js
CHROMIUM ?= /usr/bin/chromium
E2E_DEPS := $(if $(and $(wildcard $(CHROMIUM)),$(shell command -v npm)),$(AXE))

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  (echo "Etablera behöver Python 3.11 eller senare" >&2; exit 1)
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

## make demo: install, migrate, load the fictional demo data (idempotent) and serve on $(HOST):$(PORT)
## (make demo PORT=8080). The server runs with DEBUG off, so a missing page or a refusal shows Etablera's own
## 404 and 403 pages, not Django's debug page; plain HTTP on this machine, so cookies are not marked Secure.
## The background worker (`etablera worker`: the queue and the daily schedule, issue #18) runs beside the server and
## stops with it (Ctrl-C).
DEMO_SERVER_ENV := ALLOWED_HOSTS=$(HOST),127.0.0.1,localhost SECURE_COOKIES=0 SECURE_HSTS_SECONDS=0
demo: $(STAMP) fonts
	ETABLERA_DEBUG=1 $(BIN)/etablera migrate --no-input
	ETABLERA_DEBUG=1 $(BIN)/etablera demo --address http://$(HOST):$(PORT)/
	$(DEMO_SERVER_ENV) $(BIN)/etablera worker --no-reload & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT; trap 'exit 130' INT TERM; \
	  $(DEMO_SERVER_ENV) $(BIN)/etablera runserver $(HOST):$(PORT)

## make test: lint, system checks, migrations check and the whole suite on SQLite,
## spread over TEST_WORKERS processes (pytest-xdist; `auto` is one per core, TEST_WORKERS=0 runs in one process),
## and again on PostgreSQL when DATABASE_URL names one. The browser tests run once: in the PostgreSQL run when
## there is one (the production database), else in the SQLite run — what they check (the pages in a real browser,
## axe, the layout) is the same HTML on either database, and they were a fifth of each run's time (issue #19).
SQLITE_SKIPS := $(if $(filter postgres%,$(DATABASE_URL)),--ignore=$(E2E))
test: $(STAMP) $(E2E_DEPS) fonts
	$(BIN)/ruff check etablera
	$(BIN)/ruff format --check etablera
	env -u DATABASE_URL $(BIN)/etablera check --fail-level WARNING
	env -u DATABASE_URL $(BIN)/etablera makemigrations --check --dry-run
	env -u DATABASE_URL $(BIN)/pytest -n $(TEST_WORKERS) --dist worksteal $(SQLITE_SKIPS)
	@case "$$DATABASE_URL" in \
	  postgres*) echo "== PostgreSQL: $${DATABASE_URL%%@*}@…"; $(BIN)/pytest -n $(TEST_WORKERS) --dist worksteal ;; \
	  *) echo "(DATABASE_URL names no PostgreSQL database: the PostgreSQL run is skipped)" ;; \
	esac

## make fonts: Debian's Noto fonts, which the letters' PDF (etablera/letters, issue #18) shape Arabic script and
## Ethiopic with, and Pango, which WeasyPrint renders with. Installed here when running as root and missing;
## otherwise the command to run is printed.
LETTER_PACKAGES := fonts-noto-core libpango-1.0-0 libpangoft2-1.0-0
.PHONY: fonts
fonts:
	@{ fc-list 2>/dev/null | grep -q "Noto Sans Ethiopic" && /sbin/ldconfig -p | grep -q libpangoft2; } || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    export DEBIAN_FRONTEND=noninteractive; \
	    apt-get install -y -qq $(LETTER_PACKAGES) >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq $(LETTER_PACKAGES) >/dev/null; }; \
	  else \
	    echo "Brevens PDF behöver Debians Noto-typsnitt och Pango: sudo apt-get install $(LETTER_PACKAGES)" >&2; \
	  fi; }

$(AXE): $(E2E)/package.json $(E2E)/package-lock.json
	cd $(E2E) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

## make e2e: the browser tests only (Playwright + Chromium, axe-core on every page visited), on SQLite
e2e: $(STAMP) $(AXE)
	@test -x $(CHROMIUM) || { echo "make e2e needs Chromium at $(CHROMIUM): apt-get install chromium" >&2; exit 1; }
	env -u DATABASE_URL $(BIN)/pytest $(E2E) -p no:cacheprovider -rs

## make screenshots: docs/screenshots/*.png (README, docs/user-guide.sv.md) from the demo data, in the browser
screenshots: $(STAMP) $(AXE)
	@test -x $(CHROMIUM) || { echo "make screenshots needs Chromium at $(CHROMIUM): apt-get install chromium" >&2; exit 1; }
	ETABLERA_SCREENSHOTS=1 env -u DATABASE_URL $(BIN)/pytest $(E2E)/test_screenshots.py -p no:cacheprovider

## make bench: on PostgreSQL (BENCH_DATABASE_URL), create the database if missing, migrate, generate the national
## data set (`etablera generate`, 1 000 000 persons) if it has none, measure and rewrite docs/performance.md.
## Not part of `make test`. BENCH_ARGS passes options, e.g. BENCH_ARGS="--requests 100 --import-rows 0".
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/etablera_bench
.PHONY: bench
bench: $(STAMP)
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python -m etablera.benchmarks --prepare --output docs/performance.md \
	  --json var/bench/latest.json $(BENCH_ARGS)

## make bench-growth: the bench's pages at 1×, 2× and 3× the national data set (issue #19), each size a database of
## its own (make bench's for 1×, <name>_2x … beside it), generated and filled as make bench does, measured with the
## large tables each page's plans read whole, and dropped afterwards (not 1×); a 3× data set takes some 60 GB and an
## hour to generate. The results of every size are kept in docs/performance-growth.json and the table goes into
## docs/performance.md. BENCH_GROWTH_ARGS passes options, e.g. BENCH_GROWTH_ARGS="--sizes 2" for one size.
.PHONY: bench-growth
bench-growth: $(STAMP)
	BENCH_DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python -m etablera.benchmarks.growth $(BENCH_GROWTH_ARGS)

## make load: the load test on the bench database (make bench makes it): gunicorn with production settings on
## 127.0.0.1 (a free port), signed-in caseworkers (locust headless, the `load` extra) added in steps of 5, 10, 20 …
## users, each step measured for 60 s once its users have signed in, until a step's p95 passes 150 ms — the step
## before it is the ceiling, the saturation throughput — with the gunicorn workers' memory sampled every second;
## then gunicorn is stopped and the results go into docs/performance.md (a section of its own). LOAD_ARGS passes
## options, e.g. LOAD_ARGS="--steps 10,20,40 --step-time 30 --workers 4", or "--users 50 --run-time 90" for one
## step. Not part of `make test`.
LOAD_STAMP := $(VENV)/.installed-load
$(LOAD_STAMP): $(STAMP) pyproject.toml
	$(BIN)/pip install --quiet -e '.[test,load]'
	touch $@
.PHONY: load
load: $(LOAD_STAMP)
	DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python -m etablera.benchmarks.load $(LOAD_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check etablera
	$(BIN)/ruff format --check etablera

## make messages: refresh the English translation catalogue (Swedish is the source language)
messages: $(STAMP)
	cd etablera && ../$(BIN)/etablera makemessages -l en --no-obsolete --ignore '*/tests/*' --ignore 'testing/*' --ignore 'e2e/*' \
	  && ../$(BIN)/etablera compilemessages

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache

## make bench-matching: the housing matching (issue #5) on a generated 2 000 households × 2 000 homes, optimal
## against first come, first served, three runs; rewrites the figures in docs/housing-matching.md. No database.
## Not part of `make test`. BENCH_MATCHING_ARGS passes options, e.g. BENCH_MATCHING_ARGS="--households 500 --repeat 5".
.PHONY: bench-matching
bench-matching: $(STAMP)
	$(BIN)/python -m etablera.benchmarks.matching --output docs/housing-matching.md $(BENCH_MATCHING_ARGS)

## make bench-activity-matching: matching people to placements and activities (issue #13) on a generated 5 000
## people × 2 000 placements and activities, five runs (median and slowest); rewrites the figures in
## docs/activity-matching.md. No database. Not part of `make test`. BENCH_ACTIVITY_MATCHING_ARGS passes options.
.PHONY: bench-activity-matching
bench-activity-matching: $(STAMP)
	$(BIN)/python -m etablera.benchmarks.activity_matching --output docs/activity-matching.md $(BENCH_ACTIVITY_MATCHING_ARGS)
