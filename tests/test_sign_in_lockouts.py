"""Moderators unlock sign-ins in the admin (Settings > Sign-in lockouts); editors cannot."""

from http import HTTPStatus

import pytest
from axes.models import AccessAttempt
from django.test import Client

from tests.test_sign_in import RIGHT, sign_in, signed_in

pytestmark = pytest.mark.django_db

PAGE = "/admin/sign-in-lockouts/"
UNLOCK = "/admin/sign-in-lockouts/unlock/"


@pytest.fixture
def locked_account(home, member):
    for number in range(5):
        sign_in("/_util/login/", "member", "guess", address=f"192.0.2.{number + 1}")
    assert sign_in("/_util/login/", **RIGHT)[1].status_code == HTTPStatus.TOO_MANY_REQUESTS


@pytest.fixture
def locked_address(home):
    for name in ("alice", "bob", "carol", "dave", "erin"):
        sign_in("/_util/login/", name, "guess", address="203.0.113.77")


def test_moderators_see_locked_accounts_and_masked_addresses(moderator, locked_account,
                                                              locked_address):  # fmt: skip
    response = moderator.get(PAGE)
    text = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert '<input type="hidden" name="username" value="member">' in text
    assert "203.0.113.x" in text
    assert "203.0.113.77" not in text and "192.0.2." not in text  # no full address shown
    assert "alice" not in text  # one wrong password is no lockout


def test_a_moderator_unlocks_an_account(moderator, locked_account):
    response = moderator.post(UNLOCK, {"username": "member"})
    assert response.status_code == HTTPStatus.FOUND
    assert not AccessAttempt.objects.filter(username="member").exists()
    client, response = sign_in("/_util/login/", **RIGHT)
    assert signed_in(client)
    assert "may sign in again" in moderator.get(PAGE).content.decode()


def test_a_moderator_unlocks_an_address(moderator, locked_address, member):
    assert sign_in("/_util/login/", **RIGHT, address="203.0.113.77")[1].status_code == 429
    attempt = AccessAttempt.objects.filter(ip_address="203.0.113.77").latest("id")
    assert moderator.post(UNLOCK, {"attempt": str(attempt.pk)}).status_code == HTTPStatus.FOUND
    assert not AccessAttempt.objects.filter(ip_address="203.0.113.77").exists()
    assert signed_in(sign_in("/_util/login/", **RIGHT, address="203.0.113.77")[0])


@pytest.mark.parametrize("attempt", ["", "abc", "٣", "9" * 40, "123456"])
def test_an_unlock_naming_no_attempt_is_a_404(moderator, attempt):
    assert moderator.post(UNLOCK, {"attempt": attempt}).status_code == HTTPStatus.NOT_FOUND


def test_editors_may_neither_see_nor_unlock(editor, locked_account):
    # Wagtail turns the refusal into a message on the dashboard.
    for response in (editor.get(PAGE), editor.post(UNLOCK, {"username": "member"})):
        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"] == "/admin/"
    assert AccessAttempt.objects.filter(username="member").exists()
    assert sign_in("/_util/login/", **RIGHT)[1].status_code == HTTPStatus.TOO_MANY_REQUESTS


def test_members_and_visitors_never_reach_the_page(member_client, client, locked_account):
    for visitor in (member_client, client):
        response = visitor.post(UNLOCK, {"username": "member"})
        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"].startswith("/admin/login/")
    assert AccessAttempt.objects.filter(username="member").exists()


def test_unlocking_is_a_post_with_a_csrf_token(django_user_model, locked_account):
    moderator = Client(enforce_csrf_checks=True)
    user = django_user_model.objects.create_superuser("root", password="x")
    moderator.force_login(user)
    assert moderator.get(UNLOCK).status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert moderator.post(UNLOCK, {"username": "member"}).status_code == HTTPStatus.FORBIDDEN
    assert AccessAttempt.objects.filter(username="member").exists()


def test_the_settings_menu_offers_the_page_to_moderators_only(moderator, editor):
    assert PAGE in moderator.get("/admin/").content.decode()
    assert PAGE not in editor.get("/admin/").content.decode()
