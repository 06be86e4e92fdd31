"""What the catalog's page bulk actions share ("Mark as reviewed" in catalog.review, "Approve" in
catalog.approvals): the address that opens one for chosen pages, and a 404, never a 500, for
ids or a parent (the page explorer's `childOf`) that are not pages."""

from django import forms
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.http import urlencode
from wagtail.admin.views.pages.bulk_actions.page_bulk_action import PageBulkAction
from wagtail.models import Page


def bulk_action_url(action_type: str, page_ids: list[int], next_url: str = "") -> str:
    """The address of a page bulk action for these pages: GET confirms, POST acts."""
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", action_type])
    query = [("id", pk) for pk in page_ids] + ([("next", next_url)] if next_url else [])
    return f"{url}?{urlencode(query)}"


class CatalogPageBulkAction(PageBulkAction):
    """A page bulk action whose confirmation has no fields of its own, pages in tree order."""

    form_class = forms.Form

    @classmethod
    def get_queryset(cls, model, object_ids):
        well_formed = (str(pk).isdigit() and len(str(pk)) < 12 for pk in object_ids)
        if not isinstance(object_ids, QuerySet) and not all(well_formed):
            raise Http404("No such page.")
        pages = list(model.objects.filter(pk__in=object_ids).defer_streamfields().specific())
        if not pages:
            raise Http404("No such page.")
        return sorted(pages, key=lambda page: page.path)

    def get_all_objects_in_listing_query(self, parent_id):
        parent = self.request.GET.get("childOf")
        if parent is not None and not parent.isdigit():
            raise Http404("No such page.")
        try:
            return super().get_all_objects_in_listing_query(parent_id)
        except Page.DoesNotExist as error:
            raise Http404("No such page.") from error
