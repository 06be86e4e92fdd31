"""Wagtail hooks: the taxonomy snippets in one "Catalog" menu, the guard on entries' files, and
the editors' reports and dashboard panel."""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path, re_path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import LiveStatusTagColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

# approvals, link_check_views, object_downloads, review, sign_in_lockouts, transcript_warnings
# and two_factor are imported for the hooks they register.
from catalog import (  # noqa: F401
    approvals,
    coverage,
    import_views,
    link_check_views,
    object_downloads,
    reports,
    review,
    sign_in_lockouts,
    transcript_warnings,
    two_factor,
)
from catalog.file_access import may_download
from catalog.importing.registry import KINDS
from catalog.index.sync import section_edited
from catalog.link_tasks import link_check_status
from catalog.members import admin as members_admin  # noqa: F401 (member requests: its hooks)
from catalog.models import VOCABULARIES, CatalogEntryPage, LinkCheck, TaxonomyTerm
from catalog.staff_scope import choosable_by, editable_by, editable_workflow_states


class TaxonomyViewSet(SnippetViewSet):
    """The listing and forms for one vocabulary; rows can be dragged into order.

    Terms are drafts until published (see catalog.models.taxonomy): the status column says which.
    """

    list_display = ["name", "slug", LiveStatusTagColumn()]
    search_fields = ["name", "description"]
    ordering = ["sort_order", "name"]


def taxonomy_viewset(model: type[TaxonomyTerm]) -> type[TaxonomyViewSet]:
    """The admin's listing and forms for one vocabulary of the registry, under its own icon."""
    attributes = {"model": model, "icon": model.admin_icon, "menu_label": model.label()}
    return type(f"{model.__name__}ViewSet", (TaxonomyViewSet,), attributes)


class CatalogViewSetGroup(SnippetViewSetGroup):
    menu_label = "Catalog"
    menu_icon = "folder-open-inverse"
    menu_order = 200
    items = tuple(taxonomy_viewset(model) for model in VOCABULARIES.values())


register_snippet(CatalogViewSetGroup)


hooks.register("after_edit_page", section_edited)


@hooks.register("construct_page_chooser_queryset")
def chooser_offers_what_the_user_may_see(pages, request: HttpRequest):
    """No other section's drafts or restricted pages in the page chooser (catalog.staff_scope)."""
    return choosable_by(request, pages)


@hooks.register("before_serve_document")
def guard_files(document, request: HttpRequest) -> HttpResponse | None:
    """Serve a file only where a page the visitor may see uses it (catalog.file_access).

    Anyone not signed in is sent to sign in, whatever the reason, so that the answer does not
    tell a members-only file from a draft's or an unused one; others get a 404.
    """
    if may_download(document, request):
        return None
    if not request.user.is_authenticated:
        login_url = getattr(settings, "WAGTAIL_FRONTEND_LOGIN_URL", reverse("wagtailcore_login"))
        return redirect_to_login(request.get_full_path(), login_url)
    raise Http404("No such document.")


# --- Editors' reports and dashboard ------------------------------------------------------------


@hooks.register("register_admin_urls")
def report_urls() -> list:
    """The catalog's reports (Wagtail wraps these in its admin-access check)."""
    due, untagged, links, nothing = (
        reports.DueForReviewView,
        reports.MissingTagsView,
        reports.BrokenLinksView,
        reports.NothingToOpenView,
    )
    return [
        path("reports/due-for-review/", due.as_view(), name="catalog_reports_due"),
        path("reports/due-for-review/results/", due.as_view(results_only=True),
             name="catalog_reports_due_results"),
        path("reports/missing-tags/", untagged.as_view(), name="catalog_reports_untagged"),
        path("reports/missing-tags/results/", untagged.as_view(results_only=True),
             name="catalog_reports_untagged_results"),
        path("reports/broken-links/", links.as_view(), name="catalog_reports_links"),
        path("reports/broken-links/results/", links.as_view(results_only=True),
             name="catalog_reports_links_results"),
        path("reports/nothing-to-open/", nothing.as_view(), name="catalog_reports_nothing_to_open"),
        path("reports/nothing-to-open/results/", nothing.as_view(results_only=True),
             name="catalog_reports_nothing_to_open_results"),
        path("reports/coverage/", coverage.coverage_matrix, name="catalog_reports_coverage"),
        path("reports/coverage/add/", coverage.NewEntryForPairView.as_view(),
             name="catalog_reports_coverage_add"),
    ]  # fmt: skip


@hooks.register("register_reports_menu_item")
def due_for_review_menu_item() -> MenuItem:
    return MenuItem("Due for review", reverse("catalog_reports_due"), icon_name="time", order=50)


@hooks.register("register_reports_menu_item")
def missing_tags_menu_item() -> MenuItem:
    url = reverse("catalog_reports_untagged")
    return MenuItem("Missing tags", url, icon_name="tag", order=51)


@hooks.register("register_reports_menu_item")
def broken_links_menu_item() -> MenuItem:
    url = reverse("catalog_reports_links")
    return MenuItem("Broken links", url, icon_name="link", order=52)


@hooks.register("register_reports_menu_item")
def nothing_to_open_menu_item() -> MenuItem:
    url = reverse("catalog_reports_nothing_to_open")
    return MenuItem("Nothing to open", url, icon_name="doc-empty", order=54)


@hooks.register("register_reports_menu_item")
def coverage_menu_item() -> MenuItem:
    return MenuItem("Coverage", reverse("catalog_reports_coverage"), icon_name="table", order=53)


@hooks.register("register_admin_urls")
def import_urls() -> list:
    """Import and export of catalog entries, a page per kind (catalog.import_views)."""
    kinds = "|".join(KINDS)
    return [
        path("catalog/import/", import_views.import_start, name="catalog_import_start"),
        path("catalog/import/<uuid:job_id>/", import_views.import_job_progress,
             name="catalog_import_job"),
        re_path(rf"^catalog/import/(?P<kind>{kinds})/$", import_views.import_entries,
                name="catalog_import"),
        re_path(rf"^catalog/import/(?P<kind>{kinds})/template\.csv$",
                import_views.import_template, name="catalog_import_template"),
        re_path(rf"^catalog/export/(?P<kind>{kinds})\.csv$", import_views.export_entries,
                name="catalog_export"),
        # The resources export's address before curricula and episodes had theirs (bookmarks).
        path("catalog/export.csv", import_views.export_entries, {"kind": "resources"}),
    ]  # fmt: skip


@hooks.register("register_admin_menu_item")
def import_menu_item() -> MenuItem:
    url = reverse("catalog_import", args=["resources"])
    return MenuItem("Import and export", url, icon_name="upload", order=210)


class EditorsPanel(Component):
    """The dashboard's view of what needs doing in the catalog, among the entries `user` may
    edit (a user with rights on one section counts that section only)."""

    name = "catalog_editors"
    order = 50
    template_name = "catalog/admin/editors_panel.html"

    class Media:
        css = {"all": ["css/admin.css"]}

    def __init__(self, user) -> None:
        self.user = user

    def get_context_data(self, parent_context=None) -> dict:
        entries = editable_by(self.user, CatalogEntryPage.objects.all())
        broken = LinkCheck.objects.filter(ok=False, page__in=entries.values("pk"))
        return {
            "awaiting_review": editable_workflow_states(self.user).count(),
            "yours_to_approve": (yours := approvals.reviewable_page_ids(self.user)),
            "approve_url": approvals.approve_url(yours, reverse("wagtailadmin_home")),
            "due_for_review": review.due_for_review(entries).count(),
            "untagged": reports.missing_tags(entries).count(),
            "term_kinds": reports.term_kinds(),
            "broken_links": broken.count(),
            "link_check": link_check_status(),
            "may_check_links": link_check_views.may_check_links(self.user),
            "review_months": settings.CATALOG_REVIEW_MONTHS,
        }


@hooks.register("construct_homepage_panels")
def add_editors_panel(request: HttpRequest, panels: list) -> None:
    panels.insert(0, EditorsPanel(request.user))
