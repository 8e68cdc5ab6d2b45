# CCHC — common tasks. Everything runs inside the virtualenv .venv (created on first use).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/cchc
export CCHC_HOME ?= $(CURDIR)

.PHONY: demo test test-sqlite test-postgres bench lint venv messages clean

$(BIN)/cchc: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(BIN)/cchc

venv: $(BIN)/cchc

## make demo: set everything up on SQLite with demo data and serve on http://127.0.0.1:8000
demo: venv
	mkdir -p var
	$(BIN)/cchc demo --port 8000

## make test: the whole suite on SQLite (with the browser tests), then again on PostgreSQL
test: venv
	$(BIN)/python scripts/run_tests.py

test-sqlite: venv
	$(BIN)/python scripts/run_tests.py --only sqlite

test-postgres: venv
	$(BIN)/python scripts/run_tests.py --only postgres

## make bench: benchmarks (figures printed and saved under bench/results/)
bench: venv
	PYTHONPATH=src $(BIN)/python bench/run_all.py

lint: venv
	$(BIN)/ruff check src tests bench scripts

## make messages: refresh and compile the Vietnamese translations
messages: venv
	cd src/cchc && ../../$(BIN)/django-admin makemessages -l vi --no-obsolete --settings=cchc.settings
	cd src/cchc && ../../$(BIN)/django-admin compilemessages -l vi --settings=cchc.settings

clean:
	rm -rf var/test-* .pytest_cache
