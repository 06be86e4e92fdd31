"""Editors' reports: entries due for review, entries missing tags, resources with nothing to
open, broken links. (The coverage matrix is catalog.coverage.)

They are Wagtail page reports (filters, pagination, CSV/XLSX export come with them). The
missing-tags report judges live entries as visitors see them: their tags from their row in the
catalog index (published terms only), their audiences among published terms.

Each report, count and export covers only the entries the user may edit (catalog.staff_scope),
and every cell written to a spreadsheet is formula-safe (catalog.spreadsheets).
"""

from django import forms
from django.conf import settings
from django.db.models import BooleanField, Case, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import get_text_list
from django.utils.translation import ngettext
from wagtail.admin.utils import get_user_display_name
from wagtail.admin.views.reports import PageReportView

from catalog.models import VOCABULARIES, CatalogEntryPage, IndexEntry, LinkCheck, ResourcePage
from catalog.review import due_for_review, mark_reviewed_url, refusal, review_due
from catalog.staff_scope import editable_by
from catalog.vocabulary import TAXONOMY, through_model

# kind → (the entries' join table, the catalog index's column), for every vocabulary
TAXONOMY_THROUGH = {kind: (through_model(kind)[0], field) for kind, (_, field) in TAXONOMY.items()}


def term_kinds() -> str:
    """The vocabularies as the missing-tags report names them: "discipline, audience or topic"."""
    return get_text_list([str(model._meta.verbose_name) for model in VOCABULARIES.values()], "or")


def only_for(audience_slugs: list[str], published_terms: bool) -> Q:
    """Whether the entry is for at least one audience, and only for audiences among
    `audience_slugs` (counting published audiences only, or every one the editor chose)."""
    through = TAXONOMY_THROUGH["audience"][0]
    own = through.objects.filter(catalogentrypage_id=OuterRef("pk"))
    if published_terms:
        own = own.filter(audience__live=True)
    return Q(Exists(own)) & ~Q(Exists(own.exclude(audience__slug__in=audience_slugs)))


def with_missing_tags(entries: QuerySet) -> QuerySet:
    """Each entry with `missing_<kind>` for every vocabulary: it has no term of that kind, and
    needs one. A live entry is judged as visitors see it (its row in the catalog index, which
    holds published terms only, and its published audiences), a draft from what the editor
    chose. An entry need not have a vocabulary when every audience it is for is one that
    settings.CATALOG_TAGS_NOT_NEEDED lists for it (a guide only for caregivers, no discipline)."""
    index_rows = IndexEntry.objects.filter(page_id=OuterRef("pk"))
    annotations = {}
    for kind, (through, column) in TAXONOMY_THROUGH.items():
        live_has = Exists(index_rows.exclude(**{column: []}))
        draft_has = Exists(through.objects.filter(catalogentrypage_id=OuterRef("pk")))
        live_missing, draft_missing = Q(live=True) & ~Q(live_has), Q(live=False) & ~Q(draft_has)
        if exempt := settings.CATALOG_TAGS_NOT_NEEDED.get(kind):
            live_missing &= ~only_for(exempt, published_terms=True)
            draft_missing &= ~only_for(exempt, published_terms=False)
        annotations[f"missing_{kind}"] = Case(
            When(live_missing | draft_missing, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    return entries.annotate(**annotations)


def missing_tags(entries: QuerySet) -> QuerySet:
    """Entries without a term of a vocabulary that they need (a discipline, an audience…)."""
    missing = Q()
    for kind in TAXONOMY_THROUGH:
        missing |= Q(**{f"missing_{kind}": True})
    return with_missing_tags(entries).filter(missing)


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

    @cached_property
    def report_url(self) -> str:
        """Where a row's action brings the editor back to: this report, at the same page."""
        query = self.request.GET.copy()
        query.pop("export", None)
        return f"{self.index_url}?{query.urlencode()}" if query else self.index_url

    def get_context_data(self, *args, **kwargs) -> dict:
        context = super().get_context_data(*args, **kwargs)
        context["report_url"] = self.report_url
        context["media"] += forms.Media(css={"all": ["css/admin.css"]})
        return context


class DueForReviewView(CatalogReportView):
    """Entries due for review (catalog.review): when each was last reviewed and by whom, when it
    fell due, and a "Mark as reviewed" button per row and for the rows ticked."""

    page_title = "Entries due for review"
    header_icon = "time"
    results_template_name = "catalog/admin/due_for_review_results.html"
    index_url_name = "catalog_reports_due"
    index_results_url_name = "catalog_reports_due_results"
    list_export = [
        "title",
        "type_label",
        "last_reviewed",
        "reviewed_by",
        "first_published_at",
        "review_due",
        "days_overdue",
        "status_string",
    ]
    export_headings = {
        **CatalogReportView.export_headings,
        "type_label": "Type",
        "reviewed_by": "Reviewed by",
        "first_published_at": "First published",
        "review_due": "Due",
        "days_overdue": "Days overdue",
    }

    def get_queryset(self):
        # A resource's type, for CatalogEntryPage.type_label ("Guide", "Podcast episode"…).
        entries = self.entries().select_related("last_reviewed_by")
        entries = entries.annotate(resource_type=F("resourcepage__resource_type"))
        self.queryset = due_for_review(entries)
        return super().get_queryset()

    def decorate_paginated_queryset(self, object_list):
        today = timezone.localdate()
        for entry in object_list:
            reviewer = entry.last_reviewed_by
            entry.reviewed_by = get_user_display_name(reviewer) if reviewer else ""
            entry.review_due = review_due(entry.review_since)
            entry.days_overdue = (today - entry.review_due).days
            entry.overdue_note = overdue_note(entry.days_overdue)
            entry.mark_reviewed_url = mark_reviewed_url([entry.pk], self.report_url)
            entry.may_mark = not refusal(entry, self.request.user)
        return object_list


def overdue_note(days: int) -> str:
    """How late a review is, in words."""
    if days <= 0:
        return "Due today"
    return ngettext("Overdue by %(days)d day", "Overdue by %(days)d days", days) % {"days": days}


class MissingTagsView(CatalogReportView):
    """Entries missing a vocabulary they need, with which ones."""

    page_title = "Entries missing tags"
    header_icon = "tag"
    results_template_name = "catalog/admin/missing_tags_results.html"
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
                kind for kind in TAXONOMY_THROUGH if getattr(entry, f"missing_{kind}")
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
