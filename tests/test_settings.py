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
        "SEARCH_BACKEND",
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
    ],
)
def test_unrecognised_values_stop_start_up_with_a_clear_message(env, message):
    result = load_settings("s.DEBUG", SECRET_KEY="x" * 60, **env)
    assert result.returncode != 0
    assert message in result.stderr


def test_static_files_are_compressed_with_hashed_names():
    result = load_settings("s.STORAGES['staticfiles']['BACKEND']", SECRET_KEY="x" * 60)
    assert result.stdout.strip() == "whitenoise.storage.CompressedManifestStaticFilesStorage"
