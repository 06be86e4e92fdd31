"""The admin's exceptions to the Content Security Policy go only to the answers of the admin's
own views (catalog/admin_policy.py); the wider admin cases are in tests/test_security.py."""

from http import HTTPStatus

import pytest
from django.test import Client

from catalog import coverage
from tests.test_security import STRICT_POLICY, policy

pytestmark = pytest.mark.django_db


def strict(response) -> bool:
    return policy(response) >= STRICT_POLICY and not [p for p in policy(response) if "unsafe" in p]


def test_an_admin_view_that_fails_answers_with_the_strict_policy(admin_user, home, monkeypatch):
    def broken(request):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(coverage, "coverage_counts", broken)
    client = Client(raise_request_exception=False)
    client.force_login(admin_user)
    response = client.get("/admin/reports/coverage/")
    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    assert strict(response)


def test_wagtails_own_admin_404_page_keeps_the_admin_policy_for_staff(admin_client, home):
    # Wagtail answers (not raises) its admin 404 with an admin page, widgets and all.
    response = admin_client.get("/admin/pages/999999/edit/")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "script-src 'self' 'unsafe-inline'" in policy(response)
    assert "frame-ancestors 'none'" in policy(response)


def test_staff_outside_the_admin_get_the_strict_policy(admin_client, home):
    response = admin_client.get("/")
    assert response.status_code == HTTPStatus.OK
    assert strict(response)
