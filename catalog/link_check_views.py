"""Admin views of the link check: "Check links now" (a POST that queues a run, or gives the run
already in progress) and a run's progress page, which can refresh itself while the run waits or
runs (no script; see show()). The runs themselves: catalog.link_tasks."""

from django.contrib import messages
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods, require_safe
from wagtail import hooks

from catalog.link_tasks import (
    IN_PROGRESS,
    STALE_AFTER,
    runs_in_progress,
    settle_stale_runs,
    start_run,
)
from catalog.models import LinkCheckRun
from catalog.staff import is_staff

TEMPLATE = "catalog/admin/link_check.html"
REFRESH_SECONDS = 5


def may_check_links(user: User | AnonymousUser) -> bool:
    """Whoever may see the reports may start a check: here that is whoever may open the admin
    (the reports' menu items and views ask for nothing more; each report then lists only the
    entries the user may edit)."""
    return is_staff(user)


def require_link_checking(request: HttpRequest) -> User:
    """The signed-in user who may check links; anyone else is refused."""
    user = request.user
    if not user.is_authenticated or not may_check_links(user):
        raise PermissionDenied
    return user


@require_http_methods(["GET", "POST"])
def link_check(request: HttpRequest) -> HttpResponse:
    """GET: the run in progress, or the last one, and the button; POST: start a run (or find the
    one in progress) and go to its progress page."""
    user = require_link_checking(request)
    if request.method == "POST":
        run, new = start_run(user)
        if not new:
            messages.info(request, "The links are being checked already: here is how far it got.")
        url = reverse("catalog_link_check_run", args=[run.pk])
        return redirect(f"{url}?refresh=on" if request.POST.get("refresh") == "on" else url)
    settle_stale_runs()  # so that a run whose worker died shows as stopped, not as checking
    runs = LinkCheckRun.objects.select_related("started_by")
    return show(request, runs_in_progress().select_related("started_by").first() or runs.first())


@require_safe
def link_check_run(request: HttpRequest, run_id: int) -> HttpResponse:
    """One run's progress (see show() for when the page reloads itself)."""
    require_link_checking(request)
    settle_stale_runs()
    runs = LinkCheckRun.objects.select_related("started_by")
    return show(request, get_object_or_404(runs, pk=run_id))


def show(request: HttpRequest, run: LinkCheckRun | None) -> HttpResponse:
    """The page of `run` (None: never checked). It reloads itself every REFRESH_SECONDS while
    the run is in progress only if the editor asked for that (?refresh=on, the start form's
    default): a page that reloads by itself, with no way to stop it first, fails WCAG 2.2.1."""
    in_progress = run is not None and run.state in IN_PROGRESS
    context = {
        "run": run,
        "in_progress": in_progress,
        "refreshing": in_progress and request.GET.get("refresh") == "on",
        "refresh_seconds": REFRESH_SECONDS,
        "stale_hours": int(STALE_AFTER.total_seconds() // 3600),
    }
    return TemplateResponse(request, TEMPLATE, context)


@hooks.register("register_admin_urls")
def link_check_urls() -> list:
    """Wagtail wraps these in its admin-access check; the views check their own right too."""
    return [
        path("catalog/link-check/", link_check, name="catalog_link_check"),
        path("catalog/link-check/<int:run_id>/", link_check_run, name="catalog_link_check_run"),
    ]
