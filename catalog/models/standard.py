"""Standard pages: the site's own pages about itself (About, Contact, Privacy, Accessibility)."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from catalog.blocks import BodyBlock


class StandardPage(Page):
    """A plain page of text about the site or the alliance: About, Contact, Privacy,
    Accessibility. Not a catalog entry: it is in no listing, search facet or feed."""

    intro = models.TextField(
        max_length=400,
        help_text="One or two plain sentences under the title; also the page's description in "
        "link previews when the SEO description is empty.",
    )
    body = StreamField(
        BodyBlock(),
        blank=True,
        use_json_field=True,
        help_text="The page's text, with headings, quotations and tables.",
    )

    parent_page_types = ["catalog.HomePage", "catalog.StandardPage"]
    subpage_types = ["catalog.StandardPage"]

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        verbose_name = "standard page"

    @property
    def preview_description(self) -> str:
        """What link previews say of the page when no SEO description is given."""
        return self.intro
