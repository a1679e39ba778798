# concenter — the two fixed commands are `make run` and `make test` (PRODUCT.md).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PORT

.PHONY: run test install install-dev setup lint format messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed pyproject.toml
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## Prepare the database: migrate, cache table, files of older versions into the database, areas,
## demo, static files. Keeps existing data.
setup: install
	$(BIN)/concenter migrate --no-input -v 0
	$(BIN)/concenter createcachetable
	$(BIN)/concenter media_import
	$(BIN)/concenter load_geography
	$(BIN)/concenter demo
	$(BIN)/concenter collectstatic --no-input -v 0

## Serve http://127.0.0.1:$(PORT) with the production server (gunicorn).
run: setup
	$(BIN)/concenter serve --port $(PORT)

## The whole test suite; with DATABASE_URL=postgres://… it runs on PostgreSQL.
# The browser journeys run in a process of their own: a library used by an earlier test can leave
# the thread marked as inside an event loop, where Playwright's sync API refuses to start.
test: install-dev
ifeq ($(strip $(PYTEST_ARGS)),)
	$(BIN)/pytest -m "not browser"
	$(BIN)/pytest -m browser
else
	$(BIN)/pytest $(PYTEST_ARGS)
endif

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## Rebuild the translation catalogues (needs GNU gettext) and compile them.
messages: install
	cd concenter && ../$(BIN)/concenter makemessages -l th -l en --no-obsolete --ignore 'static/*'
	cd concenter && ../$(BIN)/concenter compilemessages

## Benchmark of issue #9 at province scale on SQLite and PostgreSQL (under ten minutes):
## bench/results.json and the table in docs/performance.md. BENCH_ARGS adds options, e.g.
## BENCH_ARGS="--scale national" or BENCH_ARGS="--load-seconds 10 --database sqlite".
.PHONY: bench
$(VENV)/.installed-bench: $(VENV)/.installed pyproject.toml
	$(BIN)/pip install --quiet -e ".[bench]"
	touch $@

bench: $(VENV)/.installed-bench
	$(BIN)/concenter bench --scale province --database both $(BENCH_ARGS)
