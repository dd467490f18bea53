# The two commands: `make run` and `make test`. Both honour DATABASE_URL.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# Links in emails point at the server `make run` starts, unless CLINIC_SITE_URL is set.
CLINIC_SITE_URL ?= http://$(HOST):$(PORT)

.PHONY: run test lint format e2e bench clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

PANGO_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core

run: $(VENV)/.runtime
	@ldconfig -p | grep -q 'libpangoft2-1.0.so.0' || { echo "installing Pango for PDF handouts (Debian packages)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(PANGO_PACKAGES) >/dev/null; } \
	  || echo "PDF handouts need Pango: apt-get install $(PANGO_PACKAGES) (everything else runs without it)"
	@command -v ffprobe >/dev/null || { echo "installing ffmpeg for exercise clips (Debian package)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ffmpeg >/dev/null; } \
	  || echo "Exercise clips need ffmpeg: apt-get install ffmpeg (uploading a clip says so; photos and everything else work without it)"
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo "Serving on http://$(HOST):$(PORT)/  (Ctrl-C to stop)"
	CLINIC_SITE_URL=$(CLINIC_SITE_URL) $(PY) manage.py runserver $(HOST):$(PORT)

test: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/bandit -q -c pyproject.toml -r clinic clients programs
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/bandit -q -c pyproject.toml -r clinic clients programs

format: $(VENV)/.dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Not part of `make test`: serves the app with gunicorn on PostgreSQL and measures
# the key pages with wrk (a few minutes). Writes docs/benchmarks.md.
BENCH_MANAGE := DJANGO_SETTINGS_MODULE=clinic.bench.settings $(PY) manage.py
bench: $(VENV)/.runtime
	@case "$$DATABASE_URL" in postgres*) ;; \
	  *) echo "make bench needs DATABASE_URL=postgres://... (a database it may fill)"; exit 1;; esac
	@command -v wrk >/dev/null || { echo "installing wrk (Debian package)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; } \
	  || { echo "wrk is missing: install it with apt-get install wrk"; exit 1; }
	$(BENCH_MANAGE) migrate --noinput
	$(BENCH_MANAGE) seed_bench
	$(BENCH_MANAGE) collectstatic --noinput --verbosity 0
	$(BENCH_MANAGE) run_bench $(BENCH_ARGS)

e2e: $(VENV)/.dev
	$(PY) -m pytest -m e2e $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
