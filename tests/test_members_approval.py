"""Moderators approve or decline member requests in the admin (issue 18): an approval makes an
account in "Members" and the chosen groups and emails a link to choose a password, after which
the member signs in and reads members-only entries; a decline is emailed; every decision is in
Wagtail's log; only those with the right may decide (or, on the decision pages, see whom they
could not decide), and no approval can make staff or a workflow reviewer; a request decided
meanwhile is not decided again."""

from http import HTTPStatus

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.db import transaction
from django.test import Client
from django.utils import timezone
from wagtail.models import GroupApprovalTask, ModelLogEntry

from catalog.members.decisions import Decision, DecisionError, approve
from catalog.models import MembershipRequest
from tests import factories
from tests.members_flow import PASSWORD, REQUEST, ask, decide, link_to, set_password

pytestmark = pytest.mark.django_db

LISTING = "/admin/snippets/catalog/membershiprequest/"


@pytest.fixture
def waiting(home) -> MembershipRequest:
    ask(Client())
    mail.outbox.clear()
    return MembershipRequest.objects.get()


@pytest.fixture
def chapter_readers(db) -> Group:
    """A group without rights, as a chapter's group-only material would use."""
    return Group.objects.create(name="Pennsylvania chapter readers")


def test_approval_to_sign_in_to_a_members_only_entry(waiting, moderator, chapter_readers):
    entry = factories.members_only(factories.resource(title="Members screening worksheet"))
    response = decide(
        moderator, "approve", waiting, groups=[chapter_readers.pk], message="Welcome!"
    )
    assert response.status_code == HTTPStatus.FOUND

    user = get_user_model().objects.get(username=REQUEST["email"])
    assert {group.name for group in user.groups.all()} == {"Members", chapter_readers.name}
    assert not user.has_usable_password()
    membership = user.membership
    assert membership.organisation == REQUEST["organisation"]
    # A year from today, by default (CATALOG_MEMBERSHIP_MONTHS).
    assert (membership.expires_on - timezone.localdate()).days in (364, 365)
    waiting.refresh_from_db()
    assert (waiting.status, waiting.user, waiting.message) == ("approved", user, "Welcome!")

    [message] = mail.outbox
    assert message.to == [REQUEST["email"]]
    assert message.subject == "Your member access is approved"
    assert "Welcome!" in message.body and "3 days" in message.body
    assert message.alternatives[0][1] == "text/html"

    visitor = Client()
    assert visitor.get(entry.url).status_code == HTTPStatus.FOUND  # to the sign-in page
    done = set_password(visitor, link_to(message, "/account/set-password/"))
    assert done.status_code == HTTPStatus.FOUND and done.url == "/account/set-password/done/"
    signed_in = visitor.post(
        "/_util/login/", {"username": REQUEST["email"], "password": PASSWORD, "next": entry.url}
    )
    assert signed_in.status_code == HTTPStatus.FOUND and signed_in.url == entry.url
    page = visitor.get(entry.url)
    assert page.status_code == HTTPStatus.OK
    assert "Members screening worksheet" in page.content.decode()


def test_the_set_password_link_works_once(waiting, moderator):
    decide(moderator, "approve", waiting)
    path = link_to(mail.outbox[0], "/account/set-password/")
    set_password(Client(), path)
    again = Client().get(path, follow=True)
    assert "This link no longer works" in again.content.decode()


def test_a_decline_is_emailed_and_makes_no_account(waiting, moderator):
    response = decide(moderator, "decline", waiting, message="Please ask your director to write.")
    assert response.status_code == HTTPStatus.FOUND
    waiting.refresh_from_db()
    assert waiting.status == "declined" and waiting.decided_by is not None
    assert not get_user_model().objects.filter(username=REQUEST["email"]).exists()
    [message] = mail.outbox
    assert message.subject == "About your request for member access"
    assert "Please ask your director to write." in message.body
    assert "Please ask your director to write." in message.alternatives[0][0]


def test_many_requests_are_decided_at_once(home, moderator):
    for number in range(3):
        ask(Client(), address=f"198.51.100.{number}", email=f"p{number}@cac.example")
    mail.outbox.clear()
    ids = "&".join(f"id={pk}" for pk in MembershipRequest.objects.values_list("pk", flat=True))
    response = moderator.post(f"/admin/bulk/catalog/membershiprequest/approve/?{ids}", {})
    assert response.status_code == HTTPStatus.FOUND
    assert MembershipRequest.objects.filter(status="approved").count() == 3
    assert sorted(message.to[0] for message in mail.outbox) == [
        "p0@cac.example", "p1@cac.example", "p2@cac.example"
    ]  # fmt: skip


def test_every_decision_is_logged_with_who_and_when(waiting, moderator):
    decide(moderator, "approve", waiting)
    entry = ModelLogEntry.objects.get(action="catalog.members.approve")
    assert entry.object_id == str(waiting.pk)
    assert entry.user.username == "moderators"
    assert entry.timestamp is not None
    history = moderator.get(f"{LISTING}history/{waiting.pk}/")
    assert history.status_code == HTTPStatus.OK
    assert "Approved" in history.content.decode()


def test_staff_groups_are_never_offered_nor_taken(waiting, moderator):
    form = moderator.get(f"/admin/bulk/catalog/membershiprequest/approve/?id={waiting.pk}")
    offered = {group.name for group in form.context["form"].fields["groups"].queryset}
    assert "Catalog moderators" not in offered and "Catalog editors" not in offered
    staff = Group.objects.get(name="Catalog moderators")
    refused = decide(moderator, "approve", waiting, groups=[staff.pk])
    assert refused.status_code == HTTPStatus.OK  # the form again, with an error
    assert refused.context["form"].errors["groups"]
    waiting.refresh_from_db()
    assert waiting.status == "pending" and mail.outbox == []


def test_a_decided_request_is_not_decided_again(waiting, moderator):
    decide(moderator, "decline", waiting)
    mail.outbox.clear()
    decide(moderator, "approve", waiting)
    waiting.refresh_from_db()
    assert waiting.status == "declined" and mail.outbox == []


def test_an_address_that_gained_an_account_meanwhile_is_not_approved(waiting, moderator):
    get_user_model().objects.create_user("someone", email=REQUEST["email"].upper())
    response = decide(moderator, "approve", waiting)
    assert response.status_code == HTTPStatus.FOUND
    waiting.refresh_from_db()
    assert waiting.status == "pending" and mail.outbox == []


def test_editors_and_visitors_may_not_see_or_decide(waiting, editor, client):
    assert editor.get(LISTING).status_code in (HTTPStatus.FOUND, HTTPStatus.FORBIDDEN)
    decide(editor, "approve", waiting)
    assert client.get(LISTING).status_code == HTTPStatus.FOUND  # to the admin's sign-in
    decide(client, "approve", waiting)
    waiting.refresh_from_db()
    assert waiting.status == "pending" and mail.outbox == []


def test_the_listing_searches_and_filters(waiting, moderator):
    ohio = {"organisation": "Summit County CAC", "state": "OH"}
    ask(Client(), address="203.0.113.4", name="Bo Chen", email="bo@cac.example", **ohio)
    found = moderator.get(LISTING, {"q": "Lancaster"}).content.decode()
    assert "Ana Ruiz" in found and "Bo Chen" not in found
    ohio = moderator.get(LISTING, {"state": "OH"}).content.decode()
    assert "Bo Chen" in ohio and "Ana Ruiz" not in ohio
    decide(moderator, "decline", waiting)
    pending = moderator.get(LISTING, {"status": "pending"}).content.decode()
    assert "Bo Chen" in pending and "Ana Ruiz" not in pending
    listing = moderator.get(LISTING).content.decode()
    assert "/admin/bulk/catalog/membershiprequest/approve/?id=" in listing


def test_the_dashboard_counts_waiting_requests_for_moderators(waiting, moderator, editor):
    assert "1 request waits for a decision" in moderator.get("/admin/").content.decode()
    ask(Client(), address="203.0.113.5", email="bo@cac.example")
    assert "2 requests wait for a decision" in moderator.get("/admin/").content.decode()
    assert "wait for a decision" not in editor.get("/admin/").content.decode()


def test_the_decision_pages_are_closed_to_those_who_may_not_see_requests(home, editor):
    for number in range(2):
        ask(Client(), address=f"198.51.100.{number}", email=f"p{number}@cac.example")
    ids = "&".join(f"id={pk}" for pk in MembershipRequest.objects.values_list("pk", flat=True))
    for action in ("approve", "decline"):
        response = editor.get(f"/admin/bulk/catalog/membershiprequest/{action}/?{ids}")
        assert response.status_code == HTTPStatus.FORBIDDEN
        assert REQUEST["name"] not in response.content.decode()


def test_those_who_may_see_but_not_decide_see_only_a_count(home, django_user_model):
    for number in range(2):
        ask(Client(), address=f"198.51.100.{number}", email=f"p{number}@cac.example")
    readers = Group.objects.create(name="Request readers")
    readers.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_membershiprequest"),
    )
    user = django_user_model.objects.create_user("reader", password="x")
    user.groups.add(readers)
    reader = Client()
    reader.force_login(user)
    ids = "&".join(f"id={pk}" for pk in MembershipRequest.objects.values_list("pk", flat=True))
    response = reader.get(f"/admin/bulk/catalog/membershiprequest/decline/?{ids}")
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "2 requests are left as they are" in html
    assert REQUEST["name"] not in html and REQUEST["organisation"] not in html
    reader.post(f"/admin/bulk/catalog/membershiprequest/decline/?{ids}", {})
    assert MembershipRequest.objects.filter(status="pending").count() == 2


def test_groups_that_review_a_workflow_step_are_never_offered(waiting, moderator):
    reviewers = Group.objects.create(name="Chapter reviewers")  # no rights of its own
    task = GroupApprovalTask.objects.create(name="Chapter review")
    task.groups.add(reviewers)
    form = moderator.get(f"/admin/bulk/catalog/membershiprequest/approve/?id={waiting.pk}")
    offered = set(form.context["form"].fields["groups"].queryset)
    assert reviewers not in offered
    assert Group.objects.create(name="Ohio readers") in set(
        moderator.get(f"/admin/bulk/catalog/membershiprequest/approve/?id={waiting.pk}")
        .context["form"]
        .fields["groups"]
        .queryset
    )
    refused = decide(moderator, "approve", waiting, groups=[reviewers.pk])
    assert refused.context["form"].errors["groups"]
    waiting.refresh_from_db()
    assert waiting.status == "pending"


def test_a_request_decided_meanwhile_is_not_decided_again(waiting, moderator):
    # Another moderator declines it after this one loaded it.
    stale = MembershipRequest.objects.get(pk=waiting.pk)
    MembershipRequest.objects.filter(pk=waiting.pk).update(status="declined")
    with pytest.raises(DecisionError, match="already declined"), transaction.atomic():
        approve(stale, Decision(moderator=None))
    assert not get_user_model().objects.filter(username=REQUEST["email"]).exists()
