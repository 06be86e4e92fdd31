"""Production settings and the headers every response carries (issue 7)."""

import os
import secrets
import subprocess
import sys
from http import HTTPStatus
from pathlib import Path

import pytest
from django.test import Client

from tests import factories

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
STRICT_POLICY = {
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
}
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def production_environment(**extra: str) -> dict:
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECURE_SSL_REDIRECT"}}
    return {
        **clean,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "catalog.example.org",
        "DJANGO_SETTINGS_MODULE": "catalog.settings",
        **extra,
    }


def test_the_deployment_check_passes_without_a_single_warning():
    result = subprocess.run(  # noqa: S603 - our own manage.py, fixed arguments
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_environment(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_is_https_only_behind_the_proxy():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS >= 31536000, s.SESSION_COOKIE_SECURE,"
        " s.CSRF_COOKIE_SECURE, s.SECURE_PROXY_SSL_HEADER)"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=production_environment(),
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "True True True True ('HTTP_X_FORWARDED_PROTO', 'https')"


def test_plain_http_is_sent_to_https_and_the_proxys_word_is_taken(settings, home):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31_536_000
    client = Client()
    response = client.get("/search/?q=screening")
    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert response["Location"] == "https://testserver/search/?q=screening"
    secure = client.get("/", headers={"X-Forwarded-Proto": "https"})
    assert secure.status_code == HTTPStatus.OK
    assert secure["Strict-Transport-Security"].startswith("max-age=31536000")


def policy(response) -> set[str]:
    return {part.strip() for part in response["Content-Security-Policy"].split(";")}


@pytest.fixture
def urls(home):
    entry = factories.resource(title="Screening tool")
    return {
        "home": "/",
        "entry": entry.url,
        "search": "/search/?q=screening",
        "suggest": "/search/suggest/?q=scr",
        "not found": "/no-such-page/",
        "sign-in": "/_util/login/",
        "sitemap": "/sitemap.xml",
    }


@pytest.mark.parametrize(
    "name", ["home", "entry", "search", "suggest", "not found", "sign-in", "sitemap"]
)
def test_every_response_carries_the_strict_policy_and_headers(client, urls, name):
    response = client.get(urls[name])
    assert response.status_code in (HTTPStatus.OK, HTTPStatus.NOT_FOUND)
    assert policy(response) >= STRICT_POLICY
    assert not [part for part in policy(response) if "unsafe" in part or "*" in part]
    for header, value in HEADERS.items():
        assert response[header] == value, header
    permissions = response["Permissions-Policy"]
    assert "camera=()" in permissions and "geolocation=()" in permissions


def test_the_admin_policy_differs_only_by_allowing_inline_scripts(client, admin_client, urls):
    # Wagtail 8 starts its choosers and date pickers with inline scripts (catalog/urls.py).
    # Its live preview is a frame of the admin's own: framed by the site, never by another.
    admin_policy = STRICT_POLICY - {"script-src 'self'", "frame-ancestors 'none'"} | {
        "script-src 'self' 'unsafe-inline'",
        "frame-ancestors 'self'",
    }
    responses = [client.get("/admin/login/")] + [
        admin_client.get(url) for url in ("/admin/", "/admin/pages/", "/admin/reports/coverage/")
    ]
    for response in responses:
        assert response.status_code == HTTPStatus.OK
        assert policy(response) >= admin_policy
        assert [part for part in policy(response) if "unsafe" in part or "*" in part] == [
            "script-src 'self' 'unsafe-inline'"
        ]
        for header, value in HEADERS.items():
            assert response[header] == value, header


def test_robots_names_the_sitemap_and_keeps_crawlers_out_of_the_admin(client, home):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain"
    text = response.content.decode()
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def test_monitors_may_check_with_head(client, home):
    for url in ("/healthz/", "/robots.txt", "/search/?q=screening", "/search/suggest/?q=sc"):
        assert client.head(url).status_code == HTTPStatus.OK, url
    assert client.post("/search/").status_code == HTTPStatus.METHOD_NOT_ALLOWED


def test_signing_in_without_a_page_to_return_to_lands_on_the_home_page(client, member):
    response = client.post("/_util/login/", {"username": "member", "password": "member-pass-1"})
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == "/"
