"""One person's data, found by their email address: their requests, their membership and their
account. Moderators with the right to delete member requests export it (a JSON download) or
erase it (catalog.members.admin); declined requests are erased on their own after
CATALOG_DECLINED_REQUEST_DAYS (catalog.members.renewal).

Erasing also takes the person's name out of Wagtail's log: the entries about their requests
keep what was done, when and by whom, under a neutral label.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from catalog.models import Membership, MembershipRequest
from catalog.staff import is_staff

ERASED_LABEL = "Member request (personal data erased)"


@dataclass
class PersonalData:
    """Everything we hold about one email address."""

    email: str
    requests: list[MembershipRequest] = field(default_factory=list)
    accounts: list = field(default_factory=list)

    @property
    def staff_accounts(self) -> list:
        return [user for user in self.accounts if is_staff(user) or user.is_superuser]

    def is_empty(self) -> bool:
        return not self.requests and not self.accounts


def find(email: str) -> PersonalData:
    accounts = list(
        get_user_model()
        ._default_manager.filter(Q(email__iexact=email) | Q(username__iexact=email))
        .select_related("membership")
        .prefetch_related("groups")
    )
    requests = MembershipRequest.objects.filter(Q(email__iexact=email) | Q(user__in=accounts))
    return PersonalData(
        email=email, requests=list(requests.order_by("created_at")), accounts=accounts
    )


def when(moment: datetime.date | datetime.datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def request_record(request: MembershipRequest) -> dict:
    return {
        "kind": request.kind,
        "status": request.status,
        "name": request.name,
        "email": request.email,
        "organisation": request.organisation,
        "role": request.role,
        "state": request.state,
        "reason": request.reason,
        "created_at": when(request.created_at),
        "decided_at": when(request.decided_at),
        "message": request.message,
    }


def account_record(user) -> dict:
    membership = Membership.objects.filter(user=user).first()
    return {
        "username": user.get_username(),
        "email": user.email,
        "date_joined": when(user.date_joined),
        "last_login": when(user.last_login),
        "active": user.is_active,
        "groups": sorted(group.name for group in user.groups.all()),
        "membership": membership
        and {
            "name": membership.name,
            "organisation": membership.organisation,
            "role": membership.role,
            "state": membership.state,
            "expires_on": when(membership.expires_on),
            "reminded_for": when(membership.reminded_for),
        },
    }


def export(data: PersonalData) -> dict:
    """What a subject-access answer holds, as plain JSON-ready values."""
    return {
        "email": data.email,
        "requests": [request_record(request) for request in data.requests],
        "accounts": [account_record(user) for user in data.accounts],
    }


def forget_requests(requests: QuerySet[MembershipRequest]) -> int:
    """Delete `requests`, and their names from the log entries about them."""
    ids = [str(pk) for pk in requests.values_list("pk", flat=True)]
    content_type = ContentType.objects.get_for_model(MembershipRequest)
    entries = ModelLogEntry.objects.filter(content_type=content_type, object_id__in=ids)
    entries.update(label=ERASED_LABEL, data={})
    deleted, _ = requests.filter(pk__in=ids).delete()
    return len(ids) if deleted else 0


def erase(data: PersonalData, moderator) -> None:
    """Delete the person's requests, membership and account. Staff accounts are left to the
    admin's Users page (the caller refuses them first)."""
    if data.staff_accounts:
        raise ValueError("Staff accounts are not erased here.")
    forget_requests(MembershipRequest.objects.filter(pk__in=[r.pk for r in data.requests]))
    subject = data.requests[0] if data.requests else data.accounts[0] if data.accounts else None
    if subject is not None:
        # After the requests' entries lost their names; the instance keeps its id in memory.
        log(
            subject,
            "catalog.members.erase",
            user=moderator,
            title=ERASED_LABEL,
            data={"requests": len(data.requests), "accounts": len(data.accounts)},
        )
    for user in data.accounts:
        user.delete()  # its membership goes with it
