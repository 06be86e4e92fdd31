"""What a request for access and a moderator's decision on it do.

Each function changes the database and returns the messages to send, unsent: the caller sends
them once its changes are made (catalog.members.mail.send_all), so that a mail server that is
down never leaves half a decision. Every decision goes to Wagtail's log with who made it.

A decision locks its request and reads it again first (inside the caller's transaction), so
that two moderators deciding the same request at once do not both act on it.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, User
from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.formats import date_format
from django.utils.http import urlsafe_base64_encode
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from catalog.members.access import members_group, membership_of, renew, term_from
from catalog.members.mail import compose
from catalog.members.window import Renewal, renewal_state
from catalog.models import Membership, MembershipRequest
from catalog.staff import is_staff

Status = MembershipRequest.Status


class DecisionError(Exception):
    """A request that cannot be decided as asked; the message says why, for the moderator."""


@dataclass(frozen=True)
class Decision:
    """How a moderator decides: the groups an approved member joins beside "Members" (never
    a staff role: catalog.members.admin offers only groups without rights), and a message."""

    moderator: User | None  # None: the command line
    message: str = ""
    groups: tuple[Group, ...] = ()


def account_with_address(email: str):
    """The account whose email or username is `email`, whatever its case, if any."""
    accounts = get_user_model()._default_manager.filter(
        Q(email__iexact=email) | Q(username__iexact=email)
    )
    return accounts.first()


def receive(request: MembershipRequest) -> list[EmailMultiAlternatives]:
    """Keep a new request, unless its address already has an account (the owner is told so by
    mail) or a request waiting (nothing more is sent). The visitor sees the same either way.

    A member who may no longer renew themselves (catalog.members.window) asks here again: that
    is kept as a renewal request for their account, for a moderator to decide."""
    account = account_with_address(request.email)
    if account is not None:
        if not asks_again(account):
            return [compose("already_member", request.email, {})]
        request.kind, request.user = MembershipRequest.Kind.RENEWAL, account
    same_person = Q(email__iexact=request.email)
    if account is not None:
        same_person |= Q(user=account)
    if MembershipRequest.objects.filter(same_person, status=Status.PENDING).exists():
        return []
    request.save()
    log(request, "catalog.members.request")
    # Greets no one by name: the address is not proven to be theirs yet.
    return [compose("request_received", request.email, {})]


def asks_again(account) -> bool:
    """Whether `account` is a member whose renewal only a moderator may now grant."""
    membership = membership_of(account)
    if membership is None or not account.is_active or is_staff(account):
        return False
    return renewal_state(membership) in (Renewal.CLOSED, Renewal.REMOVED)


def locked(request: MembershipRequest) -> MembershipRequest:
    """`request` as it stands now, locked until the transaction ends."""
    fresh = MembershipRequest.objects.select_for_update().filter(pk=request.pk).first()
    if fresh is None:
        raise DecisionError(f"{request} no longer exists.")
    if fresh.status != Status.PENDING:
        raise DecisionError(f"{fresh} was already {fresh.get_status_display().lower()}.")
    return fresh


def set_password_path(user) -> str:
    """The address (from the site's root) where `user` chooses a password: Django's token,
    valid for PASSWORD_RESET_TIMEOUT and only until the password changes."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("member_set_password", kwargs={"uidb64": uid, "token": token})


def link_days() -> int:
    return max(1, settings.PASSWORD_RESET_TIMEOUT // (24 * 3600))


def approve(request: MembershipRequest, decision: Decision) -> EmailMultiAlternatives:
    """Approve `request`: a new member gets an account in "Members" (and the chosen groups) and
    a link to set a password; a renewal with changes updates the membership and renews it."""
    request = locked(request)
    if request.kind == MembershipRequest.Kind.NEW:
        message = start_membership(request, decision.message)
    else:
        message = renew_with_changes(request, decision.message)
    member = request.user
    if member is None:  # pragma: no cover - both paths above leave the request with its account
        raise DecisionError(f"{request}: it has no account to approve.")
    member.groups.add(members_group(), *decision.groups)
    decide(request, Status.APPROVED, decision)
    log(
        request,
        "catalog.members.approve",
        user=decision.moderator,
        data={"groups": [group.name for group in decision.groups]},
    )
    return message


def start_membership(request: MembershipRequest, note: str) -> EmailMultiAlternatives:
    if account_with_address(request.email) is not None:
        raise DecisionError(
            f"{request}: an account with the address {request.email} already exists."
        )
    user = get_user_model().objects.create_user(username=request.email, email=request.email)
    today = timezone.localdate()
    membership = Membership.objects.create(
        user=user,
        name=request.name,
        organisation=request.organisation,
        role=request.role,
        state=request.state,
        expires_on=term_from(today),
    )
    request.user = user
    context = {
        "membership": membership,
        "note": note,
        "set_password_path": set_password_path(user),
        "link_days": link_days(),
    }
    return compose("approved", request.email, context)


def renew_with_changes(request: MembershipRequest, note: str) -> EmailMultiAlternatives:
    membership = Membership.objects.select_for_update().filter(user=request.user).first()
    if membership is None:
        raise DecisionError(f"{request}: the member's account no longer exists.")
    if renewed_since(request, membership):
        ends = date_format(membership.expires_on, "j F Y")
        raise DecisionError(
            f"{request}: the membership was renewed after they asked (it now runs until {ends}),"
            " so this request is left waiting. Decline it if it is no longer needed."
        )
    membership.organisation, membership.role = request.organisation, request.role
    renew(membership)
    return compose("renewed", membership.user.email, {"membership": membership, "note": note})


def renewed_since(request: MembershipRequest, membership: Membership) -> bool:
    """Whether `membership` got a term after `request` was made: by the member (logged with
    the renewal itself) or by a moderator approving another renewal request."""
    by_member = ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Membership),
        object_id=str(membership.pk),
        action="catalog.members.renew",
        timestamp__gt=request.created_at,
    )
    by_moderator = MembershipRequest.objects.filter(
        user=request.user, status=Status.APPROVED, decided_at__gt=request.created_at
    ).exclude(pk=request.pk)
    return by_member.exists() or by_moderator.exists()


def decline(request: MembershipRequest, decision: Decision) -> EmailMultiAlternatives:
    """Decline `request` and tell the person, with the moderator's message if there is one.
    Declined requests are deleted after CATALOG_DECLINED_REQUEST_DAYS (catalog.members.renewal)."""
    request = locked(request)
    decide(request, Status.DECLINED, decision)
    log(request, "catalog.members.decline", user=decision.moderator)
    return compose("declined", request.email, {"request": request})


def decide(request: MembershipRequest, status: str, decision: Decision) -> None:
    request.status = status
    request.decided_at = timezone.now()
    request.decided_by = decision.moderator
    request.message = decision.message
    request.save()
