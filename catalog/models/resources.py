"""The resource toolkit: fact sheets, guides, screening tools, reports and recordings."""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from catalog.blocks import BodyBlock
from catalog.models.base import RICH_TEXT_FEATURES, CatalogEntryPage
from catalog.models.choices import ResourceType
from catalog.models.mixins import EntryIndexMixin
from catalog.models.page_views import context_from_above


class ToolkitPage(EntryIndexMixin, Page):
    """A collection of resources, e.g. the Child Sexual Exploitation Resource Toolkit."""

    intro = RichTextField(
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text="What the toolkit is for and who made it; shown above its resources.",
    )

    parent_page_types = ["catalog.HomePage"]
    subpage_types = ["catalog.ResourcePage"]

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    class Meta:
        verbose_name = "resource toolkit"


class ResourcePage(CatalogEntryPage):
    """A single resource: a file to download or a link to the publisher, with its description."""

    resource_type = models.CharField(
        max_length=32,
        choices=ResourceType.choices,
        help_text="What kind of material this is; visitors filter by it.",
    )
    document = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The file visitors download. Give a file or a link, not both.",
    )
    external_url = models.URLField(
        "external link",
        max_length=500,
        blank=True,
        help_text="Where the material lives on another site, if it is not a file here.",
    )
    publisher = models.CharField(
        max_length=200, blank=True, help_text="Who published it, e.g. National Children's Alliance."
    )
    length = models.CharField(
        max_length=100,
        blank=True,
        help_text="How long it is, in the unit that fits: “12 pages”, “45 minutes”.",
    )
    body = StreamField(
        BodyBlock(),
        blank=True,
        help_text="The description or the full text, with headings, quotations and tables.",
    )
    how_to_get = models.CharField(
        "how to get this",
        max_length=300,
        blank=True,
        help_text="For a resource with neither a file nor a link: how visitors obtain it, e.g. "
        "“Sent to CAC staff on request.” Shown under “How to get this” with a contact.",
    )
    contact_email = models.EmailField(
        "publisher's email",
        blank=True,
        help_text="Where visitors ask the publisher for it. Leave both contact fields empty to "
        "send them to the alliance's contact (Settings › Site identity).",
    )
    contact_url = models.URLField(
        "publisher's contact page",
        max_length=500,
        blank=True,
        help_text="A page on the publisher's site where visitors ask for it, e.g. a request form.",
    )

    parent_page_types = ["catalog.ToolkitPage"]

    content_panels = [
        *CatalogEntryPage.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("resource_type"),
                FieldPanel("document"),
                FieldPanel("external_url"),
                FieldRowPanel([FieldPanel("publisher"), FieldPanel("length")]),
            ],
            heading="The resource",
        ),
        MultiFieldPanel(
            [
                FieldPanel("how_to_get"),
                FieldRowPanel([FieldPanel("contact_email"), FieldPanel("contact_url")]),
            ],
            heading="How to get this (only without a file or a link)",
        ),
        FieldPanel("body"),
        *CatalogEntryPage.tag_panels,
    ]
    search_fields = [
        *CatalogEntryPage.search_fields,
        index.SearchField("body"),
        index.SearchField("publisher"),
        index.FilterField("resource_type"),
    ]

    class Meta:
        verbose_name = "resource"

    @property
    def has_something_to_open(self) -> bool:
        """A file to download or a link to follow: otherwise the page says how to get it."""
        return bool(self.document_id or self.external_url)

    @property
    def has_publisher_contact(self) -> bool:
        """The editor named the publisher's contact; otherwise the alliance's is shown."""
        return bool(self.contact_email or self.contact_url)

    @property
    def external_host(self) -> str:
        """The site the external link leads to, so visitors know before they follow it."""
        return urlsplit(self.external_url).hostname or ""

    @property
    def contact_host(self) -> str:
        """The site of the publisher's contact page, named on its link."""
        return urlsplit(self.contact_url).hostname or ""

    def get_context(self, request, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        # Its structured_data; it also sets self.tag_groups, read once for the JSON-LD and the
        # page's tag lists (the `tag_groups` tag reuses them).
        context.update(context_from_above("resource", self, request))
        return context

    def clean(self) -> None:
        super().clean()
        if self.document_id and self.external_url:
            message = "Give either a file or an external link, not both."
            raise ValidationError({"document": message, "external_url": message})
