"""Guessing passwords is stopped (issue 12, finding 7): on both sign-in forms, django-axes counts
wrong passwords per account and per address and, past the limit, refuses even the right one."""

import datetime
import logging
from http import HTTPStatus

import pytest
from axes.models import AccessAttempt, AccessLog
from django.test import Client

from catalog.sign_in_guard import client_address, masked_address

pytestmark = pytest.mark.django_db

FORMS = {"members' sign-in": "/_util/login/", "admin sign-in": "/admin/login/"}
RIGHT = {"username": "member", "password": "member-pass-1"}  # the `member` fixture


def sign_in(url: str, username: str, password: str, address: str = "198.51.100.7", **headers):
    """One attempt from a fresh browser at `address`."""
    client = Client(REMOTE_ADDR=address)
    response = client.post(url, {"username": username, "password": password}, headers=headers)
    return client, response


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("url", FORMS.values(), ids=FORMS.keys())
def test_forty_wrong_passwords_and_then_the_right_one_is_refused(home, member, url):
    for attempt in range(40):
        _, response = sign_in(url, "member", f"guess-{attempt}")
        assert response.status_code in (HTTPStatus.OK, HTTPStatus.TOO_MANY_REQUESTS)
    client, response = sign_in(url, **RIGHT)
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert not signed_in(client)


@pytest.mark.parametrize("url", FORMS.values(), ids=FORMS.keys())
def test_the_fifth_wrong_password_locks_and_four_do_not(home, member, url, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    for attempt in range(4):
        assert sign_in(url, "member", f"guess-{attempt}")[1].status_code == HTTPStatus.OK
    client, response = sign_in(url, **RIGHT)
    assert signed_in(client)  # four mistakes and then the right password: in
    AccessAttempt.objects.all().delete()
    for attempt in range(5):
        response = sign_in(url, "member", f"guess-{attempt}")[1]
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS


def test_one_address_is_locked_out_whatever_usernames_it_tries(home, member):
    for name in ("alice", "bob", "carol", "dave", "erin"):
        sign_in("/_util/login/", name, "guess", address="203.0.113.9")
    client, response = sign_in("/_util/login/", **RIGHT, address="203.0.113.9")
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert not signed_in(client)
    # The account itself was never guessed at: from anywhere else it signs in.
    client, response = sign_in("/_util/login/", **RIGHT, address="192.0.2.44")
    assert response.status_code == HTTPStatus.FOUND
    assert signed_in(client)


def test_one_account_is_locked_out_from_every_address(home, member):
    for number in range(5):
        sign_in("/admin/login/", "member", "guess", address=f"192.0.2.{number + 1}")
    client, response = sign_in("/_util/login/", **RIGHT, address="198.51.100.200")
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert not signed_in(client)


def test_the_lockout_page_says_what_happened_and_how_long_to_wait(home, member):
    for attempt in range(5):
        _, response = sign_in("/_util/login/", "member", f"guess-{attempt}")
    text = response.content.decode()
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "Sign-in is paused" in text
    assert "too many wrong passwords" in text
    assert "for 15 minutes" in text
    assert "ask a catalog moderator to unlock your account" in text
    assert response["Retry-After"] == "900"
    assert "no-store" in response["Cache-Control"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "<script>" not in text and "style=" not in text


def test_after_the_cool_off_time_the_right_password_works_again(home, member):
    for attempt in range(5):
        sign_in("/_util/login/", "member", f"guess-{attempt}")
    assert sign_in("/_util/login/", **RIGHT)[1].status_code == HTTPStatus.TOO_MANY_REQUESTS
    sixteen_minutes_ago = datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=16)
    AccessAttempt.objects.update(attempt_time=sixteen_minutes_ago)
    client, response = sign_in("/_util/login/", **RIGHT)
    assert response.status_code == HTTPStatus.FOUND
    assert signed_in(client)
    assert not AccessAttempt.objects.exists()  # expired attempts are deleted, addresses too


def test_the_proxy_s_address_is_not_the_visitor_s(home, member, settings):
    # Behind the TLS proxy every request comes from the proxy; X-Forwarded-For's last entry,
    # the one the proxy appended, is the visitor. Entries a client wrote before it are ignored.
    assert settings.CATALOG_TRUSTED_PROXIES == 1
    for attempt in range(5):
        sign_in("/_util/login/", f"user{attempt}", "guess", address="10.0.0.2",
                X_Forwarded_For=f"192.0.2.{attempt}, 203.0.113.9")  # fmt: skip
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.9"}
    locked = sign_in("/_util/login/", **RIGHT, address="10.0.0.2", X_Forwarded_For="203.0.113.9")
    assert locked[1].status_code == HTTPStatus.TOO_MANY_REQUESTS
    other = sign_in("/_util/login/", **RIGHT, address="10.0.0.2", X_Forwarded_For="203.0.113.10")
    assert other[1].status_code == HTTPStatus.FOUND


@pytest.mark.parametrize(
    ("proxies", "forwarded", "remote", "expected"),
    [
        (0, "192.0.2.1", "10.0.0.2", "10.0.0.2"),  # no proxy trusted: the header is a lie
        (1, "", "10.0.0.2", "10.0.0.2"),
        (1, "not an address", "10.0.0.2", "10.0.0.2"),
        (1, "192.0.2.1, 203.0.113.9", "10.0.0.2", "203.0.113.9"),
        (2, "192.0.2.1, 203.0.113.9, 10.0.0.3", "10.0.0.2", "203.0.113.9"),
        (1, "2001:db8:1:2:aaaa:bbbb:cccc:dddd", "10.0.0.2", "2001:db8:1:2::"),
        (1, "::ffff:192.0.2.8", "10.0.0.2", "192.0.2.8"),
    ],
)
def test_client_address(rf, settings, proxies, forwarded, remote, expected):
    settings.CATALOG_TRUSTED_PROXIES = proxies
    request = rf.get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


def test_ipv6_visitors_are_counted_by_their_64_network(home, member):
    for host in range(5):
        sign_in("/_util/login/", "member-x", "guess", address=f"2001:db8:5:6::{host + 1}")
    locked = sign_in("/_util/login/", **RIGHT, address="2001:db8:5:6::99")[1]
    assert locked.status_code == HTTPStatus.TOO_MANY_REQUESTS


def test_no_full_address_and_no_password_is_logged_or_kept(home, member, caplog):
    caplog.set_level(logging.DEBUG)
    assert signed_in(sign_in("/admin/login/", **RIGHT, address="192.0.2.50")[0])
    for attempt in range(6):
        sign_in("/admin/login/", "member", f"secret-guess-{attempt}", address="203.0.113.77")
    assert "203.0.113.77" not in caplog.text
    assert "192.0.2.50" not in caplog.text
    assert "secret-guess" not in caplog.text
    attempt = AccessAttempt.objects.get()  # the running count, deleted after the cool-off
    assert "secret-guess" not in attempt.post_data
    assert not AccessLog.objects.exists()  # successful sign-ins are not recorded


def test_masked_addresses_tell_networks_apart_without_naming_anyone():
    assert masked_address("203.0.113.77") == "203.0.113.x"
    assert masked_address("2001:db8:1:2::") == "2001:db8:1:2::/64"
    assert masked_address(None) == "unknown"


def test_garbled_sign_in_posts_are_answered_not_failed(home, member):
    # NUL bytes and overlong names stop at the form, before axes stores anything.
    for username in ("mem\x00ber", "x" * 1000, ""):
        response = Client().post("/admin/login/", {"username": username, "password": "p\x00"})
        assert response.status_code == HTTPStatus.OK
