"""When a member may renew themselves (issue 18, after review): from 30 days before the end
until CATALOG_MEMBERSHIP_GRACE_DAYS after it, and never after a moderator took them out of
"Members"; later, they ask for access again and a moderator decides. A membership gets one term
per renewal, whichever way it is renewed."""

import datetime
from http import HTTPStatus

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from catalog.members.access import term_from
from catalog.members.renewal import WITHDRAWN, renew_as_member, renewal_path, run_daily
from catalog.members.window import Renewal, renewal_state
from catalog.models import Membership, MembershipRequest
from tests import members_flow
from tests.members_flow import PASSWORD, ask, decide, links_in

pytestmark = pytest.mark.django_db
membership = members_flow.membership  # a fixture shared by the members' tests

TODAY = timezone.localdate
DAY = datetime.timedelta(days=1)


def ends(membership: Membership, day: datetime.date) -> None:
    membership.expires_on = day
    membership.save()


def in_members_group(membership: Membership) -> bool:
    return membership.user.groups.filter(name="Members").exists()


def signs_in(membership: Membership) -> bool:
    response = Client().post(
        "/_util/login/", {"username": membership.user.username, "password": PASSWORD}
    )
    return response.status_code == HTTPStatus.FOUND


def same_details(membership: Membership) -> dict:
    return {"organisation": membership.organisation, "role": membership.role}


def test_long_after_the_end_the_member_asks_again_and_a_moderator_decides(membership, moderator):
    ended = TODAY() - 3 * 365 * DAY
    ends(membership, ended)
    run_daily()
    assert not in_members_group(membership)

    # A link made for that end date no longer renews.
    link = renewal_path(membership)
    page = Client().get(link).content.decode()
    assert "that time has passed" in page and 'href="/members/request/"' in page
    Client().post(link, same_details(membership))
    membership.refresh_from_db()
    assert membership.expires_on == ended and not in_members_group(membership)

    # Asking for a link brings none: it says to ask for access again.
    Client().post("/account/renew/", {"email": membership.user.email})
    [answer] = mail.outbox
    assert answer.subject == "About renewing your membership"
    assert links_in(answer)[0] == "/members/request/"
    assert not any(path.startswith("/account/renew/") for path in links_in(answer))

    # Asking again is a renewal request for their account, which a moderator approves.
    mail.outbox.clear()
    ask(Client(), address="203.0.113.7", email=membership.user.email, organisation="Erie CAC")
    request = MembershipRequest.objects.get(status="pending")
    assert (request.kind, request.user) == ("renewal", membership.user)
    assert [message.subject for message in mail.outbox] == [
        "We have your request for member access"
    ]
    decide(moderator, "approve", request)
    membership.refresh_from_db()
    assert membership.expires_on == term_from(TODAY()) and membership.organisation == "Erie CAC"
    assert in_members_group(membership) and signs_in(membership)


def test_the_grace_days_after_the_end_are_a_setting(membership, settings):
    assert settings.CATALOG_MEMBERSHIP_GRACE_DAYS == 90
    assert renewal_state(membership, membership.expires_on + 90 * DAY) == Renewal.OPEN
    assert renewal_state(membership, membership.expires_on + 91 * DAY) == Renewal.CLOSED
    assert renewal_state(membership, membership.expires_on - 31 * DAY) == Renewal.EARLY

    ends(membership, TODAY() - 90 * DAY)
    assert "Renew my membership" in Client().get(renewal_path(membership)).content.decode()
    settings.CATALOG_MEMBERSHIP_GRACE_DAYS = 60
    assert "Renew my membership" not in Client().get(renewal_path(membership)).content.decode()


def test_a_member_a_moderator_removed_cannot_put_themselves_back(membership):
    ends(membership, TODAY() + 10 * DAY)  # the renewal window is open
    link = renewal_path(membership)
    membership.user.groups.clear()  # a moderator took them out of "Members" by hand

    assert not signs_in(membership)
    page = Client().get(link).content.decode()
    assert "can no longer be renewed here" in page and "Renew my membership" not in page
    Client().post(link, same_details(membership))
    membership.refresh_from_db()
    assert membership.expires_on == TODAY() + 10 * DAY and not in_members_group(membership)

    assert run_daily().reminded == 0  # no reminder invites them back
    Client().post("/account/renew/", {"email": membership.user.email})
    [answer] = mail.outbox
    assert answer.subject == "About renewing your membership"


def test_a_member_who_lapsed_still_renews_within_the_grace_days(membership):
    ends(membership, TODAY() - 30 * DAY)
    run_daily()  # out of "Members" by lapsing, which the log records
    assert not in_members_group(membership)
    Client().post(renewal_path(membership), same_details(membership))
    membership.refresh_from_db()
    assert membership.expires_on == term_from(TODAY()) and in_members_group(membership)


def signed_in(membership: Membership) -> Client:
    client = Client()
    client.force_login(membership.user)
    return client


def test_a_direct_renewal_closes_the_waiting_renewal_request(membership, moderator):
    ends(membership, TODAY() + 10 * DAY)
    client = signed_in(membership)
    client.post("/account/renew/", {"organisation": "Erie CAC", "role": "Director"})
    waiting = MembershipRequest.objects.get(kind="renewal")
    client.post("/account/renew/", same_details(membership))
    membership.refresh_from_db()
    assert membership.expires_on == term_from(TODAY() + 11 * DAY)

    waiting.refresh_from_db()
    assert (waiting.status, waiting.message) == ("declined", WITHDRAWN)
    decide(moderator, "approve", waiting)
    membership.refresh_from_db()
    assert membership.expires_on == term_from(TODAY() + 11 * DAY)  # one term, not two
    assert membership.organisation != "Erie CAC"


def test_a_renewal_request_is_not_approved_once_the_membership_was_renewed(membership, moderator):
    ends(membership, TODAY() + 10 * DAY)
    client = signed_in(membership)
    client.post("/account/renew/", {"organisation": "Erie CAC", "role": "Director"})
    waiting = MembershipRequest.objects.get(kind="renewal")
    client.post("/account/renew/", same_details(membership))
    # However it came to be waiting still, it asks for a term the member already has.
    MembershipRequest.objects.filter(pk=waiting.pk).update(status="pending", message="")
    mail.outbox.clear()

    response = decide(moderator, "approve", waiting)
    assert response.status_code == HTTPStatus.FOUND
    membership.refresh_from_db()
    assert membership.expires_on == term_from(TODAY() + 11 * DAY)
    waiting.refresh_from_db()
    assert waiting.status == "pending" and mail.outbox == []
    shown = moderator.get("/admin/").content.decode()
    assert "renewed after they asked" in shown


def test_the_same_renewal_sent_twice_renews_once(membership):
    ends(membership, TODAY() + 10 * DAY)
    stale = Membership.objects.get(pk=membership.pk)
    first = renew_as_member(stale, membership.organisation, membership.role)
    again = renew_as_member(membership, membership.organisation, membership.role)
    assert first[1] is not None and again == (True, None)
    membership.refresh_from_db()
    assert membership.expires_on == term_from(TODAY() + 11 * DAY)
