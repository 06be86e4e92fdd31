"""Members look after their own account on the site, in the site's look (issue 18): the account
page, changing the password, resetting a forgotten one by email, and signing out."""

from http import HTTPStatus

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from catalog.models import MembershipRequest
from tests.members_flow import PASSWORD, ask, decide, link_to, set_password

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(home, moderator):
    """A member just approved, who has not chosen a password yet."""
    ask(Client())
    decide(moderator, "approve", MembershipRequest.objects.get())
    mail.outbox.clear()
    return get_user_model().objects.get(membership__isnull=False)


def signed_in(username: str, password: str) -> Client:
    client = Client()
    response = client.post("/_util/login/", {"username": username, "password": password})
    assert response.status_code == HTTPStatus.FOUND, "not signed in"
    return client


def test_the_account_page_shows_the_membership(approved):
    approved.set_password(PASSWORD)
    approved.save()
    page = signed_in(approved.username, PASSWORD).get("/account/")
    assert page.status_code == HTTPStatus.OK
    html = page.content.decode()
    for shown in ("Ana Ruiz", "Lancaster County Children&#x27;s Alliance", "Victim advocate",
                  "Pennsylvania", approved.membership.expires_on.strftime("%Y-%m-%d")):  # fmt: skip
        assert shown in html
    assert 'href="/account/password/"' in html and 'action="/sign-out/"' in html
    assert "private" in page["Cache-Control"] and "no-store" in page["Cache-Control"]
    assert "css/members" in html


def test_the_account_page_asks_visitors_to_sign_in(client, home):
    response = client.get("/account/")
    assert response.status_code == HTTPStatus.FOUND
    assert response.url.startswith("/_util/login/?next=/account/")


def test_a_forgotten_password_is_reset_by_email_even_before_one_was_chosen(approved):
    sent = Client().post("/account/password-reset/", {"email": approved.email.upper()})
    assert sent.status_code == HTTPStatus.FOUND
    assert sent.url == "/account/password-reset/sent/"
    [message] = mail.outbox
    assert message.subject == "Choose a new password"
    assert message.alternatives[0][1] == "text/html"
    set_password(Client(), link_to(message, "/account/set-password/"), "another fine passphrase 9")
    signed_in(approved.username, "another fine passphrase 9")


def test_a_reset_for_an_unknown_address_looks_the_same_and_sends_nothing(client, home):
    response = client.post("/account/password-reset/", {"email": "nobody@cac.example"})
    assert response.status_code == HTTPStatus.FOUND
    assert response.url == "/account/password-reset/sent/"
    assert mail.outbox == []


def test_password_resets_count_against_the_mail_limit(home):
    client = Client()
    for _ in range(5):
        client.post("/account/password-reset/", {"email": "someone@cac.example"})
    refused = client.post("/account/password-reset/", {"email": "someone@cac.example"})
    assert refused.status_code == HTTPStatus.TOO_MANY_REQUESTS


def test_a_member_changes_their_password(approved):
    approved.set_password(PASSWORD)
    approved.save()
    client = signed_in(approved.username, PASSWORD)
    new = "a brand new passphrase 3"
    changed = client.post(
        "/account/password/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert changed.status_code == HTTPStatus.FOUND and changed.url == "/account/password/changed/"
    assert client.get("/account/").status_code == HTTPStatus.OK  # still signed in
    signed_in(approved.username, new)


def test_a_wrong_old_password_is_a_readable_error(approved):
    approved.set_password(PASSWORD)
    approved.save()
    client = signed_in(approved.username, PASSWORD)
    response = client.post(
        "/account/password/", {"old_password": "wrong", "new_password1": "x", "new_password2": "x"}
    )
    assert response.status_code == HTTPStatus.OK
    assert "Your old password was entered incorrectly" in response.content.decode()


def test_signing_out_from_the_account_page(approved):
    approved.set_password(PASSWORD)
    approved.save()
    client = signed_in(approved.username, PASSWORD)
    assert client.post("/sign-out/").status_code == HTTPStatus.FOUND
    assert client.get("/account/").status_code == HTTPStatus.FOUND


def test_an_account_made_by_hand_has_a_page_without_membership(member_client):
    page = member_client.get("/account/").content.decode()
    assert "no membership to renew" in page


def test_member_pages_use_the_sites_look_not_the_admins(client, home):
    for url in ("/members/request/", "/account/password-reset/", "/account/renew/"):
        html = client.get(url).content.decode()
        assert 'class="site-header"' in html and "wagtailadmin" not in html, url


FORMS = {
    "/members/request/": ["name", "email", "organisation", "role", "state", "reason", "website"],
    "/account/password-reset/": ["email"],
    "/account/renew/": ["email"],
    "/account/renew/x\x00y/": ["organisation", "role"],
}


@pytest.mark.parametrize("url", FORMS)
def test_nul_bytes_anywhere_are_refused_without_a_server_error(client, home, url):
    response = client.post(url, dict.fromkeys(FORMS[url], "ana\x00@cac.example"))
    assert response.status_code in (HTTPStatus.OK, HTTPStatus.NOT_FOUND)
    assert not MembershipRequest.objects.exists() and mail.outbox == []
