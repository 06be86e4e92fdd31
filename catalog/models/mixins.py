"""Behaviour that page types opt into."""

import html

from django.http import HttpRequest
from django.utils.html import strip_tags
from django.utils.text import Truncator
from wagtail.query import PageQuerySet


class EntryIndexMixin:
    """An index page that lists the catalog entries below it, newest first, a page at a time."""

    # The field whose text introduces the index in lists of sections (e.g. on the home page).
    teaser_field = "intro"

    @property
    def teaser(self) -> str:
        """The first words of the introduction, as plain text."""
        text = html.unescape(strip_tags(str(getattr(self, self.teaser_field, "") or "")))
        return Truncator(text).words(20)

    def listed_entries(self, request: HttpRequest) -> PageQuerySet:
        # Imported here: the listing pipeline builds on the models.
        from catalog.listing import NEWEST_FIRST, visible_entries

        return visible_entries(request).descendant_of(self).order_by(*NEWEST_FIRST)

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        from catalog.listing import paginate_entries

        context = super().get_context(request, *args, **kwargs)
        context["entries"] = paginate_entries(request, self.listed_entries(request))
        return context
