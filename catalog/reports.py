"""Editors' reports: entries due for review, entries missing tags, resources with nothing to
open, and the coverage matrix.

The first two are Wagtail page reports (filters, pagination, CSV/XLSX export come with them).
The coverage matrix counts live entries per discipline × audience, each cell linked to the
search filtered to it, from the catalog index the search counts with, so the two always agree.
The missing-tags report judges live entries by their index row too (published terms only).

Each report, count and export covers only the entries the user may edit (catalog.staff_scope),
and every cell written to a spreadsheet is formula-safe (catalog.spreadsheets).
"""

import csv
import datetime

from django.conf import settings
from django.db.models import BooleanField, Case, Exists, F, OuterRef, Q, QuerySet, When
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.views.reports import PageReportView
from wagtail.models import Page

from catalog.index.backend import Reader, Statement, index_backend
from catalog.models import (
    Audience,
    CatalogEntryPage,
    Discipline,
    IndexEntry,
    LinkCheck,
    ResourcePage,
)
from catalog.spreadsheets import spreadsheet_safe
from catalog.staff_scope import editable_by

# kind → (the entries' join table, the catalog index's column)
TAXONOMY_THROUGH = {
    "discipline": (CatalogEntryPage.disciplines.through, "disciplines"),
    "audience": (CatalogEntryPage.audiences.through, "audiences"),
    "topic": (CatalogEntryPage.topics.through, "topics"),
}


def review_cutoff() -> datetime.date:
    """Entries last reviewed before this day are due for review."""
    months = settings.CATALOG_REVIEW_MONTHS
    return timezone.localdate() - datetime.timedelta(days=round(30.44 * months))


def due_for_review(entries: QuerySet) -> QuerySet:
    """Entries never reviewed, or last reviewed before the cutoff; the longest waiting first."""
    overdue = Q(last_reviewed__lt=review_cutoff()) | Q(last_reviewed__isnull=True)
    return entries.filter(overdue).order_by(F("last_reviewed").asc(nulls_first=True), "title")


def with_tag_presence(entries: QuerySet) -> QuerySet:
    """Whether each entry has a discipline, an audience and a topic: for a live entry as
    visitors see it (its row in the catalog index, which holds published terms only), for a
    draft from what the editor chose."""
    index_rows = IndexEntry.objects.filter(page_id=OuterRef("pk"))
    return entries.annotate(
        **{
            f"has_{kind}": Case(
                When(live=True, then=Exists(index_rows.exclude(**{column: []}))),
                default=Exists(through.objects.filter(catalogentrypage_id=OuterRef("pk"))),
                output_field=BooleanField(),
            )
            for kind, (through, column) in TAXONOMY_THROUGH.items()
        }
    )


def missing_tags(entries: QuerySet) -> QuerySet:
    """Entries without a discipline, an audience or a topic."""
    missing = Q(has_discipline=False) | Q(has_audience=False) | Q(has_topic=False)
    return with_tag_presence(entries).filter(missing)


def nothing_to_open(resources: QuerySet) -> QuerySet:
    """Resources with neither a file nor a link: their pages can only say how to get them. A
    live resource is judged as visitors see it (its published row), a draft as it was saved."""
    return resources.filter(document__isnull=True, external_url="")


class CatalogReportView(PageReportView):
    """A page report over the catalog entries the user may edit, with the entry's review date in
    its exports."""

    header_icon = "doc-full"
    list_export = [*PageReportView.list_export, "last_reviewed"]
    export_headings = {**PageReportView.export_headings, "last_reviewed": "Last reviewed"}

    def entries(self, model: type[CatalogEntryPage] = CatalogEntryPage) -> QuerySet:
        return (
            editable_by(self.request.user, model.objects.all())
            .select_related("content_type")
            .prefetch_workflow_states()
            .annotate_approved_schedule()
        )


class DueForReviewView(CatalogReportView):
    page_title = "Entries due for review"
    index_url_name = "catalog_reports_due"
    index_results_url_name = "catalog_reports_due_results"

    def get_queryset(self):
        self.queryset = due_for_review(self.entries())
        return super().get_queryset()


class MissingTagsView(CatalogReportView):
    page_title = "Entries missing tags"
    index_url_name = "catalog_reports_untagged"
    index_results_url_name = "catalog_reports_untagged_results"
    list_export = [*CatalogReportView.list_export, "missing_tags"]
    export_headings = {**CatalogReportView.export_headings, "missing_tags": "Missing"}

    def get_queryset(self):
        self.queryset = missing_tags(self.entries()).order_by("title")
        return super().get_queryset()

    def decorate_paginated_queryset(self, object_list):
        for entry in object_list:
            entry.missing_tags = ", ".join(
                kind for kind in TAXONOMY_THROUGH if not getattr(entry, f"has_{kind}")
            )
        return object_list


class NothingToOpenView(CatalogReportView):
    """Resources, live or draft, with neither a file nor a link, with their publisher and when
    they were last published: the entries to give a file, a link or a "How to get this"."""

    page_title = "Nothing to open"
    header_icon = "doc-empty"
    results_template_name = "catalog/admin/nothing_to_open_results.html"
    index_url_name = "catalog_reports_nothing_to_open"
    index_results_url_name = "catalog_reports_nothing_to_open_results"
    list_export = [
        "title",
        "publisher",
        "last_published_at",
        "status_string",
        "how_to_get",
        "last_reviewed",
    ]
    export_headings = {
        **CatalogReportView.export_headings,
        "publisher": "Publisher",
        "last_published_at": "Last published",
        "how_to_get": "How to get this",
    }

    def get_queryset(self):
        self.queryset = nothing_to_open(self.entries(ResourcePage)).order_by("title")
        return super().get_queryset()


class BrokenLinksView(CatalogReportView):
    """Entries with a link that failed its last check (manage.py check_links)."""

    page_title = "Broken links"
    index_url_name = "catalog_reports_links"
    index_results_url_name = "catalog_reports_links_results"
    list_export = [*CatalogReportView.list_export, "broken_links"]
    export_headings = {**CatalogReportView.export_headings, "broken_links": "Broken links"}

    def get_queryset(self):
        broken = LinkCheck.objects.filter(page_id=OuterRef("pk"), ok=False)
        self.queryset = self.entries().filter(Exists(broken)).order_by("title")
        return super().get_queryset()

    def decorate_paginated_queryset(self, object_list):
        checks = LinkCheck.objects.filter(page__in=[entry.pk for entry in object_list], ok=False)
        by_entry: dict[int, list[str]] = {}
        for check in checks.order_by("url"):
            by_entry.setdefault(check.page_id, []).append(f"{check.outcome}: {check.url}")
        for entry in object_list:
            entry.broken_links = "; ".join(by_entry.get(entry.pk, []))
        return object_list


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


def coverage_matrix(request: HttpRequest) -> HttpResponse:
    """Disciplines × audiences: how many live entries serve each pair; CSV with ?export=csv."""
    counts = coverage_counts(request)
    disciplines, audiences = list(Discipline.objects.live()), list(Audience.objects.live())
    search = reverse("search")
    rows = [
        (
            discipline,
            [
                (counts.get((discipline.pk, audience.pk), 0),
                 f"{search}?discipline={discipline.slug}&audience={audience.slug}")
                for audience in audiences
            ],
        )
        for discipline in disciplines
    ]  # fmt: skip
    if request.GET.get("export") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="coverage.csv"'
        writer = csv.writer(response)
        writer.writerow(
            ["Discipline", *(spreadsheet_safe(audience.name) for audience in audiences)]
        )
        for discipline, cells in rows:
            writer.writerow([spreadsheet_safe(discipline.name), *(count for count, _url in cells)])
        return response
    context = {"audiences": audiences, "rows": rows, "page_title": "Coverage"}
    return TemplateResponse(request, "catalog/admin/coverage.html", context)
