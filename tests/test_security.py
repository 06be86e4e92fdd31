"""Production settings and the headers every response carries (issue 7)."""

import os
import secrets
import subprocess
import sys
from http import HTTPStatus
from pathlib import Path

import pytest
from django.test import Client
from wagtail.models import Site

from tests import factories
from tests.test_admin import resource_form

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
    "Cross-Origin-Resource-Policy": "same-origin",
}


def production_environment(**extra: str) -> dict:
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECURE_SSL_REDIRECT"}}
    return {
        **clean,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "catalog.example.org",
        "EMAIL_URL": "smtp://mail.example.org:587",
        "DJANGO_SETTINGS_MODULE": "catalog.settings",
        **extra,
    }


def deployment_check(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(  # our own manage.py, fixed arguments
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_deployment_check_passes_without_a_single_warning():
    result = deployment_check(production_environment())
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_deployment_check_warns_when_production_has_no_mail_server():
    env = {k: v for k, v in production_environment().items() if k != "EMAIL_URL"}
    result = deployment_check(env)
    assert result.returncode != 0
    assert "(catalog.W001) EMAIL_URL is not set" in result.stderr


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


def test_development_serves_plain_http_without_hsts_or_secure_cookies():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE)"
    )
    env = {k: v for k, v in production_environment().items() if k != "SECRET_KEY"}
    result = subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, "DEBUG": "1"},  # make run: http://127.0.0.1:8000
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "False 0 False"


def test_plain_http_is_sent_to_https_and_the_proxys_word_is_taken(settings, home):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31_536_000
    client = Client()
    response = client.get("/search/?q=screening")
    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert response["Location"] == "https://testserver/search/?q=screening"
    assert client.get("/healthz/").status_code == HTTPStatus.OK  # the load balancer's probe
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


def test_signed_in_admin_pages_differ_only_by_allowing_inline_scripts(admin_client, urls):
    # Wagtail 8 starts its choosers and date pickers with inline scripts (catalog/admin_policy).
    admin_policy = STRICT_POLICY - {"script-src 'self'"} | {"script-src 'self' 'unsafe-inline'"}
    for url in ("/admin/", "/admin/pages/", "/admin/reports/coverage/"):
        response = admin_client.get(url)
        assert response.status_code == HTTPStatus.OK
        assert policy(response) >= admin_policy
        assert [part for part in policy(response) if "unsafe" in part or "*" in part] == [
            "script-src 'self' 'unsafe-inline'"
        ]
        for header, value in HEADERS.items():
            assert response[header] == value, header


def test_the_admin_sign_in_page_has_the_strict_policy(client, home):
    response = client.get("/admin/login/")
    assert response.status_code == HTTPStatus.OK
    assert policy(response) >= STRICT_POLICY
    assert not [part for part in policy(response) if "unsafe" in part]


@pytest.mark.parametrize("url", ["/admin/", "/admin/pages/", "/admin/login/", "/admin/no-such/"])
def test_a_signed_in_member_asking_for_the_admin_gets_the_strict_policy(member_client, url):
    # Only staff (admin access) get the inline-script exception: a member is refused or shown
    # the sign-in page, under the site's own policy.
    response = member_client.get(url)
    assert response.status_code in (HTTPStatus.OK, HTTPStatus.FOUND, HTTPStatus.NOT_FOUND)
    assert policy(response) >= STRICT_POLICY
    assert not [part for part in policy(response) if "unsafe" in part]


def test_the_admin_sign_in_page_stays_strict_for_signed_in_staff(admin_client):
    response = admin_client.get("/admin/login/")  # Wagtail sends staff on to the dashboard
    assert response.status_code == HTTPStatus.FOUND
    assert not [part for part in policy(response) if "unsafe" in part]


def test_previews_run_no_inline_script_and_only_the_admin_may_frame_them(admin_client, home):
    kit = factories.toolkit()
    preview = f"/admin/pages/add/catalog/resourcepage/{kit.pk}/preview/"
    assert admin_client.post(preview, resource_form(title="Preview me")).json()["is_valid"]
    entry = factories.resource(kit, title="Draft me")
    framed = STRICT_POLICY - {"frame-ancestors 'none'"} | {"frame-ancestors 'self'"}
    for url, title in ((f"{preview}?mode=", "Preview me"),
                       (f"/admin/pages/{entry.pk}/view_draft/", "Draft me")):  # fmt: skip
        response = admin_client.get(url)
        assert title in response.content.decode()  # the page, as the site renders it
        assert policy(response) >= framed
        assert not [part for part in policy(response) if "unsafe" in part]
        assert "frame-ancestors 'none'" not in policy(response)


def test_files_and_their_parts_are_downloads_no_other_site_may_embed(client, home):
    document = factories.document("Handout", "handout.pdf", b"%PDF-1.4 handout")
    factories.resource(document=document)  # only a file a live page uses is served
    for response in (client.get(document.url), client.get(document.url, HTTP_RANGE="bytes=0-3")):
        assert response.status_code in (HTTPStatus.OK, HTTPStatus.PARTIAL_CONTENT)
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Cross-Origin-Resource-Policy"] == "same-origin"


def test_robots_names_the_sitemap_and_keeps_crawlers_out_of_the_admin(client, home):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain"
    text = response.content.decode()
    assert "Disallow: /admin/" in text
    site_address = Site.objects.get(is_default_site=True).root_url  # not the request's Host
    assert f"Sitemap: {site_address}/sitemap.xml" in text


def test_monitors_may_check_with_head(client, home):
    for url in ("/healthz/", "/robots.txt", "/search/?q=screening", "/search/suggest/?q=sc"):
        assert client.head(url).status_code == HTTPStatus.OK, url
    assert client.post("/search/").status_code == HTTPStatus.METHOD_NOT_ALLOWED


def test_signing_in_without_a_page_to_return_to_lands_on_the_home_page(client, member):
    response = client.post("/_util/login/", {"username": "member", "password": "member-pass-1"})
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == "/"
