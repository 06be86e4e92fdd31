"""Behaviour that page types opt into."""

from django.http import HttpRequest
from wagtail.query import PageQuerySet

from catalog.sentences import whole_sentences

TEASER_CHARACTERS = 200


class EntryIndexMixin:
    """An index page that lists the catalog entries below it, newest first, a page at a time."""

    # The field whose text introduces the index in lists of sections (e.g. on the home page).
    teaser_field = "intro"

    @property
    def teaser(self) -> str:
        """The introduction's first sentences, as plain text: whole sentences only."""
        return whole_sentences(getattr(self, self.teaser_field, ""), TEASER_CHARACTERS)

    def listed_entries(self, request: HttpRequest) -> PageQuerySet:
        # Imported here: the listing pipeline builds on the models.
        from catalog.listing import NEWEST_FIRST, visible_entries

        return visible_entries(request).descendant_of(self).order_by(*NEWEST_FIRST)

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        from catalog.listing import paginate_entries
        from catalog.structured_data import listing_data

        context = super().get_context(request, *args, **kwargs)
        context["entries"] = entries = paginate_entries(request, self.listed_entries(request))
        # Rendered by base.html, apart from a page type's own `structured_data`.
        context["listing_data"] = listing_data(self, entries, request)
        return context
