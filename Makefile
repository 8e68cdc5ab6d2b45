# CCHC — common tasks. Everything runs inside the virtualenv .venv (created on first use).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/cchc
PORT ?= 8000
# the Debian packages each target needs: installed when missing (as root), else the apt-get line is printed
SYSTEM_PACKAGES := bash scripts/system-packages.sh
export CCHC_HOME ?= $(CURDIR)

.PHONY: demo test test-sqlite test-postgres bench lint venv messages clean

$(BIN)/cchc: pyproject.toml
	@echo "Installing CCHC and its Python packages into $(VENV) (first run: a few minutes)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(BIN)/cchc

venv: $(BIN)/cchc

## make demo [PORT=8000]: set everything up on SQLite with demo data and serve on http://127.0.0.1:$(PORT)
demo:
	@$(SYSTEM_PACKAGES)
	@$(MAKE) --no-print-directory --silent venv
	mkdir -p var
	$(BIN)/cchc demo --port $(PORT)

## make test: the whole suite on SQLite (with the browser tests), then again on PostgreSQL
test:
	@$(SYSTEM_PACKAGES) --test
	@$(MAKE) --no-print-directory --silent venv
	$(BIN)/python scripts/run_tests.py

test-sqlite:
	@$(SYSTEM_PACKAGES) --test
	@$(MAKE) --no-print-directory --silent venv
	$(BIN)/python scripts/run_tests.py --only sqlite

test-postgres:
	@$(SYSTEM_PACKAGES) --test
	@$(MAKE) --no-print-directory --silent venv
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
