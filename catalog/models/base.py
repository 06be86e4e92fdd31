"""The base every catalog entry shares: summary, taxonomy, language and dates."""

import datetime

from django import forms
from django.conf import settings
from django.db import models
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel
from wagtail.models import Page
from wagtail.search import index

from catalog.models.choices import Language, ResourceType
from catalog.models.page_views import context_from_above
from catalog.models.taxonomy import VOCABULARIES
from catalog.privacy import visibility_for

# Rich text editors get headings, emphasis, lists and links: no embeds (third-party requests)
# and no images in running text.
RICH_TEXT_FEATURES = ["h2", "h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]


class CatalogEntryPage(Page):
    """A catalog entry of any kind; resources, curricula and episodes extend it.

    A concrete (multi-table) base rather than an abstract mixin: every entry's taxonomy lives in
    one join table per vocabulary, so listings, search and facet counts over all entry types are
    single queries on one table.
    """

    summary = models.TextField(
        max_length=600,
        help_text="One to three plain sentences: shown in listings, search results and feeds.",
    )
    disciplines = ParentalManyToManyField(
        "catalog.Discipline",
        blank=True,
        related_name="entries",
        help_text="The professionals this entry serves. Pick every one that applies.",
    )
    audiences = ParentalManyToManyField(
        "catalog.Audience",
        blank=True,
        related_name="entries",
        help_text="Who it is written for.",
    )
    topics = ParentalManyToManyField(
        "catalog.Topic",
        blank=True,
        related_name="entries",
        help_text="What it is about.",
    )
    language = models.CharField(
        max_length=8,
        choices=Language.choices,
        default=Language.ENGLISH,
        help_text="The language the material itself is in.",
    )
    publication_date = models.DateField(
        default=datetime.date.today,
        help_text="When the material was published (or aired). Listings sort newest first by it.",
    )
    last_reviewed = models.DateField(
        null=True,
        blank=True,
        help_text="When an editor last checked that this entry is accurate and current.",
    )
    last_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who last marked this entry as reviewed.",
    )

    is_creatable = False
    subpage_types: list[str] = []

    tag_panels = [
        MultiFieldPanel(
            [
                FieldPanel(vocabulary, widget=forms.CheckboxSelectMultiple)
                for vocabulary in VOCABULARIES
            ],
            heading="Tags",
            help_text="Visitors browse and filter by these; untagged entries are hard to find.",
        ),
        FieldRowPanel(
            [FieldPanel("language"), FieldPanel("publication_date")],
            heading="Language and dates",
        ),
        # Read-only: editors mark an entry as reviewed from its menu (catalog.review), which
        # records who and when without a new revision.
        HelpPanel(template="catalog/admin/review_panel.html", heading="Review"),
    ]
    content_panels = [*Page.content_panels, FieldPanel("summary")]

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary", boost=1.5),
        *(
            index.RelatedFields(vocabulary, [index.SearchField("name")])
            for vocabulary in VOCABULARIES
        ),
        index.FilterField("language"),
        index.FilterField("publication_date"),
        index.FilterField("last_reviewed"),
    ]

    class Meta:
        verbose_name = "catalog entry"
        verbose_name_plural = "catalog entries"

    def with_content_json(self, content: dict) -> "CatalogEntryPage":
        """A revision as a page, with the review date and reviewer of the page as stored: they
        are set by "Mark as reviewed" on the row alone (catalog.review), so publishing a draft
        saved before the last review must not put back the review it knew."""
        page = super().with_content_json(content)
        page.last_reviewed = self.last_reviewed
        page.last_reviewed_by_id = self.last_reviewed_by_id
        return page

    @classmethod
    def get_indexed_objects(cls):
        # Wagtail reads each vocabulary once per index column; prefetching keeps indexing at a
        # few queries per thousand entries instead of fifteen per entry.
        return super().get_indexed_objects().prefetch_related(*VOCABULARIES)

    @property
    def content_lang(self) -> str:
        """The entry's language code when it is not the site's English, for `lang` attributes."""
        return "" if self.language == Language.ENGLISH else self.language

    @property
    def type_label(self) -> str:
        """What kind of entry this is: a resource's type, else the page type's name.

        Works on the shared base too, without fetching the specific page: listings annotate
        `resource_type`, and the page type comes from the (cached) content type.
        """
        resource_type = getattr(self, "resource_type", None)
        if resource_type:
            return ResourceType(resource_type).label
        return self.specific_class._meta.verbose_name.capitalize()

    def get_context(self, request, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        # No prefetch on the entry itself: in a preview its tags are the unsaved ones in memory.
        visibility_for(request).mark_members_only([self])
        # Its related entries, and whether it shows "Exit this page" (catalog.safety_exit).
        context.update(context_from_above("entry", self, request))
        return context
