# Etablera — the two commands in README are `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test test-sqlite test-postgres lint check messages clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  (echo "Etablera behöver Python 3.11 eller senare" >&2; exit 1)
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

## make demo: install, migrate, load the fictional demo data (idempotent) and serve on 127.0.0.1:8000
demo: $(STAMP)
	ETABLERA_DEBUG=1 $(BIN)/etablera migrate --no-input
	ETABLERA_DEBUG=1 $(BIN)/etablera demo
	ETABLERA_DEBUG=1 $(BIN)/etablera runserver $(HOST):$(PORT)

## make test: lint, system checks, migrations check and the whole suite on SQLite,
## and again on PostgreSQL when DATABASE_URL names one
test: $(STAMP)
	$(BIN)/ruff check etablera
	$(BIN)/ruff format --check etablera
	env -u DATABASE_URL $(BIN)/etablera check --fail-level WARNING
	env -u DATABASE_URL $(BIN)/etablera makemigrations --check --dry-run
	env -u DATABASE_URL $(BIN)/pytest
	@case "$$DATABASE_URL" in \
	  postgres*) echo "== PostgreSQL: $${DATABASE_URL%%@*}@…"; $(BIN)/pytest ;; \
	  *) echo "(DATABASE_URL names no PostgreSQL database: the PostgreSQL run is skipped)" ;; \
	esac

lint: $(STAMP)
	$(BIN)/ruff check etablera
	$(BIN)/ruff format --check etablera

## make messages: refresh the English translation catalogue (Swedish is the source language)
messages: $(STAMP)
	cd etablera && ../$(BIN)/etablera makemessages -l en --no-obsolete --ignore '*/tests/*' --ignore 'testing/*' \
	  && ../$(BIN)/etablera compilemessages

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
