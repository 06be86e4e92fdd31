# The two commands are `make run` and `make test`; the other targets serve them and CI.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-browser test-cluster lint typecheck layers check clean bench load index-check html-check

# (Re)install whenever pyproject.toml or requirements.lock changes; a half-made venv is finished,
# not trusted. Every package comes from the lock at its pinned version and hash, then the project
# itself without dependencies. .ci/check_lock.py stops first if a pin in pyproject.toml is not
# in the lock.
$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python .ci/check_lock.py
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes \
		-r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

# The lock: after changing a pin in pyproject.toml, `make lock` rewrites requirements.lock (every
# package, direct and transitive, with the hashes of its files, from pip-tools' pip-compile in
# the venv); commit both files. `make lock ARGS=--upgrade` moves the unpinned transitive packages
# to their newest releases. No machine paths go in (--no-emit-index-url, --no-emit-find-links);
# --allow-unsafe pins pip and setuptools too, which --require-hashes needs.
.PHONY: lock
lock:
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
		--no-emit-find-links --extra dev --output-file requirements.lock $(ARGS) pyproject.toml

# Development server on SQLite with the demo content (DEBUG on, development secret key), and the
# workers that run large imports (catalog.import_tasks) and the admin's link checks
# (catalog.link_tasks) as a deployment has them; all three stop together.
# The Site takes the server's address (WAGTAILADMIN_BASE_URL, http://127.0.0.1:8000 by default),
# which the sitemap, feed and calendars name.
run: export DEBUG := 1
run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py createcachetable
	$(BIN)/python manage.py set_site_address
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py db_worker --backend imports & imports=$$!; \
	$(BIN)/python manage.py db_worker --backend links & links=$$!; \
	trap 'kill $$imports $$links' EXIT; \
	$(BIN)/python manage.py runserver 127.0.0.1:8000

# The whole suite on every core; DATABASE_URL picks the database (SQLite by default).
# ARGS go to pytest, e.g. make test ARGS="tests/test_search.py -n0". The order is random
# (pytest-randomly prints its seed: ARGS="--randomly-seed=N" repeats a run, "-p no:randomly" keeps
# file order); ARGS=--cov measures line coverage for `coverage report` ([tool.coverage]).
test: $(STAMP)
	$(BIN)/python -m pytest -n auto -m "not browser" $(ARGS)

# The tests that drive a real browser (tests/browser/): Playwright drives Debian's Chromium
# (apt-get install chromium; never Playwright's own browser downloads) through journeys on the
# demo content, checks every page with axe-core (WCAG 2.2 AA), and fails on any request beyond
# 127.0.0.1 or any Content Security Policy violation. Without Chromium they are skipped, except
# with CI set (.ci/run), where that fails. The axe summary goes to bench/results/axe.json.
test-browser: $(STAMP)
	$(BIN)/python -m pytest -m browser $(ARGS)

# Two gunicorn servers sharing one PostgreSQL database (`<name>_cluster` beside
# CLUSTER_POSTGRES_URL's), Redis (CLUSTER_REDIS_URL, database 14) and an S3 bucket (moto's
# server): publishing, privacy, sign-in, uploads and a background task seen across them, then
# the database paused and resumed (tests/cluster.py).
CLUSTER_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/catalog
test-cluster: $(STAMP)
	CLUSTER_POSTGRES_URL='$(CLUSTER_POSTGRES_URL)' $(BIN)/python -m tests.cluster

# The checks that .pre-commit-config.yaml runs on each commit, over the whole tree, without
# needing pre-commit: ruff's rules (with complexity at most 15), ruff's format, template indentation.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check templates

# One-way layers ([tool.importlinter] in pyproject.toml): the page models import nothing that
# queries or renders them, catalog.privacy nothing of ours. No settings needed: it reads source.
layers: $(STAMP)
	$(BIN)/lint-imports

# mypy with django-stubs over catalog/ and bench/ ([tool.mypy] in pyproject.toml), 0 errors allowed.
# The plugin imports the settings, which need a key: a throwaway one, as for the tests.
typecheck: export DEBUG := 1
typecheck: export SECRET_KEY := typecheck-only-secret-key-not-for-any-deployment
typecheck: $(STAMP)
	$(BIN)/mypy

# The layer contracts and the type check first, then Django's system checks with settings as production has them (--deploy: HTTPS, HSTS, secure
# cookies, the key; no warning allowed), and migration drift.
check: export DEBUG := 0
check: export SECRET_KEY = $(shell $(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')
check: export ALLOWED_HOSTS := catalog.example.org
check: export EMAIL_URL := smtp://mail.example.org:587
check: $(STAMP) layers typecheck
	$(BIN)/python manage.py check --deploy --fail-level WARNING
	$(BIN)/python manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) db.sqlite3 media static_collected .pytest_cache .ruff_cache .coverage .mypy_cache

# The catalog index in step with real content: a fresh database at INDEX_CHECK_URL (by default a
# SQLite file under bench/results/) is migrated and given the demo content, which Wagtail's
# signals index as editors' changes would; `rebuild_catalog_index --check` then compares the kept
# index with a fresh build and exits 1 on any difference. .ci/run checks SQLite and PostgreSQL.
INDEX_CHECK_URL ?= sqlite:///$(CURDIR)/bench/results/index-check.sqlite3
index-check: export DEBUG := 1
index-check: export DATABASE_URL = $(INDEX_CHECK_URL)
index-check: $(STAMP)
	mkdir -p bench/results
	$(BIN)/python -c 'import sys; from bench.server import fresh_database; fresh_database(sys.argv[1])' \
		'$(INDEX_CHECK_URL)'
	$(BIN)/python manage.py load_demo >/dev/null
	$(BIN)/python manage.py rebuild_catalog_index --check

# Every demo page through the Nu HTML checker, 0 errors allowed (.ci/validate_html.py; needs
# Java, which .ci/run installs): a fresh database at HTML_CHECK_URL gets the demo content first.
HTML_CHECK_URL ?= sqlite:///$(CURDIR)/bench/results/html-check.sqlite3
html-check: export DEBUG := 1
html-check: export DATABASE_URL = $(HTML_CHECK_URL)
html-check: $(STAMP)
	mkdir -p bench/results
	$(BIN)/python -c 'import sys; from bench.server import fresh_database; fresh_database(sys.argv[1])' \
		'$(HTML_CHECK_URL)'
	$(BIN)/python .ci/validate_html.py

# Search benchmark (see bench/search.py): make bench ARGS="--entries 1000 --seconds 10"; then the
# abuse benchmark (bench/abuse.py: /healthz/ while six clients hammer each expensive anonymous
# URL; fails if its p95 reaches 50 ms): ABUSE_ARGS="--entries 24000 --seconds 10".
bench: $(STAMP)
	$(BIN)/python bench/search.py $(ARGS)
	$(BIN)/python bench/abuse.py $(ABUSE_ARGS)

# Mixed browse/search/detail load on gunicorn (see bench/load.py): make load ARGS="--seconds 10".
load: $(STAMP)
	$(BIN)/python bench/load.py $(ARGS)
