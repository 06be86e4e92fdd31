"""One person's data, found by their email address: their requests, their membership and their
account. Moderators with the right to delete member requests export it (a JSON download) or
erase it (catalog.members.admin); declined requests are erased on their own after
CATALOG_DECLINED_REQUEST_DAYS (catalog.members.renewal).

Erasing also takes the person's name out of Wagtail's log: the entries about their requests,
their membership and their account keep what was done, when and by whom, under a neutral label.
Deleting a request or a membership any other way (the listing's Delete, a cascade) does the
same for its entries (`forget_log_on_delete`).

Staff accounts are never erased here: any account with admin rights or any permission, directly
or through a group, whether or not it is active, is left to the admin's Users page.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Q, QuerySet
from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from catalog.models import Membership, MembershipRequest

ERASED_LABEL = "Member request (personal data erased)"
ERASED_LABELS = {
    MembershipRequest: ERASED_LABEL,
    Membership: "Membership (personal data erased)",
}
ACCOUNT_ERASED_LABEL = "Account (personal data erased)"


def is_staff_account(user) -> bool:
    """Whether `user` has any rights at all, active or not (catalog.staff.is_staff asks only
    about active accounts, and a deactivated colleague's account is still staff's business)."""
    if user.is_staff or user.is_superuser or user.user_permissions.exists():
        return True
    rights = (
        Q(permissions__isnull=False)
        | Q(page_permissions__isnull=False)
        | Q(collection_permissions__isnull=False)
    )
    return Group.objects.filter(rights, user=user).exists()


@dataclass
class PersonalData:
    """Everything we hold about one email address."""

    email: str
    requests: list[MembershipRequest] = field(default_factory=list)
    accounts: list = field(default_factory=list)

    @property
    def staff_accounts(self) -> list:
        return [user for user in self.accounts if is_staff_account(user)]

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


def forget_log(model: type[Model], ids: list, label: str) -> None:
    """Take the names out of the log entries about the `model` objects `ids`."""
    entries = ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_id__in=[str(pk) for pk in ids],
    )
    entries.update(label=label, data={})


@receiver(post_delete, sender=MembershipRequest, dispatch_uid="catalog.members.forget_request")
@receiver(post_delete, sender=Membership, dispatch_uid="catalog.members.forget_membership")
def forget_log_on_delete(sender: type[Model], instance: Model, **kwargs) -> None:
    """However a request or membership is deleted, its log entries lose the person's name
    (after Wagtail's own "deleted" entry, which it writes first, under the object's name)."""
    forget_log(sender, [instance.pk], ERASED_LABELS[sender])


def forget_requests(requests: QuerySet[MembershipRequest]) -> int:
    """Delete `requests`, and their names from the log entries about them."""
    ids = list(requests.values_list("pk", flat=True))
    forget_log(MembershipRequest, ids, ERASED_LABEL)
    deleted, _ = requests.filter(pk__in=ids).delete()
    return len(ids) if deleted else 0


def erase(data: PersonalData, moderator) -> None:
    """Delete the person's requests, membership and account. Staff accounts are left to the
    admin's Users page (the caller refuses them first)."""
    if data.staff_accounts:
        raise ValueError("Staff accounts are not erased here.")
    forget_requests(MembershipRequest.objects.filter(pk__in=[r.pk for r in data.requests]))
    memberships = Membership.objects.filter(user__in=data.accounts)
    forget_log(
        Membership, list(memberships.values_list("pk", flat=True)), ERASED_LABELS[Membership]
    )
    forget_log(get_user_model(), [user.pk for user in data.accounts], ACCOUNT_ERASED_LABEL)
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
