"""One person's data, exported or erased by a moderator (issue 18): their requests, membership
and account, found by email address (sent in the form's body, never in a URL); nothing of them
left in Wagtail's log, however a request is deleted; staff accounts (active or not) and those
without the right are refused."""

import json
from http import HTTPStatus

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.test import Client
from wagtail.log_actions import log
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
    response = moderator.post(PAGE, {"email": REQUEST["email"], "download": "json"})
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
    html = moderator.post(PAGE, {"email": REQUEST["email"]}).content.decode()
    assert "Renewal with changes" in html and "member until" in html
    assert "Erase all of it" in html


def test_erasing_removes_requests_membership_account_and_names_in_the_log(
    member_with_history, moderator
):
    response = moderator.post(PAGE, {"email": REQUEST["email"], "confirm": "on", "erase": "1"})
    assert response.status_code == HTTPStatus.FOUND
    assert not MembershipRequest.objects.exists()
    assert not Membership.objects.exists()
    assert not get_user_model().objects.filter(username=REQUEST["email"]).exists()
    labels = list(ModelLogEntry.objects.values_list("label", flat=True))
    assert labels and not any("Ana Ruiz" in label for label in labels)
    assert ModelLogEntry.objects.filter(action="catalog.members.erase").exists()


def test_erasing_needs_the_box_ticked(member_with_history, moderator):
    response = moderator.post(PAGE, {"email": REQUEST["email"], "erase": "1"})
    assert response.status_code == HTTPStatus.OK
    assert "Tick the box to confirm" in response.content.decode()
    assert MembershipRequest.objects.count() == 2 and Membership.objects.count() == 1


def test_a_staff_account_is_not_erased_here(home, moderator):
    staff = get_user_model().objects.create_user("ed", email="ed@cac.example", is_superuser=True)
    response = moderator.post(PAGE, {"email": "ed@cac.example", "confirm": "on", "erase": "1"})
    assert response.status_code == HTTPStatus.FOUND
    assert get_user_model().objects.filter(pk=staff.pk).exists()


def test_only_those_with_the_right_handle_members_data(member_with_history, editor, client):
    assert editor.post(PAGE, {"email": REQUEST["email"]}).status_code in (
        HTTPStatus.FORBIDDEN, HTTPStatus.FOUND
    )  # fmt: skip
    editor.post(PAGE, {"email": REQUEST["email"], "confirm": "on", "erase": "1"})
    client.post(PAGE, {"email": REQUEST["email"], "confirm": "on", "erase": "1"})
    assert MembershipRequest.objects.count() == 2


def test_an_unknown_address_holds_nothing(home, moderator):
    html = moderator.post(PAGE, {"email": "nobody@cac.example"}).content.decode()
    assert "Nothing: no request and no account has this address." in html


def test_the_address_never_travels_in_a_url(member_with_history, moderator):
    # An address in the query string finds nothing: the search is a POST form.
    looked_up = moderator.get(PAGE, {"email": REQUEST["email"]}).content.decode()
    assert "What we hold for" not in looked_up and 'method="post"' in looked_up
    # The listing's link names the request by its id, and the page finds its person.
    request = MembershipRequest.objects.get(kind="new")
    listing = moderator.get("/admin/snippets/catalog/membershiprequest/").content.decode()
    assert f"{PAGE}?request={request.pk}" in listing and "?email=" not in listing
    shown = moderator.get(PAGE, {"request": request.pk}).content.decode()
    assert f"What we hold for {REQUEST['email']}" in shown
    assert "download=json" not in shown  # the download is a POST too
    for junk in ("abc", "-1", "9" * 40, "99999"):
        assert moderator.get(PAGE, {"request": junk}).status_code == HTTPStatus.OK


def test_erasing_takes_the_name_out_of_the_membership_and_account_entries(
    member_with_history, moderator
):
    membership = member_with_history.membership
    log(membership, "catalog.members.renew", user=member_with_history)
    log(membership, "catalog.members.lapse", data={"ended": "2026-01-01"})
    log(member_with_history, "wagtail.edit")  # as the admin's Users page would
    moderator.post(PAGE, {"email": REQUEST["email"], "confirm": "on", "erase": "1"})
    entries = ModelLogEntry.objects.exclude(action="catalog.members.erase")
    assert entries.count() >= 5
    for entry in entries:
        assert "Ana Ruiz" not in entry.label and REQUEST["email"] not in entry.label
        assert not entry.data


def test_deleting_requests_in_the_listing_takes_their_names_out_of_the_log(
    member_with_history, moderator
):
    first, renewal = MembershipRequest.objects.order_by("created_at")
    single = moderator.post(f"/admin/snippets/catalog/membershiprequest/delete/{renewal.pk}/")
    assert single.status_code == HTTPStatus.FOUND
    bulk = moderator.post(f"/admin/bulk/catalog/membershiprequest/delete/?id={first.pk}", {})
    assert bulk.status_code == HTTPStatus.FOUND
    assert not MembershipRequest.objects.exists()
    labels = list(ModelLogEntry.objects.values_list("label", flat=True))
    assert labels and not any("Ana Ruiz" in label for label in labels)


@pytest.mark.parametrize("rights", ["role", "permission", "is_staff"])
def test_a_deactivated_staff_account_is_not_erased_either(home, moderator, rights):
    staff = get_user_model().objects.create_user("ed", email="ed@cac.example", is_active=False)
    if rights == "role":
        staff.groups.add(Group.objects.get(name="Catalog editors"))
    elif rights == "permission":
        staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    else:
        staff.is_staff = True
        staff.save()
    shown = moderator.post(PAGE, {"email": "ed@cac.example"}).content.decode()
    assert "belongs to a staff account" in shown and "Erase all of it" not in shown
    moderator.post(PAGE, {"email": "ed@cac.example", "confirm": "on", "erase": "1"})
    assert get_user_model().objects.filter(pk=staff.pk).exists()
