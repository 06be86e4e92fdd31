"""One person's data, exported or erased by a moderator (issue 18): their requests, membership
and account, found by email address; nothing of them left in Wagtail's log; staff accounts and
those without the right are refused."""

import json
from http import HTTPStatus

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from wagtail.models import ModelLogEntry

from catalog.models import Membership, MembershipRequest
from tests.members_flow import REQUEST, ask, decide

pytestmark = pytest.mark.django_db

PAGE = "/admin/members/data/"


@pytest.fixture
def member_with_history(home, moderator):
    """Approved, then asked to renew with a change (two requests, an account, a membership)."""
    ask(Client())
    decide(moderator, "approve", MembershipRequest.objects.get())
    user = get_user_model().objects.get(membership__isnull=False)
    MembershipRequest.objects.create(
        kind="renewal", user=user, name="Ana Ruiz", email=user.email,
        organisation="Erie CAC", role="Director", state="PA",
    )  # fmt: skip
    mail.outbox.clear()
    return user


def test_the_export_holds_everything_about_the_person(member_with_history, moderator):
    response = moderator.get(PAGE, {"email": REQUEST["email"], "download": "json"})
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="member-data-')
    data = json.loads(response.content)
    assert [request["kind"] for request in data["requests"]] == ["new", "renewal"]
    assert data["requests"][0]["reason"] == REQUEST["reason"]
    [account] = data["accounts"]
    assert account["username"] == REQUEST["email"] and "Members" in account["groups"]
    assert account["membership"]["organisation"] == REQUEST["organisation"]


def test_the_page_shows_what_is_held(member_with_history, moderator):
    html = moderator.get(PAGE, {"email": REQUEST["email"]}).content.decode()
    assert "Renewal with changes" in html and "member until" in html
    assert "Erase all of it" in html


def test_erasing_removes_requests_membership_account_and_names_in_the_log(
    member_with_history, moderator
):
    response = moderator.post(PAGE, {"email": REQUEST["email"], "confirm": "on"})
    assert response.status_code == HTTPStatus.FOUND
    assert not MembershipRequest.objects.exists()
    assert not Membership.objects.exists()
    assert not get_user_model().objects.filter(username=REQUEST["email"]).exists()
    labels = list(ModelLogEntry.objects.values_list("label", flat=True))
    assert labels and not any("Ana Ruiz" in label for label in labels)
    assert ModelLogEntry.objects.filter(action="catalog.members.erase").exists()


def test_erasing_needs_the_box_ticked(member_with_history, moderator):
    moderator.post(PAGE, {"email": REQUEST["email"]})
    assert MembershipRequest.objects.count() == 2 and Membership.objects.count() == 1


def test_a_staff_account_is_not_erased_here(home, moderator):
    staff = get_user_model().objects.create_user("ed", email="ed@cac.example", is_superuser=True)
    response = moderator.post(PAGE, {"email": "ed@cac.example", "confirm": "on"})
    assert response.status_code == HTTPStatus.FOUND
    assert get_user_model().objects.filter(pk=staff.pk).exists()


def test_only_those_with_the_right_handle_members_data(member_with_history, editor, client):
    assert editor.get(PAGE, {"email": REQUEST["email"]}).status_code in (
        HTTPStatus.FORBIDDEN, HTTPStatus.FOUND
    )  # fmt: skip
    editor.post(PAGE, {"email": REQUEST["email"], "confirm": "on"})
    client.post(PAGE, {"email": REQUEST["email"], "confirm": "on"})
    assert MembershipRequest.objects.count() == 2


def test_an_unknown_address_holds_nothing(home, moderator):
    html = moderator.get(PAGE, {"email": "nobody@cac.example"}).content.decode()
    assert "Nothing: no request and no account has this address." in html
