"""Behaviour that page types opt into."""

from typing import TYPE_CHECKING

from django.http import HttpRequest
from wagtail.query import PageQuerySet

from catalog.models.page_views import context_from_above
from catalog.sentences import whole_sentences

TEASER_CHARACTERS = 200

if TYPE_CHECKING:  # mixed into page types: to the type checker it is one, so super() is Page's
    from wagtail.models import Page as MixedInto
else:
    MixedInto = object


class EntryIndexMixin(MixedInto):
    """An index page that lists the catalog entries below it, newest first, a page at a time."""

    # The field whose text introduces the index in lists of sections (e.g. on the home page).
    teaser_field = "intro"

    @property
    def teaser(self) -> str:
        """The introduction's first sentences, as plain text: whole sentences only."""
        return whole_sentences(getattr(self, self.teaser_field, ""), TEASER_CHARACTERS)

    def listed_entries(self, visible: PageQuerySet) -> PageQuerySet:
        """The entries this index lists, out of those the visitor may see (the listing sorts
        and pages them); a page type may annotate what its list shows."""
        return visible.descendant_of(self)

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        # `entries`, a page of listed_entries(), and their `listing_data` for base.html.
        context.update(context_from_above("entry_index", self, request))
        return context
