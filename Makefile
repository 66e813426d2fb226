# The two commands: `make run` and `make test`. Only Python 3.11+ is needed.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test venv lint format messages clean bench bench-queries lock audit bench-venv bench-spirit

run: $(STAMP)
	$(PY) scripts/run.py

test: $(STAMP)
	$(PY) scripts/ensure_browser.py
	$(PY) scripts/with_database.py $(PY) -m pytest $(PYTEST_ARGS)

venv: $(STAMP)

# Installs exactly what the lock names, every file checked against its hash.
$(STAMP): requirements-dev.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-dev.lock
	touch $(STAMP)

# After changing a requirements*.txt: pin the whole tree with hashes (uv, from the dev venv).
LOCK := $(VENV)/bin/uv pip compile --quiet --generate-hashes --universal --python-version 3.11
lock: $(STAMP)
	$(LOCK) requirements.txt -o requirements.lock
	$(LOCK) requirements-dev.txt -o requirements-dev.lock
	$(LOCK) requirements-bench.txt -o requirements-bench.lock

# Known vulnerabilities in the locked runtime and development packages (pip-audit).
audit: $(STAMP)
	$(PY) scripts/audit.py requirements.lock requirements-dev.lock

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Refresh the .po files after changing strings, then translate and compile.
messages: $(STAMP)
	$(PY) scripts/with_database.py $(PY) scripts/messages.py

# Load benchmark (bench/load.py): BENCH_SCALE=small|large, each scale's data in its own
# embedded PostgreSQL under .data/bench-<scale> (BENCH_DATABASE_URL to use a server instead).
BENCH_SCALE ?= small
export BENCH_SCALE
bench-venv: $(STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-bench.lock

bench: bench-venv
	SIECI_DATA_DIR=$(CURDIR)/.data/bench-$(BENCH_SCALE) DATABASE_URL=$(BENCH_DATABASE_URL) \
		$(PY) scripts/with_database.py $(PY) bench/load.py

# Our thread page against django-spirit 0.14.3's topic page (bench/spirit_compare.py), Spirit
# in its own venv; the kept large data (BENCH_DATABASE_URL, or the embedded .data/bench-large).
SPIRIT_VENV := .venv-spirit
$(SPIRIT_VENV)/.installed: requirements-spirit.txt
	test -x $(SPIRIT_VENV)/bin/python || $(PYTHON) -m venv $(SPIRIT_VENV)
	$(SPIRIT_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-spirit.txt
	touch $@

bench-spirit: bench-venv $(SPIRIT_VENV)/.installed
	SIECI_DATA_DIR=$(CURDIR)/.data/bench-large DATABASE_URL=$(BENCH_DATABASE_URL) \
		$(PY) scripts/with_database.py $(PY) bench/spirit_compare.py

# The query report (bench/queries.py) for the kept data sets of both scales side by side.
bench-queries: $(STAMP)
	$(PY) bench/queries.py --compare small large

clean:
	rm -rf $(VENV) $(SPIRIT_VENV) staticfiles .pytest_cache .ruff_cache
