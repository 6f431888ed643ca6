# The two commands a newcomer needs: `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
export PIP_DISABLE_PIP_VERSION_CHECK := 1

# The packages mypy (strict, django-stubs) checks: the whole project (docs/decisions.md, decision 20).
MYPY_CLEAN := referral_portal contacts thresholds requests

.PHONY: run demo-reset test install install-test assets system-deps services lint check-migrations worker beat bench clean load-deps

## run: install, migrate the SQLite database, load demo data, serve http://127.0.0.1:8000
run: install assets
	DEBUG=1 $(PY) manage.py migrate --no-input
	DEBUG=1 $(PY) manage.py load_demo
	@echo "Serving the portal on http://127.0.0.1:8000 (background tasks run in-process: no REDIS_URL)"
	DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

## demo-reset: start the demo again from nothing: delete the SQLite demo database, uploads and
## mail under var/, migrate and load the demo data. Only the SQLite demo: refuses a DATABASE_URL.
demo-reset: install
	@if [ -n "$$DATABASE_URL" ]; then echo "demo-reset only resets the SQLite demo database: unset DATABASE_URL" >&2; exit 1; fi
	rm -rf var/portal.sqlite3 var/uploads var/mail
	DEBUG=1 $(PY) manage.py migrate --no-input
	DEBUG=1 $(PY) manage.py load_demo

## test: install what tests need, start PostgreSQL and Redis if needed, run ruff, import contracts,
## mypy, migrations check, security checks and pytest
test: install-test assets system-deps
	@source bin/test-services && \
	  $(VENV)/bin/ruff check . && \
	  $(VENV)/bin/ruff format --check . && \
	  $(VENV)/bin/lint-imports --no-cache && \
	  DEBUG=1 $(VENV)/bin/mypy $(MYPY_CLEAN) && \
	  DEBUG=1 $(PY) manage.py makemigrations --check --dry-run && \
	  bin/security-checks && \
	  $(VENV)/bin/pytest -q $(PYTEST_ARGS)

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip

$(VENV)/.installed: pyproject.toml constraints.txt | $(VENV)/bin/activate
	$(PIP) install -q -c constraints.txt .
	touch $@

$(VENV)/.installed-test: pyproject.toml constraints.txt | $(VENV)/bin/activate
	$(PIP) install -q -c constraints.txt ".[test]"
	touch $(VENV)/.installed $@

# schemathesis checks the API contract from outside (tests/api/test_contract.py). It lives in
# its own virtualenv: it imports the PyPI `requests`, which our `requests` app shadows, and
# its pytest plugin must not load into the portal's test run.
CONTRACT_VENV := .venv-contract
$(CONTRACT_VENV)/.installed: constraints.txt
	$(PYTHON) -m venv $(CONTRACT_VENV)
	$(CONTRACT_VENV)/bin/pip install -q --upgrade pip
	$(CONTRACT_VENV)/bin/pip install -q -c constraints.txt schemathesis
	touch $@

# Locust drives tests/bench/load.py from its own virtualenv: it imports the PyPI `requests`,
# which our `requests` app shadows. nginx (the compose file's proxy) fronts the scale-out run.
LOAD_VENV := .venv-load
$(LOAD_VENV)/.installed: constraints.txt
	$(PYTHON) -m venv $(LOAD_VENV)
	$(LOAD_VENV)/bin/pip install -q --upgrade pip
	$(LOAD_VENV)/bin/pip install -q -c constraints.txt locust
	touch $@

## load-deps: Locust (in .venv-load) and nginx for tests/bench/load.py
load-deps: $(LOAD_VENV)/.installed
	@bin/system-deps nginx

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test $(CONTRACT_VENV)/.installed

## assets: GOV.UK Frontend and axe-core from the npm registry; our stylesheet compiled with Sass
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || bin/system-deps npm
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/css/portal.css: static/scss/portal.scss node_modules/.installed
	mkdir -p static/css
	node_modules/.bin/sass --no-source-map --style=compressed --load-path=node_modules $< $@

assets: node_modules/.installed static/css/portal.css

## system-deps: Debian packages for Chromium, WeasyPrint and PDF checks (installed when root)
system-deps:
	@bin/system-deps

## worker / beat: run Celery by hand against REDIS_URL
worker:
	$(VENV)/bin/celery -A referral_portal worker --loglevel=INFO --concurrency=2

beat:
	$(VENV)/bin/celery -A referral_portal beat --loglevel=INFO --schedule=var/celerybeat-schedule

lint:
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

clean:
	rm -rf $(VENV) $(CONTRACT_VENV) $(LOAD_VENV) node_modules static/css var
