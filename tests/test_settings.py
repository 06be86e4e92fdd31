"""The settings module: safe by default, driven by the environment."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRINT = "from django.conf import settings as s; print(({expression}))"


def load_settings(expression: str, **env: str) -> subprocess.CompletedProcess:
    """Import the settings in a fresh interpreter with only `env` set, and print `expression`."""
    clean = {key: value for key, value in os.environ.items() if key not in {
        "SECRET_KEY", "DEBUG", "DATABASE_URL", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS",
        "SEARCH_BACKEND", "EMAIL_URL", "DEFAULT_FROM_EMAIL", "CATALOG_STAFF_2FA_REQUIRED",
        "CATALOG_STAFF_SESSION_IDLE_SECONDS", "CATALOG_TRUSTED_PROXIES", "AXES_FAILURE_LIMIT",
        "AXES_COOLOFF_MINUTES", "POSTGRES_RANDOM_PAGE_COST", "POSTGRES_PARALLEL_WORKERS",
        "DATABASE_CONNECT_TIMEOUT",
        "CACHE_BACKEND", "CACHE_URL", "SESSION_STORE", "MEDIA_STORAGE",
    }}  # fmt: skip
    code = "import django; django.setup(); " + PRINT.format(expression=expression)
    return subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "catalog.settings", **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = load_settings("s.DEBUG")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_refuses_the_development_key_when_debug_is_off():
    result = load_settings(
        "s.DEBUG",
        SECRET_KEY="django-insecure-development-only-key-never-use-it-in-production",
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_debug_off_by_default_and_development_key_only_with_debug():
    assert load_settings("s.DEBUG", SECRET_KEY="x" * 60).stdout.strip() == "False"
    debug = load_settings("s.SECRET_KEY.startswith('django-insecure'), s.DEBUG", DEBUG="1")
    assert debug.stdout.strip() == "(True, True)"


def test_database_url_defaults_to_sqlite_and_reads_postgres():
    default = load_settings("s.DATABASES['default']['ENGINE']", SECRET_KEY="x" * 60)
    assert default.stdout.strip() == "django.db.backends.sqlite3"
    postgres = load_settings(
        "s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME'], "
        "'django.contrib.postgres' in s.INSTALLED_APPS",
        SECRET_KEY="x" * 60,
        DATABASE_URL="postgres://user@db.example:5432/catalog",
    )
    assert postgres.stdout.strip() == "('django.db.backends.postgresql', 'catalog', True)"


def test_hosts_and_trusted_origins_come_from_the_environment():
    result = load_settings(
        "s.ALLOWED_HOSTS, s.CSRF_TRUSTED_ORIGINS",
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="catalog.example.org, www.catalog.example.org",
        CSRF_TRUSTED_ORIGINS="https://catalog.example.org",
    )
    expected = (
        "(['catalog.example.org', 'www.catalog.example.org'], ['https://catalog.example.org'])"
    )
    assert result.stdout.strip() == expected


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEBUG": "maybe"}, "DEBUG must be 1/0"),
        ({"SEARCH_BACKEND": "solr"}, "SEARCH_BACKEND must be one of"),
        ({"POSTGRES_RANDOM_PAGE_COST": "1; DROP"}, "POSTGRES_RANDOM_PAGE_COST must be a number"),
        ({"POSTGRES_PARALLEL_WORKERS": "2 -c x"}, "POSTGRES_PARALLEL_WORKERS must be a whole"),
    ],
)
def test_unrecognised_values_stop_start_up_with_a_clear_message(env, message):
    result = load_settings("s.DEBUG", SECRET_KEY="x" * 60, **env)
    assert result.returncode != 0
    assert message in result.stderr


def test_static_files_are_compressed_with_hashed_names():
    result = load_settings("s.STORAGES['staticfiles']['BACKEND']", SECRET_KEY="x" * 60)
    assert result.stdout.strip() == "whitenoise.storage.CompressedManifestStaticFilesStorage"


# --- Mail, sign-in and session settings (issue 12, findings 7 and 15) -------------------------

MAIL = (
    "s.EMAIL_BACKEND.rsplit('.', 2)[-2], s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_USER, "
    "s.EMAIL_HOST_PASSWORD, s.EMAIL_USE_TLS, s.EMAIL_USE_SSL"
)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"DEBUG": "1"}, "('console', 'localhost', 25, '', '', False, False)"),
        ({}, "('smtp', 'localhost', 25, '', '', False, False)"),  # and check --deploy warns
        (
            {"EMAIL_URL": "smtp://catalog%40example.org:p%40ss%3Aword@mail.example.org:587"},
            "('smtp', 'mail.example.org', 587, 'catalog@example.org', 'p@ss:word', True, False)",
        ),
        (
            {"EMAIL_URL": "smtp://relay.internal"},
            "('smtp', 'relay.internal', 25, '', '', False, False)",
        ),
        (
            {"EMAIL_URL": "smtp+tls://u:p@mail.example.org:2525"},
            "('smtp', 'mail.example.org', 2525, 'u', 'p', True, False)",
        ),
        (
            {"EMAIL_URL": "smtps://u:p@mail.example.org"},
            "('smtp', 'mail.example.org', 465, 'u', 'p', False, True)",
        ),
        ({"EMAIL_URL": "console://"}, "('console', 'localhost', 25, '', '', False, False)"),
    ],
)
def test_the_mail_server_comes_from_email_url(env, expected):
    result = load_settings(MAIL, SECRET_KEY="x" * 60, **env)
    assert result.stdout.strip() == expected, result.stderr


def test_the_sender_address_comes_from_the_environment():
    result = load_settings(
        "s.DEFAULT_FROM_EMAIL, s.SERVER_EMAIL",
        SECRET_KEY="x" * 60,
        DEFAULT_FROM_EMAIL="catalog@example.org",
    )
    assert result.stdout.strip() == "('catalog@example.org', 'catalog@example.org')"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://mail.example.org", "EMAIL_URL must start with smtp://"),
        ("smtp://mail.example.org:port", "EMAIL_URL has an unreadable port"),
        ("smtp://", "EMAIL_URL names no mail server"),
    ],
)
def test_a_malformed_email_url_stops_start_up_with_a_clear_message(url, message):
    result = load_settings("s.EMAIL_HOST", SECRET_KEY="x" * 60, EMAIL_URL=url)
    assert result.returncode != 0
    assert message in result.stderr


def test_sign_in_settings_and_their_defaults():
    expression = (
        "s.CATALOG_STAFF_2FA_REQUIRED, s.CATALOG_STAFF_SESSION_IDLE_SECONDS, "
        "s.SESSION_COOKIE_AGE, s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME.seconds, "
        "s.CATALOG_TRUSTED_PROXIES"
    )
    production = load_settings(expression, SECRET_KEY="x" * 60)
    assert production.stdout.strip() == "(False, 28800, 1209600, 5, 900, 1)"
    development = load_settings("s.CATALOG_TRUSTED_PROXIES", DEBUG="1")
    assert development.stdout.strip() == "0"  # make run: nothing in front of runserver
    chosen = load_settings(
        expression,
        SECRET_KEY="x" * 60,
        CATALOG_STAFF_2FA_REQUIRED="1",
        CATALOG_STAFF_SESSION_IDLE_SECONDS="3600",
        AXES_FAILURE_LIMIT="10",
        AXES_COOLOFF_MINUTES="30",
        CATALOG_TRUSTED_PROXIES="2",
    )
    assert chosen.stdout.strip() == "(True, 3600, 1209600, 10, 1800, 2)"


@pytest.mark.skipif(
    "postgres" not in os.environ.get("DATABASE_URL", ""), reason="needs PostgreSQL (CI runs it)"
)
@pytest.mark.django_db
def test_postgres_connections_price_random_reads_for_memory_not_disks():
    """Each connection plans with random_page_cost 1.1, so searches read the GIN indexes' rows
    rather than whole index tables, and without parallel workers, which compete with the other
    pages being served for the same cores (issue 13)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone()[0] == "1.1"
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone()[0] == "0"


@pytest.mark.parametrize(
    ("env", "options"),
    [
        # The default of both is in tests/test_outage.py (with the connect timeout beside them).
        ({"POSTGRES_RANDOM_PAGE_COST": "", "POSTGRES_PARALLEL_WORKERS": "2"},
         "-c max_parallel_workers_per_gather=2"),
        ({"POSTGRES_RANDOM_PAGE_COST": "", "POSTGRES_PARALLEL_WORKERS": ""}, "None"),
    ],
)  # fmt: skip
def test_planner_settings_are_read_from_the_environment_and_empty_keeps_the_servers(env, options):
    result = load_settings(
        "s.DATABASES['default'].get('OPTIONS', {}).get('options')",
        SECRET_KEY="x" * 60,
        DATABASE_URL="postgres://user@db.example:5432/catalog",
        **env,
    )
    assert result.stdout.strip() == options, result.stderr
