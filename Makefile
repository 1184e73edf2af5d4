# The two commands a newcomer needs: `make run` and `make test` (see README).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
SAMPLE_DATA := portal/fixtures/sociale-kaart

.PHONY: run serve test install check lint format stop-db bench assets system-deps node-deps \
	measure services services-stop opensearch opensearch-stop messages

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

# Node tools for the browser and HTML-validity tests (axe-core, vnu-jar, lighthouse).
# Skipped without npm: those tests then skip locally (and fail under CI=true).
node_modules/.package-lock.json: package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: browser and HTML-validity tests will be skipped"; fi

node-deps: node_modules/.package-lock.json

# CI (root, Debian): Chromium, Node, Java, Maven (a JDK builds the local OpenSearch) and
# nginx (tests/test_nginx_proxy.py) from apt, only when missing, so reruns are fast.
system-deps:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v npm >/dev/null 2>&1 || missing="$$missing nodejs npm"; \
	command -v java >/dev/null 2>&1 || missing="$$missing default-jre-headless"; \
	command -v javac >/dev/null 2>&1 || missing="$$missing default-jdk-headless"; \
	command -v mvn >/dev/null 2>&1 || missing="$$missing maven"; \
	command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing="$$missing nginx-light"; \
	if [ -n "$$missing" ]; then \
		echo "apt-get install:$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

# CI's own PostgreSQL (127.0.0.1:5433) and Redis (127.0.0.1:6380), installed from Debian when
# missing (.ci/services.sh). `eval "$$(.ci/services.sh env)"` then exports DATABASE_URL and
# REDIS_TEST_URL for `make test`. Ports: CI_PG_PORT, CI_REDIS_PORT.
services:
	.ci/services.sh start

services-stop:
	.ci/services.sh stop

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py setup_site
	$(PY) manage.py import_sociale_kaart --demo-dates $(SAMPLE_DATA)
	@# The spreadsheet format has no "urgent" column yet: mark the sample's domestic-violence theme.
	$(PY) manage.py mark_urgent_themes huiselijk-geweld
	@# OpenSearch starts empty even when the database already holds the data (the import
	@# indexes only what it changed): fill its indexes; PostgreSQL's follow the database.
	@if [ "$$SEARCH_BACKEND" = opensearch ]; then $(PY) manage.py update_index --backend default; fi
	$(PY) manage.py ensure_admin
	@# Ctrl-C or SIGTERM stops runserver, never the embedded server (it serves the next
	@# command too); the trap says so in one line, also when the shell itself is signalled.
	@trap '$(PY) -c "from portal.database import embedded_left_running_notice as n; n()"' EXIT; \
	trap 'exit 130' INT; trap 'exit 143' TERM; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# Production server: gunicorn (portal/deploy/gunicorn.conf.py) with portal.settings.production.
# Needs SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL and WAGTAILADMIN_BASE_URL (a missing one stops
# here with a message); collects static files for whitenoise first. Run `manage.py migrate`
# as a deploy step before (portal/deploy/README.md). Honours PORT, WEB_CONCURRENCY, ...
serve: install
	DJANGO_SETTINGS_MODULE=portal.settings.production $(PY) manage.py collectstatic --noinput --verbosity 0
	DJANGO_SETTINGS_MODULE=portal.settings.production PORT=$(PORT) \
		exec $(VENV)/bin/gunicorn --config portal/deploy/gunicorn.conf.py portal.wsgi

test: install node-deps
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djhtml --check templates portal search
	$(VENV)/bin/lint-imports
	$(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djhtml --check templates portal search
	$(VENV)/bin/lint-imports

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	$(VENV)/bin/djhtml templates portal search

# Interface text (README, "Languages and translations"): extract every {% translate %},
# {% blocktranslate %} and gettext string into one django.po per language of LANGUAGES except
# Dutch (the source text), then compile the .mo files, which are committed. Needs GNU gettext
# (Debian `gettext`, macOS `brew install gettext`). File-only locations and no wrapping keep
# diffs small; tests/test_translations.py fails on what this would change.
messages: install
	$(PY) manage.py makemessages $$($(PY) manage.py shell -v 0 -c "from django.conf import settings; \
		print(' '.join('--locale=' + code for code, _ in settings.LANGUAGES if code != settings.LANGUAGE_CODE))") \
		--extension html,txt,py --add-location file --no-obsolete --no-wrap \
		--ignore .venv --ignore node_modules --ignore staticfiles --ignore var --ignore tests
	$(PY) manage.py compilemessages --ignore .venv --ignore node_modules

stop-db: install
	$(PY) -c 'from portal.database import stop_embedded; stop_embedded()'

# Rebuild static/css/portal.css and static/vendor/ from npm packages (output is committed,
# so only needed after changing static/src/ or package.json).
assets:
	npm ci --ignore-scripts --no-audit --no-fund
	npm run build

# Page weight, server time (1x and 10x data) and Lighthouse scores: prints figures, asserts
# nothing. Needs Chromium and the Node tools (see README, "Measuring pages").
measure: install node-deps
	$(PY) -m portal.benchmarks.page_weight
	$(PY) -m portal.benchmarks.server_time
	$(PY) -m portal.benchmarks.lighthouse

# A local OpenSearch 2.19 node on 127.0.0.1:9200 (Java 17+ and Maven; the node is built from
# Maven Central artifacts, data in var/opensearch/). Returns when the cluster is green.
# Then: SEARCH_BACKEND=opensearch SEARCH_URL=http://127.0.0.1:9200 make run
opensearch:
	$(PYTHON) -m search.opensearch.node start

opensearch-stop:
	$(PYTHON) -m search.opensearch.node stop
