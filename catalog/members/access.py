"""Who is a member, and until when.

Approved members join the "Members" group and get a Membership that runs until `expires_on`.
Members-only pages are under Wagtail's "signed-in users" restriction, so a member whose
membership has ended, or whom a moderator took out of "Members" by hand, must not be signed in
at all: `MemberBackend`, which takes the place of Django's ModelBackend in
AUTHENTICATION_BACKENDS, refuses them, both at sign-in and on each request of a session opened
before. The daily run (catalog.members.renewal) also takes members whose membership has ended
out of the Members group, which group-restricted pages may name; renewing puts them back.

Accounts without a Membership (staff, accounts an administrator made by hand) are not affected,
and staff keep their access whatever their membership says.
"""

import calendar
import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone

from catalog.models import Membership
from catalog.staff import is_staff

# The group migration 0020 makes; every member with a running membership is in it.
MEMBERS_GROUP = "Members"


def members_group() -> Group:
    return Group.objects.get_or_create(name=MEMBERS_GROUP)[0]


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day of the month `months` later; the month's last day where it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def term_from(start: datetime.date) -> datetime.date:
    """The last day of a membership that starts on `start`."""
    return add_months(start, settings.CATALOG_MEMBERSHIP_MONTHS) - datetime.timedelta(days=1)


def membership_of(user) -> Membership | None:
    try:
        return user.membership
    except (AttributeError, ObjectDoesNotExist):
        return None


def is_shut_out(user) -> bool:
    """True for a member whose membership has ended or who is no longer in "Members" (staff
    never are)."""
    membership = membership_of(user)
    if membership is None:
        return False
    if membership.is_current() and user.groups.filter(name=MEMBERS_GROUP).exists():
        return False
    return not is_staff(user)


def renew(membership: Membership, today: datetime.date | None = None) -> Membership:
    """Add a term to `membership`: from the day after it ends, or from today if it already
    has; the member is in the Members group again. The caller saves any changed details."""
    today = today or timezone.localdate()
    start = max(today, membership.expires_on + datetime.timedelta(days=1))
    membership.expires_on = term_from(start)
    membership.save()
    membership.user.groups.add(members_group())
    return membership


def lapse(membership: Membership) -> None:
    """Out of the Members group until renewed; the account and its other groups stay."""
    membership.user.groups.remove(members_group())


class MemberBackend(ModelBackend):
    """Django's username-and-password sign-in, refusing members who are shut out."""

    def user_can_authenticate(self, user) -> bool:
        return super().user_can_authenticate(user) and not is_shut_out(user)

    def get_user(self, user_id):
        # The membership comes in the same query as the user; a member costs one query more
        # per request (are they still in "Members"?), whatever the page.
        users = get_user_model()._default_manager.select_related("membership")
        user = users.filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
