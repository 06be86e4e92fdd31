"""Memberships end and are renewed (issue 18): past its end a member cannot sign in and leaves
the Members group, and renewing restores both; the reminder goes once, 30 days ahead; a renewal
with changed details waits for a moderator; declined requests are erased after 30 days."""

import datetime
from http import HTTPStatus
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from wagtail.models import ModelLogEntry

from catalog.members.access import term_from
from catalog.members.renewal import run_daily
from catalog.models import Membership, MembershipRequest
from tests import factories, members_flow
from tests.members_flow import PASSWORD, ask, decide, link_to

pytestmark = pytest.mark.django_db
membership = members_flow.membership  # a fixture shared by the members' tests

TODAY = timezone.localdate
DAY = datetime.timedelta(days=1)


def sign_in(membership: Membership) -> tuple[Client, int]:
    client = Client()
    username = membership.user.username
    response = client.post("/_util/login/", {"username": username, "password": PASSWORD})
    return client, response.status_code


def ends(membership: Membership, day: datetime.date) -> None:
    membership.expires_on = day
    membership.save()


def in_members_group(membership: Membership) -> bool:
    return membership.user.groups.filter(name="Members").exists()


def test_an_ended_membership_loses_access_and_renewing_restores_it(membership):
    entry = factories.members_only(factories.resource(title="Members worksheet"))
    client, _ = sign_in(membership)
    assert client.get(entry.url).status_code == HTTPStatus.OK

    ends(membership, TODAY() - DAY)
    assert client.get(entry.url).status_code == HTTPStatus.FOUND  # the open session too
    assert sign_in(membership)[1] == HTTPStatus.OK  # the form again: not signed in
    run_daily()
    assert not in_members_group(membership)
    assert ModelLogEntry.objects.filter(action="catalog.members.lapse").count() == 1

    # They cannot sign in, so they ask for a renewal link and follow it.
    asked = Client().post("/account/renew/", {"email": membership.user.email})
    assert asked.status_code == HTTPStatus.OK
    assert "Check your email" in asked.content.decode()
    [message] = mail.outbox
    assert "Your link to renew" in message.subject
    link = link_to(message, "/account/renew/")
    form = Client().get(link)
    assert "Your membership ended on" in form.content.decode()
    details = {"organisation": membership.organisation, "role": membership.role}
    renewed = Client().post(link, details)
    assert "Your membership is renewed" in renewed.content.decode()

    membership.refresh_from_db()
    assert membership.expires_on == term_from(TODAY())
    assert in_members_group(membership)
    client, _ = sign_in(membership)
    assert client.get(entry.url).status_code == HTTPStatus.OK
    assert Client().get(link).status_code == HTTPStatus.NOT_FOUND  # used up


def test_the_reminder_goes_once_thirty_days_ahead(membership):
    ends(membership, TODAY() + 31 * DAY)
    assert run_daily().reminded == 0 and mail.outbox == []
    ends(membership, TODAY() + 30 * DAY)
    assert run_daily().reminded == 1
    [reminder] = mail.outbox
    assert reminder.to == [membership.user.email]
    assert reminder.subject.startswith("Your membership ends on")
    assert run_daily().reminded == 0 and len(mail.outbox) == 1  # once per end date
    assert run_daily(TODAY() + 10 * DAY).reminded == 0

    # Renewed from the reminder's link, the next end date gets its own reminder, 30 days ahead.
    link = link_to(reminder, "/account/renew/")
    Client().post(link, {"organisation": membership.organisation, "role": membership.role})
    membership.refresh_from_db()
    mail.outbox.clear()
    assert run_daily(membership.expires_on - 31 * DAY).reminded == 0
    assert run_daily(membership.expires_on - 30 * DAY).reminded == 1


def test_a_reminder_the_mail_server_refuses_is_tried_again(membership, settings):
    ends(membership, TODAY() + 30 * DAY)
    settings.EMAIL_BACKEND = "tests.test_members_renewal.RefusingBackend"
    report = run_daily()
    assert (report.reminded, report.not_sent) == (0, 1)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert run_daily().reminded == 1


class RefusingBackend:
    def __init__(self, *args, **kwargs) -> None:
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("the mail server is down")


def test_a_renewal_with_changes_waits_for_a_moderator(membership, moderator):
    ends(membership, TODAY() + 10 * DAY)
    client, _ = sign_in(membership)
    assert "Renew it now" in client.get("/account/").content.decode()
    response = client.post("/account/renew/", {"organisation": "Erie CAC", "role": "Director"})
    assert "we have your renewal" in response.content.decode()
    membership.refresh_from_db()
    assert membership.expires_on == TODAY() + 10 * DAY and membership.organisation != "Erie CAC"
    request = MembershipRequest.objects.get(kind="renewal")
    assert (request.status, request.user) == ("pending", membership.user)
    assert mail.outbox[0].subject == "We have your renewal"

    mail.outbox.clear()
    decide(moderator, "approve", request)
    membership.refresh_from_db()
    assert (membership.organisation, membership.role) == ("Erie CAC", "Director")
    assert membership.expires_on == term_from(TODAY() + 11 * DAY)
    assert mail.outbox[0].subject == "Your membership is renewed"


def test_renewing_is_open_only_near_the_end(membership):
    client, _ = sign_in(membership)
    page = client.get("/account/renew/").content.decode()
    assert "You can renew from" in page and "Renew my membership" not in page
    before = membership.expires_on
    client.post("/account/renew/", {"organisation": "x", "role": "y"})
    membership.refresh_from_db()
    assert (
        membership.expires_on == before
        and not MembershipRequest.objects.filter(kind="renewal").exists()
    )


@pytest.mark.parametrize("token", ["nonsense", "a" * 300, "eyJtIjoxfQ:1abc:forged"])
def test_a_bad_renewal_link_is_a_readable_404(client, home, token):
    response = client.get(f"/account/renew/{token}/")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "This renewal link no longer works" in response.content.decode()


def test_asking_for_a_renewal_link_tells_nothing_about_the_address(client, membership):
    unknown = client.post("/account/renew/", {"email": "nobody@cac.example"})
    known = Client().post("/account/renew/", {"email": membership.user.email})
    assert unknown.content.decode() == known.content.decode()
    assert [message.to for message in mail.outbox] == [[membership.user.email]]


def test_declined_requests_are_erased_after_thirty_days(home, moderator):
    for number in range(2):
        ask(Client(), address=f"198.51.100.{number}", email=f"p{number}@cac.example")
    old, recent = MembershipRequest.objects.order_by("email")
    for request in (old, recent):
        decide(moderator, "decline", request)
    MembershipRequest.objects.filter(pk=old.pk).update(
        decided_at=timezone.now() - datetime.timedelta(days=31)
    )
    MembershipRequest.objects.filter(pk=recent.pk).update(
        decided_at=timezone.now() - datetime.timedelta(days=29)
    )
    assert run_daily().erased == 1
    assert list(MembershipRequest.objects.all()) == [recent]
    labels = ModelLogEntry.objects.filter(object_id=str(old.pk)).values_list("label", flat=True)
    assert labels and all(old.name not in label for label in labels)


def test_the_daily_command_for_cron(membership):
    ends(membership, TODAY() + 30 * DAY)
    out = StringIO()
    call_command("members_daily", stdout=out)
    assert "Reminders sent: 1" in out.getvalue()
    assert len(mail.outbox) == 1


def test_a_term_ends_the_day_before_its_anniversary(settings):
    assert term_from(datetime.date(2026, 3, 1)) == datetime.date(2027, 2, 28)
    settings.CATALOG_MEMBERSHIP_MONTHS = 1
    assert term_from(datetime.date(2024, 1, 31)) == datetime.date(2024, 2, 28)
    assert term_from(datetime.date(2024, 12, 15)) == datetime.date(2025, 1, 14)


def test_staff_keep_their_access_whatever_their_membership_says(membership):
    staff = membership.user
    staff.is_superuser = True
    staff.save()
    ends(membership, TODAY() - DAY)
    assert sign_in(membership)[1] == HTTPStatus.FOUND
