"""The coverage matrix: how many live entries serve each discipline × audience, and a way to
fill the gaps.

Each count is linked to the search filtered to that pair and comes from the catalog index the
search counts with, so the two always agree; staff count only the entries they may edit
(catalog.staff_scope). An empty cell says "None" and offers "Create an entry": Wagtail's own
form for a new resource, in the first toolkit the user may add to, with that discipline and
audience already ticked. Wagtail's add view takes no initial values from its address, so the
form's first GET is served by a subclass of it that ticks the two; the form then posts to
Wagtail's add view as any other (tests/test_coverage.py pins this).
"""

import csv
import re
from typing import NamedTuple

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from wagtail.admin.views.pages.create import CreateView
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from catalog.index.backend import Reader, Statement, index_backend
from catalog.models import Audience, Discipline, ResourcePage, ToolkitPage
from catalog.spreadsheets import spreadsheet_safe
from catalog.staff_scope import editable_by

SLUG = re.compile(r"[-\w]+")


def coverage_counts(request: HttpRequest) -> dict[tuple[int, int], int]:
    """{(discipline id, audience id): live entries with both}, from the catalog index as the
    search counts them, among the entries the user may see and edit."""
    user = request.user
    among = None
    if not (user.is_active and user.is_superuser):
        editable = editable_by(user, Page.objects.all()).values("pk")
        sql, params = editable.order_by().query.sql_with_params()
        among = Statement(f"e.page_id IN ({sql})", params)
    return index_backend().pair_counts(Reader.for_user(user), "disciplines", "audiences", among)


def toolkit_for_new_entries(user) -> ToolkitPage | None:
    """The first toolkit (in the page tree's order) where `user` may add a resource, if any."""
    may_add = PagePermissionPolicy().instances_user_has_permission_for(user, "add")
    toolkits = ToolkitPage.objects.filter(pk__in=may_add.values("pk"), alias_of__isnull=True)
    return next((kit for kit in toolkits.order_by("path") if ResourcePage.can_create_at(kit)), None)


class Cell(NamedTuple):
    """One discipline × audience of the matrix."""

    entries: int  # not `count`, which would hide the tuple's own count()
    search_url: str
    create_url: str  # for an empty cell, when the user may add a resource somewhere; else ""
    discipline: Discipline
    audience: Audience


def coverage_matrix(request: HttpRequest) -> HttpResponse:
    """Disciplines × audiences: how many live entries serve each pair; CSV with ?export=csv."""
    counts = coverage_counts(request)
    disciplines, audiences = list(Discipline.objects.live()), list(Audience.objects.live())
    may_create = toolkit_for_new_entries(request.user) is not None
    search, create = reverse("search"), reverse("catalog_reports_coverage_add")

    def cell(discipline: Discipline, audience: Audience) -> Cell:
        count = counts.get((discipline.pk, audience.pk), 0)
        pair = urlencode({"discipline": discipline.slug, "audience": audience.slug})
        create_url = f"{create}?{pair}" if may_create and not count else ""
        return Cell(count, f"{search}?{pair}", create_url, discipline, audience)

    rows = [
        (discipline, [cell(discipline, audience) for audience in audiences])
        for discipline in disciplines
    ]
    if request.GET.get("export") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="coverage.csv"'
        writer = csv.writer(response)
        writer.writerow(
            ["Discipline", *(spreadsheet_safe(audience.name) for audience in audiences)]
        )
        for discipline, cells in rows:
            writer.writerow([spreadsheet_safe(discipline.name), *(cell.entries for cell in cells)])
        return response
    context = {"audiences": audiences, "rows": rows, "page_title": "Coverage"}
    return TemplateResponse(request, "catalog/admin/coverage.html", context)


class NewEntryForPairView(CreateView):
    """Wagtail's "new resource" form in the first toolkit the user may add to, with the
    discipline and audience of `?discipline=<slug>&audience=<slug>` ticked. GET only: the form
    posts to Wagtail's own add view."""

    http_method_names = ["get", "head"]

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        toolkit = toolkit_for_new_entries(request.user)
        if toolkit is None:
            raise PermissionDenied
        self.discipline = self.term(Discipline, "discipline")
        self.audience = self.term(Audience, "audience")
        return super().dispatch(request, "catalog", "resourcepage", toolkit.pk)

    def term(self, model: type[Discipline | Audience], parameter: str):
        slug = self.request.GET.get(parameter, "")
        if len(slug) > 100 or not SLUG.fullmatch(slug):  # a NUL would be a 500 on PostgreSQL
            raise Http404(f"Name a {parameter}.")
        return get_object_or_404(model, slug=slug)

    def get(self, request: HttpRequest) -> HttpResponse:
        # Set on the new page before Wagtail builds its form, so that they show as ticked.
        self.page.disciplines = [self.discipline]
        self.page.audiences = [self.audience]
        return super().get(request)
