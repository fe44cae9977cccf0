# Onward: the two commands a newcomer needs are `make run` and `make test`.
# Everything else here is what those two stand on.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements/dev.txt | cksum | cut -d' ' -f1)
NODE_STAMP := node_modules/.installed-$(shell cat package-lock.json | cksum | cut -d' ' -f1)

.PHONY: run test lint format assets check-assets browser-deps deps lock bench clean

## Serve the demo at http://127.0.0.1:8000 on SQLite (creates everything it needs).
run: $(STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_estate
	$(PY) manage.py load_demo
	$(PY) manage.py runserver 127.0.0.1:8000

## Run the whole suite: unit, integration and browser tests (DATABASE_URL picks the database).
## Two workers, one per core: each browser worker serves its own demo database.
test: $(STAMP) browser-deps
	$(PY) -m pytest -n 2

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## Rebuild the committed front-end assets (needs Node; running Onward does not).
assets: $(NODE_STAMP)
	npm run build

## Fail if the committed assets differ from a fresh build.
check-assets: $(NODE_STAMP)
	rm -rf /tmp/onward-assets-check
	node assets/build.mjs /tmp/onward-assets-check
	diff -r /tmp/onward-assets-check onward/static/onward && echo "Committed assets match a fresh build."

browser-deps: $(NODE_STAMP)
	@command -v chromium >/dev/null 2>&1 || ( \
	  echo "Installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null )

deps: $(STAMP) $(NODE_STAMP)

$(STAMP): requirements/dev.txt
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 12), "Onward needs Python 3.12 (see .python-version), found " + sys.version.split()[0]'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/dev.txt
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

$(NODE_STAMP): package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	touch $(NODE_STAMP)

## Re-pin dependencies after editing requirements/*.in.
lock:
	$(PY) -m pip install --quiet uv
	$(VENV)/bin/uv pip compile --python-version 3.12 --generate-hashes requirements/base.in -o requirements/base.txt
	$(VENV)/bin/uv pip compile --python-version 3.12 --generate-hashes requirements/dev.in -o requirements/dev.txt

## National-scale benchmarks on PostgreSQL (by hand, not CI); see docs/benchmarks.md.
bench: $(STAMP)
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3 test-artifacts
