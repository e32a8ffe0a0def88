# The two commands of the README: `make demo` and `make test`. Everything else helps them.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

VENV ?= .venv
# pytest-xdist workers for `make test` (one per core by default; 0 runs in this process).
TEST_WORKERS ?= auto
PY := $(VENV)/bin/python
ADDR ?= 127.0.0.1:8000
# The demo's e-mails link to the address it runs on.
DEMO_ENV = DJANGO_DEBUG=true SAMMEN_SITE_URL=http://$(ADDR)

.PHONY: help demo test lint install messages lock vendor screenshots clean

help:
	@echo "make demo   install, migrate, load the Borgen demo, run the worker and the site"
	@echo "make test   install what the tests need and run the whole suite"
	@echo "make lint   ruff check, ruff format --check and the import layers (lint-imports)"
	@echo "make messages  update and compile the translations (nb, nn, en)"
	@echo "make lock   re-pin requirements.lock from pyproject.toml"
	@echo "make screenshots  photograph the main pages with the Borgen demo into docs/screenshots/"

$(VENV)/.installed: requirements.lock
	@test -x $(PY) || { p="$$(scripts/find-python)"; echo "Using $$p"; "$$p" -m venv $(VENV); }
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@touch $@

install: $(VENV)/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

demo: install
	$(DEMO_ENV) $(PY) manage.py migrate --noinput
	$(DEMO_ENV) $(PY) manage.py load_demo
	$(DEMO_ENV) $(PY) manage.py ensure_demo_staff --address $(ADDR)
	$(DEMO_ENV) scripts/run-demo $(PY) $(ADDR)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

test: install lint
	scripts/ensure-system-packages
	$(MAKE) --no-print-directory node_modules/.installed
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadscope --durations=20

# A throwaway database with the Borgen demo, the site in a thread, Chromium at 1280 and 360 px.
screenshots: install
	scripts/ensure-system-packages
	$(MAKE) --no-print-directory node_modules/.installed
	$(PY) -m sammen.demo.screenshots

messages: install
	$(PY) manage.py makemessages --all --no-obsolete --ignore=.venv --ignore=node_modules
	$(PY) manage.py compilemessages --ignore=.venv

lock:
	rm -rf .lock-venv
	"$$(scripts/find-python)" -m venv .lock-venv
	.lock-venv/bin/pip install --quiet ".[test]"
	.lock-venv/bin/pip freeze --exclude sammen > requirements.lock
	rm -rf .lock-venv build *.egg-info

# Front-end libraries are vendored (committed) into static files, so the site needs no npm.
vendor: node_modules/.installed
	cp node_modules/htmx.org/dist/htmx.min.js node_modules/htmx.org/LICENSE sammen/core/static/vendor/htmx/
	mkdir -p sammen/core/static/vendor/leaflet/images
	cp node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.js.map \
		node_modules/leaflet/dist/leaflet.css node_modules/leaflet/LICENSE sammen/core/static/vendor/leaflet/
	cp node_modules/leaflet/dist/images/*.png sammen/core/static/vendor/leaflet/images/
	# Designsystemet (Digdir): its components' CSS and the default theme, which the
	# organisations' own themes (computed in Python, sammen/core/colours.py) override.
	mkdir -p sammen/core/static/vendor/designsystemet
	cp node_modules/@digdir/designsystemet-css/dist/src/index.css \
		sammen/core/static/vendor/designsystemet/designsystemet.css
	cp node_modules/@digdir/designsystemet-css/dist/theme/designsystemet.css \
		sammen/core/static/vendor/designsystemet/theme.css
	cp node_modules/@digdir/designsystemet-css/LICENSE sammen/core/static/vendor/designsystemet/

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache .ruff_cache
