"""The admin's "Sign-in lockouts" page: the accounts and addresses django-axes has locked out
(catalog.sign_in_guard), each with an Unlock button, for moderators and superusers.

Unlocking is for moderators, not every editor: it lifts a protection that may be holding off an
attacker. Wagtail has no permission for it, and `wagtailusers.change_user` would also let
moderators edit any account (and so make themselves superusers), so the "Catalog moderators"
group is the test (catalog.staff.is_moderator). Addresses are shown masked; the button names a
stored attempt, not the address, so that a full address never appears in a page.
"""

from datetime import timedelta

from axes.helpers import get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from axes.utils import reset
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Max, QuerySet, Sum
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from catalog.sign_in_guard import cool_off_minutes, masked_address
from catalog.staff import is_moderator

# Without a cool-off time axes counts every failure ever recorded.
FOREVER = timedelta(days=365 * 100)


def recent_attempts(request: HttpRequest) -> QuerySet:
    """Failed attempts axes still counts (those within the cool-off time)."""
    threshold = timezone.now() - (get_cool_off(request) or FOREVER)
    return AccessAttempt.objects.filter(attempt_time__gte=threshold)


def locked(attempts: QuerySet, field: str, limit: int) -> QuerySet:
    """One row per account (or address) whose failures reach the limit, newest first."""
    return (
        attempts.exclude(**{f"{field}__isnull": True})
        .values(field)
        .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"), ref=Max("id"))
        .filter(failures__gte=limit)
        .order_by("-last")
    )


def require_moderator(request: HttpRequest) -> None:
    if not is_moderator(request.user):
        raise PermissionDenied("Only catalog moderators may unlock sign-ins.")


@require_http_methods(["GET", "HEAD"])
def lockouts(request: HttpRequest) -> HttpResponse:
    """The locked-out accounts and addresses."""
    require_moderator(request)
    limit = get_failure_limit(request, None)
    attempts = recent_attempts(request)
    # Each row as the table shows it, and what its Unlock button posts (unlock, below).
    accounts = [
        {**row, "shown": row["username"], "field": "username", "value": row["username"]}
        for row in locked(attempts, "username", limit)
    ]
    addresses = [
        {**row, "shown": masked_address(row["ip_address"]), "field": "attempt", "value": row["ref"]}
        for row in locked(attempts, "ip_address", limit)
    ]
    context = {
        "accounts": accounts,
        "addresses": addresses,
        "limit": limit,
        "minutes": cool_off_minutes(request),
        "page_title": "Sign-in lockouts",
    }
    return TemplateResponse(request, "catalog/admin/sign_in_lockouts.html", context)


def attempt_id(text: str) -> int:
    """The attempt a button names; anything but a database-sized whole number names none."""
    if not (text.isascii() and text.isdigit() and len(text) < 19):
        raise Http404("No such attempt.")
    return int(text)


@require_POST
def unlock(request: HttpRequest) -> HttpResponse:
    """Forget the failures of one account (`username`) or one address (`attempt`, an attempt
    from that address), so that it may sign in again at once."""
    require_moderator(request)
    username = request.POST.get("username", "")
    if username:
        reset(username=username)
        messages.success(request, f"The account “{username}” may sign in again.")
    else:
        attempt = get_object_or_404(AccessAttempt, pk=attempt_id(request.POST.get("attempt", "")))
        shown = masked_address(attempt.ip_address)
        reset(ip=attempt.ip_address)
        messages.success(request, f"Sign-ins from {shown} are allowed again.")
    return HttpResponseRedirect(reverse("catalog_sign_in_lockouts"))


@hooks.register("register_admin_urls")
def lockout_urls() -> list:
    """Wagtail wraps these in its admin-access check; the views add the moderator check."""
    return [
        path("sign-in-lockouts/", lockouts, name="catalog_sign_in_lockouts"),
        path("sign-in-lockouts/unlock/", unlock, name="catalog_sign_in_unlock"),
    ]


class ModeratorsMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return is_moderator(request.user)


@hooks.register("register_settings_menu_item")
def lockouts_menu_item() -> MenuItem:
    url = reverse("catalog_sign_in_lockouts")
    return ModeratorsMenuItem("Sign-in lockouts", url, icon_name="lock", order=900)
