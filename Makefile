# ANTQ: two commands. `make run` installs, builds the database, loads the map and demo data,
# and serves http://127.0.0.1:8000. `make test` installs what the tests need and runs them all.
SHELL := /bin/bash
.DEFAULT_GOAL := run

VENV   := .venv
PY     := $(VENV)/bin/python
TOOLS  := .tools
UV     := $(TOOLS)/bin/uv
UV_VERSION := 0.13.9
HOST   ?= 127.0.0.1
PORT   ?= 8000
# gunicorn's recommended sync workers: 2 x cores + 1 (benchmarks/tips.py measures the same server).
WEB_WORKERS ?= $(shell echo $$((2 * $$(nproc) + 1)))
export UV_PROJECT_ENVIRONMENT := $(VENV)
export UV_PYTHON_PREFERENCE := managed
# Byte-code caches make the second `make run` start fast, even where the machine disables them.
unexport PYTHONDONTWRITEBYTECODE

# A Python 3.12 to bootstrap uv: pyenv's if present, else any python3.12 on PATH, else uv installs one.
PY312 := $(firstword $(wildcard $(HOME)/.pyenv/versions/3.12*/bin/python3.12) $(shell command -v python3.12 2>/dev/null))
BOOT  := $(or $(PY312),$(shell command -v python3 2>/dev/null))

.PHONY: run serve setup deps python-deps node-deps messages db demo test lint typecheck check-migrations \
        test-unit test-browser bench bench-practices bench-festival chromium clean otp translations

$(UV):
	@test -n "$(BOOT)" || { echo "!! Không tìm thấy Python 3 để cài uv (cần python3.12 hoặc python3)."; exit 1; }
	@$(BOOT) -m venv $(TOOLS) && $(TOOLS)/bin/pip install -q --disable-pip-version-check uv==$(UV_VERSION)

python-deps: $(UV)
	@if [ -n "$(PY312)" ]; then $(UV) sync --frozen --quiet --compile-bytecode --python "$(PY312)"; \
	else echo "Không có Python 3.12 trên máy: dùng 'uv python install 3.12'."; \
	  $(UV) python install 3.12 || { echo "!! Không cài được Python 3.12 (cần mạng tới kho gói)."; exit 1; }; \
	  $(UV) sync --frozen --quiet --compile-bytecode --python 3.12; fi

node_modules/.package-lock.json: package.json package-lock.json
	@command -v npm >/dev/null || { echo "!! Cần Node.js và npm để cài thư viện giao diện."; exit 1; }
	@npm ci --no-audit --no-fund --loglevel=error

node-deps: node_modules/.package-lock.json

# The translation catalogues are compiled here, never committed (.mo files are build output).
messages:
	@command -v msgfmt >/dev/null || apt-get install -y --no-install-recommends gettext >/dev/null
	@if ls locale/*/LC_MESSAGES/django.po >/dev/null 2>&1; then \
	  $(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v0; fi

deps: python-deps node-deps messages

db: deps
	@mkdir -p var
	@$(PY) manage.py migrate --noinput -v0
	@$(PY) manage.py load_units

demo: db
	@$(PY) manage.py seed_demo
	@$(PY) manage.py seed_assessments --demo
	@$(PY) manage.py seed_forces --demo
	@$(PY) manage.py seed_coordination
	@$(PY) manage.py seed_festival
	@$(PY) manage.py seed_movement
	@$(PY) manage.py seed_practices --demo
	@$(PY) manage.py seed_awards
	@$(PY) manage.py seed_reports --demo
	@$(PY) manage.py seed_portal
	@$(PY) manage.py seed_tips
	@$(PY) manage.py refresh_indicators

# Static files are collected again only when a front-end library or our own assets change.
# settings.py: INSTALLED_APPS decides which apps contribute static files (e.g. ninja's Swagger UI).
STATIC_SOURCES := package-lock.json uv.lock config/settings.py $(shell find antq -path '*/static/*' -type f 2>/dev/null)
staticfiles/staticfiles.json: $(STATIC_SOURCES) | node-deps
	@$(PY) manage.py collectstatic --noinput -v0

setup: demo staticfiles/staticfiles.json

run: setup serve

# The web server, the background worker and the tips' intake relay run side by side; Ctrl-C stops all.
serve:
	@echo "ANTQ đang chạy tại http://$(HOST):$(PORT)  (Ctrl-C để dừng)"
	@trap 'kill 0' EXIT INT TERM; \
	$(PY) manage.py db_worker --queue-name default >var/worker.log 2>&1 & \
	$(PY) manage.py finish_tip_intake --follow >var/tip-intake.log 2>&1 & \
	$(VENV)/bin/gunicorn config.wsgi --bind $(HOST):$(PORT) --workers $(WEB_WORKERS) --preload --access-logfile - --log-level warning

# Debian packages the tests use: Chromium (browser tests), poppler-utils (PDF pages to PNG) and
# HarfBuzz's subset library (WeasyPrint warns on import without it, and warnings fail the tests).
TEST_DEBS := chromium poppler-utils libharfbuzz-subset0
chromium:
	@{ test -x /usr/bin/chromium && command -v pdftoppm >/dev/null && ldconfig -p | grep -q libharfbuzz-subset; } || { \
	  echo "Cài Chromium, poppler-utils và libharfbuzz-subset0 (gói Debian) cho kiểm thử…"; \
	  (apt-get install -y --no-install-recommends $(TEST_DEBS) >/dev/null 2>&1 || \
	   (apt-get update -qq && apt-get install -y --no-install-recommends $(TEST_DEBS) >/dev/null)); }

lint: python-deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: python-deps
	$(VENV)/bin/mypy antq config

check-migrations: python-deps
	$(PY) manage.py makemigrations --check --dry-run -v1

translations: python-deps
	$(PY) scripts/check_translations.py

test: deps chromium lint typecheck check-migrations translations
	$(VENV)/bin/pytest -n 2 --dist loadgroup -q

bench: deps
	$(PY) benchmarks/run.py

# `make bench` includes the practices scenarios; this runs them alone on the national map (quicker).
bench-practices: deps
	$(PY) benchmarks/practices.py

# `make bench` includes the festival scenarios; this runs them alone (map, areas, organisations, points).
bench-festival: deps
	$(PY) benchmarks/festival.py

clean:
	rm -rf $(VENV) $(TOOLS) node_modules staticfiles var

# The current TOTP code of a demo account (national and provincial roles need one): make otp U=quantri
otp:
	@$(PY) manage.py demo_otp $(U)
