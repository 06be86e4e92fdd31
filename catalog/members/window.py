"""When a member may renew themselves, without a moderator.

From CATALOG_MEMBERSHIP_REMINDER_DAYS before the membership ends until
CATALOG_MEMBERSHIP_GRACE_DAYS after it, and only while the member is in "Members" or left it by
lapsing. A member a moderator took out of "Members" by hand never puts themselves back: the
daily run records each lapse in Wagtail's log with the end date it was for
(catalog.members.renewal), so a member out of the group without that entry was removed by a
person. Outside the window a moderator decides: the person asks for access again, and
catalog.members.decisions.receive keeps that as a renewal request.
"""

import datetime
from enum import StrEnum

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.models import ModelLogEntry

from catalog.members.access import MEMBERS_GROUP
from catalog.models import Membership

LAPSE_ACTION = "catalog.members.lapse"


class Renewal(StrEnum):
    """Where a membership stands for renewing it oneself."""

    EARLY = "early"  # the window opens later
    OPEN = "open"
    CLOSED = "closed"  # the grace days after the end are over
    REMOVED = "removed"  # a moderator took the member out of "Members"


def renewal_opens(membership: Membership) -> datetime.date:
    """The first day the member may renew."""
    return membership.expires_on - datetime.timedelta(
        days=settings.CATALOG_MEMBERSHIP_REMINDER_DAYS
    )


def renewal_closes(membership: Membership) -> datetime.date:
    """The last day the member may renew themselves."""
    return membership.expires_on + datetime.timedelta(days=settings.CATALOG_MEMBERSHIP_GRACE_DAYS)


def lapse_record(membership: Membership) -> dict:
    """What the daily run logs when it takes a member out of "Members" at the end."""
    return {"ended": membership.expires_on.isoformat()}


def lapsed_out_of_members(membership: Membership) -> bool:
    """Whether the daily run took the member out of "Members" when this membership ended."""
    return ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Membership),
        object_id=str(membership.pk),
        action=LAPSE_ACTION,
        data__ended=membership.expires_on.isoformat(),
    ).exists()


def removed_by_moderator(membership: Membership) -> bool:
    in_members = membership.user.groups.filter(name=MEMBERS_GROUP).exists()
    return not in_members and not lapsed_out_of_members(membership)


def renewal_state(membership: Membership, today: datetime.date | None = None) -> Renewal:
    today = today or timezone.localdate()
    if removed_by_moderator(membership):
        return Renewal.REMOVED
    if today < renewal_opens(membership):
        return Renewal.EARLY
    if today > renewal_closes(membership):
        return Renewal.CLOSED
    return Renewal.OPEN


def may_renew(membership: Membership, today: datetime.date | None = None) -> bool:
    return renewal_state(membership, today) == Renewal.OPEN
