# e-guichet — the front door. `make run` serves the demo, `make test` runs every check.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
INSTALLED := $(VENV)/.installed
AXE := node_modules/axe-core/axe.min.js
CHROMIUM ?= /usr/bin/chromium

.PHONY: help install run test lint format audit bench bench-faults bench-scale browser lock clean security messages

help:
	@echo "make run    – installe tout et sert la démo sur http://127.0.0.1:8000/ (SQLite)"
	@echo "make test   – installe tout et lance lint, migrations, tests (avec navigateur)"
	@echo "make lint   – ruff (lint + format)"
	@echo "make bench  – lance les mesures de performance de bench/"
	@echo "make bench-scale – mesures à grande échelle (base remplie par seed_demo --scale-communes, docs/communes.md)"
	@echo "make bench-faults – redémarre PostgreSQL pendant une charge (root ; jamais en production)"
	@echo "make security – bandit, pip-audit et check --deploy (production)"
	@echo "make audit  – pip-audit seul (vulnérabilités connues des dépendances)"
	@echo "make messages – met à jour et compile les catalogues français et anglais (locale/, à committer)"

$(INSTALLED): requirements/lock-dev.txt
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 est requis ($(PYTHON) introuvable)."; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "uv>=0.5,<1"
	$(BIN)/uv pip sync --quiet --python $(BIN)/python requirements/lock-dev.txt
	touch $@

install: $(INSTALLED)

$(AXE): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Debian's Chromium for the browser tests (never a downloaded browser build), and zbar, which
# decodes the transfer QR codes in tests/payments.
browser:
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "Chromium manque : sudo apt-get install chromium (les tests navigateur seront ignorés)."; \
	  fi; \
	fi
	@if ! command -v zbarimg >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq zbar-tools >/dev/null; \
	  else \
	    echo "zbar manque : sudo apt-get install zbar-tools (les codes QR de virement ne seront pas décodés)."; \
	  fi; \
	fi

# Regenerate both locks after editing pyproject.toml: development (tests, lint, benchmarks;
# what `make` installs) and production (what the Dockerfile and the deployment docs install),
# the second constrained by the first so that both pin the same versions.
lock: $(INSTALLED)
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 -o requirements/lock-dev.txt
	$(BIN)/uv pip compile pyproject.toml --python-version 3.11 -c requirements/lock-dev.txt -o requirements/lock.txt

run: $(INSTALLED)
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo
	SITE_URL=http://127.0.0.1:8000 SEAL_PKCS12_PATH=var/demo-seal.p12 SEAL_PKCS12_PASSWORD=demo-seal $(MANAGE) runserver 127.0.0.1:8000

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(INSTALLED)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: $(INSTALLED) $(AXE) browser lint
	$(MANAGE) makemigrations --check --dry-run
	$(BIN)/pytest --cov --cov-report=term

# Static security analysis (no high-severity finding allowed) and the production checks.
security: $(INSTALLED) audit
	$(BIN)/bandit -q -r config guichet population etatcivil pages cpas -x "*/migrations/*" -lll
	DJANGO_DEBUG=false DEMO_MODE=false SECRET_KEY="security-check-$$(head -c 32 /dev/urandom | base64 | tr -d '/+=\n')" \
	  ALLOWED_HOSTS=guichet.example.be $(BIN)/python manage.py check --deploy --fail-level WARNING

bench: $(INSTALLED)
	$(BIN)/python bench/run.py
	@if pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then $(BIN)/python bench/run.py --postgres; else echo "PostgreSQL absent : mesures PostgreSQL ignorées."; fi

# The multi-commune targets at the size of a region, on a database filled beforehand by
# `seed_demo --scale-communes 300 --scale-persons 3600000 --scale-requests 5000000`
# (docs/communes.md, "At scale"). Migrates it first (new indexes), then measures.
SCALE_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/scale
bench-scale: $(INSTALLED)
	DATABASE_URL=$(SCALE_DATABASE_URL) $(BIN)/python bench/run.py scale

# pip-audit over the lock (docs/security.md, "Dependency audit"); strict where the
# vulnerability service can be reached.
audit: $(INSTALLED)
	$(BIN)/python .ci/pip_audit.py requirements/lock-dev.txt

# Restarts the local PostgreSQL cluster in the middle of a load run (root, pg_ctlcluster).
bench-faults: $(INSTALLED)
	BENCH_RESTART_POSTGRES=1 $(BIN)/python bench/run.py --postgres faults

# French catalogue (docs/architecture.md, "Traductions"). The source strings are already French,
# so every entry translates to itself (msgen); what matters is the header's French plural rule
# (0 and 1 singular). Entries whose source changed come back from msgmerge fuzzy: empty them so
# msgen refills them from the new text. Commit django.po and django.mo (gettext may be missing).
messages: PO := locale/fr/LC_MESSAGES/django.po
messages: OTHERS := en nl de
messages: export LC_ALL := C.UTF-8
messages: $(INSTALLED)
	$(MANAGE) makemessages -l fr -l en -l nl -l de --no-wrap --add-location=file --ignore=.venv --ignore=node_modules \
	  --ignore=var --ignore=static --ignore=tests --ignore=bench
	sed -i -e '1,/^msgid ""$$/{/^#, fuzzy$$/d}' -e 's/^"Language: \\n"$$/"Language: fr\\n"/' $(PO)
	msgattrib --no-wrap --clear-fuzzy --empty --clear-previous --no-obsolete -o $(PO) $(PO)
	msgen --no-wrap -o $(PO) $(PO)
	msgfmt --check --statistics -o $(PO:.po=.mo) $(PO)
	for lang in $(OTHERS); do \
	  po=locale/$$lang/LC_MESSAGES/django.po; \
	  sed -i -e '1,/^msgid ""$$/{/^#, fuzzy$$/d}' -e "s/^\"Language: \\\\n\"$$/\"Language: $$lang\\\\n\"/" $$po; \
	  msgattrib --no-wrap --clear-fuzzy --empty --clear-previous --no-obsolete -o $$po $$po; \
	  msgfmt --check --statistics -o $${po%.po}.mo $$po || exit 1; \
	done

clean:
	rm -rf $(VENV) node_modules var db.sqlite3 .coverage .pytest_cache .ruff_cache
