"""Renewing a membership, and the daily run that keeps memberships in step.

- A member renews themselves while catalog.members.window says so (from
  CATALOG_MEMBERSHIP_REMINDER_DAYS before the end to CATALOG_MEMBERSHIP_GRACE_DAYS after it):
  signed in from their account page, or (as a member whose membership has ended cannot sign in)
  from the link in the reminder. They confirm their organisation and role; unchanged, the
  membership renews at once and any renewal request they left waiting is closed; changed, a
  moderator approves the renewal (a request in the same listing). Later, a link is refused and
  the person asks for access again.
- The daily run (the `run_members_daily` task, or `manage.py members_daily` from cron) sends
  each reminder once per expiry date, takes members whose membership has ended out of the
  Members group, and erases declined requests after CATALOG_DECLINED_REQUEST_DAYS.
"""

import datetime
from dataclasses import asdict, dataclass

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django_tasks import task
from wagtail.log_actions import log

from catalog.members.access import lapse, members_group, renew
from catalog.members.mail import compose, send_all
from catalog.members.personal_data import forget_requests
from catalog.members.window import LAPSE_ACTION, Renewal, lapse_record, may_renew, renewal_state
from catalog.models import Membership, MembershipRequest

SALT = "catalog.members.renewal"
WITHDRAWN = "Closed: the member renewed with their details unchanged, on the site."


def link_days() -> int:
    """No link outlives the renewal window: it is sent at the earliest when the window opens."""
    return settings.CATALOG_MEMBERSHIP_REMINDER_DAYS + settings.CATALOG_MEMBERSHIP_GRACE_DAYS + 1


def renewal_token(membership: Membership) -> str:
    """A signed token for renewing `membership` until its current end date: once renewed, the
    end date moves and the token no longer works."""
    return signing.dumps({"m": membership.pk, "e": membership.expires_on.isoformat()}, salt=SALT)


def renewal_path(membership: Membership) -> str:
    return reverse("member_renew_link", kwargs={"token": renewal_token(membership)})


def membership_for_token(token: str) -> Membership | None:
    """The membership a renewal token is for, if the token is ours, recent and still current."""
    try:
        data = signing.loads(token, salt=SALT, max_age=datetime.timedelta(days=link_days()))
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    pk = data.get("m")
    if not isinstance(pk, int):
        return None
    membership = Membership.objects.select_related("user").filter(pk=pk).first()
    if membership is None or membership.expires_on.isoformat() != data.get("e"):
        return None
    return membership if membership.user.is_active else None


def same(old: str, new: str) -> bool:
    return " ".join(old.split()).casefold() == " ".join(new.split()).casefold()


def renew_as_member(
    membership: Membership, organisation: str, role: str
) -> tuple[bool, EmailMultiAlternatives | None]:
    """The member confirmed (renewed at once: True) or changed their details (a renewal
    request waits for a moderator: False); and the message telling them which. None for a
    second sending of the same form: the membership was renewed meanwhile."""
    with transaction.atomic():
        locked = Membership.objects.select_for_update().select_related("user").get(pk=membership.pk)
        if locked.expires_on != membership.expires_on or not may_renew(locked):
            return True, None
        if same(locked.organisation, organisation) and same(locked.role, role):
            return True, renew_unchanged(locked)
        return False, ask_moderator(locked, organisation, role)


def waiting_renewals(user):
    return MembershipRequest.objects.filter(
        user=user, kind=MembershipRequest.Kind.RENEWAL, status=MembershipRequest.Status.PENDING
    )


def renew_unchanged(membership: Membership) -> EmailMultiAlternatives:
    """Renew at once, and close the renewal request the member left waiting, if any: a
    moderator approving it later would add a second term."""
    user = membership.user
    renew(membership)
    log(membership, "catalog.members.renew", user=user)
    for request in waiting_renewals(user):
        request.status = MembershipRequest.Status.DECLINED
        request.decided_at, request.message = timezone.now(), WITHDRAWN
        request.save()
        log(request, "catalog.members.withdraw", user=user)
    return compose("renewed", user.email, {"membership": membership})


def ask_moderator(membership: Membership, organisation: str, role: str) -> EmailMultiAlternatives:
    user = membership.user
    request = waiting_renewals(user).first() or MembershipRequest(
        user=user, kind=MembershipRequest.Kind.RENEWAL
    )
    request.name, request.email, request.state = membership.name, user.email, membership.state
    request.organisation, request.role = organisation, role
    request.save()
    log(request, "catalog.members.request", user=user)
    context = {"membership": membership, "request": request}
    return compose("renewal_received", user.email, context)


def reminder(membership: Membership, *, asked: bool = False) -> EmailMultiAlternatives:
    """The message with a renewal link: the daily reminder, or the answer to asking for one."""
    context = {
        "membership": membership,
        "renewal_path": renewal_path(membership),
        "asked": asked,
        "lapsed": not membership.is_current(),
    }
    return compose("renewal_reminder", membership.user.email, context)


def answer_to_asking(membership: Membership) -> EmailMultiAlternatives:
    """A renewal link, or (once the member may no longer renew themselves) how to ask again."""
    if renewal_state(membership) in (Renewal.OPEN, Renewal.EARLY):
        return reminder(membership, asked=True)
    context = {
        "membership": membership,
        "request_path": reverse("member_request"),
        "grace_days": settings.CATALOG_MEMBERSHIP_GRACE_DAYS,
    }
    return compose("renewal_closed", membership.user.email, context)


@dataclass
class DailyReport:
    reminded: int = 0
    not_sent: int = 0
    lapsed: int = 0
    erased: int = 0


def send_reminders(today: datetime.date, report: DailyReport) -> None:
    """One reminder per expiry date, to members within the reminder window."""
    due = Membership.objects.filter(
        expires_on__gte=today,
        expires_on__lte=today + datetime.timedelta(days=settings.CATALOG_MEMBERSHIP_REMINDER_DAYS),
        user__is_active=True,
        user__groups=members_group(),  # not those a moderator took out of "Members"
    ).select_related("user")
    for membership in due.exclude(reminded_for=F("expires_on")):
        if send_all([reminder(membership)]):
            report.not_sent += 1
            continue  # tried again tomorrow
        membership.reminded_for = membership.expires_on
        membership.save(update_fields=["reminded_for"])
        report.reminded += 1


def lapse_ended(today: datetime.date, report: DailyReport) -> None:
    ended = Membership.objects.filter(expires_on__lt=today, user__groups=members_group())
    for membership in ended.select_related("user"):
        lapse(membership)
        log(membership, LAPSE_ACTION, data=lapse_record(membership))
        report.lapsed += 1


def erase_declined(report: DailyReport) -> None:
    cutoff = timezone.now() - datetime.timedelta(days=settings.CATALOG_DECLINED_REQUEST_DAYS)
    declined = MembershipRequest.objects.filter(
        status=MembershipRequest.Status.DECLINED, decided_at__lt=cutoff
    )
    report.erased = forget_requests(declined)


def run_daily(today: datetime.date | None = None) -> DailyReport:
    today = today or timezone.localdate()
    report = DailyReport()
    send_reminders(today, report)
    lapse_ended(today, report)
    erase_declined(report)
    return report


@task()
def run_members_daily() -> dict[str, int]:
    """The daily run as a django-tasks task (for a scheduler that enqueues tasks)."""
    return asdict(run_daily())
