"""State chapters and the training curricula they offer."""

from typing import NamedTuple

from django.db import models
from django.utils.functional import cached_property
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from catalog.blocks import AgendaDayBlock, MaterialsBlock
from catalog.models.base import RICH_TEXT_FEATURES, CatalogEntryPage
from catalog.models.choices import DeliveryFormat, SurvivorInvolvement
from catalog.models.mixins import EntryIndexMixin
from catalog.privacy import visibility_for


class Contact(NamedTuple):
    name: str
    email: str


class Material(NamedTuple):
    """A curriculum material ready for display: a handout or a toolkit resource."""

    title: str
    url: str
    extension: str
    is_document: bool


# Shared by chapters and curricula; Wagtail copies a panel for each model it is bound to.
CONTACT_PANEL = FieldRowPanel(
    [FieldPanel("contact_name"), FieldPanel("contact_email")], heading="Contact"
)


class ChapterIndexPage(EntryIndexMixin, Page):
    """The list of state chapters and every curriculum they offer."""

    intro = RichTextField(
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text="What chapters are and how their trainings help CACs; shown above the list.",
    )

    max_count = 1
    parent_page_types = ["catalog.HomePage"]
    subpage_types = ["catalog.ChapterPage"]

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    class Meta:
        verbose_name = "chapter index"

    def get_context(self, request, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        chapters = ChapterPage.objects.child_of(self).order_by("title")
        context["chapters"] = visibility_for(request).apply(chapters)
        return context


class ChapterPage(EntryIndexMixin, Page):
    """A state chapter of Children's Advocacy Centers, with its curricula and contact."""

    state = models.CharField(max_length=100, help_text="The state the chapter serves.")
    description = RichTextField(
        features=RICH_TEXT_FEATURES, blank=True, help_text="Who the chapter is and what it does."
    )
    website = models.URLField(blank=True, help_text="The chapter's own website.")
    contact_name = models.CharField(
        max_length=200, blank=True, help_text="Who to ask about the chapter's trainings."
    )
    contact_email = models.EmailField(blank=True, help_text="Their email address.")

    parent_page_types = ["catalog.ChapterIndexPage"]
    subpage_types = ["catalog.CurriculumPage"]
    teaser_field = "description"

    content_panels = [
        *Page.content_panels,
        FieldPanel("state"),
        FieldPanel("description"),
        FieldPanel("website"),
        CONTACT_PANEL,
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("state"),
        index.SearchField("description"),
    ]

    class Meta:
        verbose_name = "state chapter"


class CurriculumPage(CatalogEntryPage):
    """A chapter's training: what it teaches, for whom, how long, and its agenda."""

    overview = RichTextField(
        features=RICH_TEXT_FEATURES, blank=True, help_text="What the training covers and why."
    )
    learning_objectives = StreamField(
        [("objective", blocks.CharBlock(help_text="Begin with a verb: “Recognize…”, “Apply…”."))],
        blank=True,
        help_text="What participants will be able to do afterwards, one objective each.",
    )
    duration_hours = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Total contact hours, e.g. 12 for two six-hour days.",
    )
    delivery_format = models.CharField(
        max_length=16,
        choices=DeliveryFormat.choices,
        default=DeliveryFormat.IN_PERSON,
        help_text="How the training is delivered.",
    )
    survivor_involvement = models.CharField(
        max_length=32,
        choices=SurvivorInvolvement.choices,
        blank=True,
        help_text="Whether survivors led or informed the training; leave blank if neither.",
    )
    funding_note = models.TextField(
        blank=True, help_text="Who funded it, e.g. “A Children's Justice Act grant”."
    )
    agenda = StreamField(
        [("day", AgendaDayBlock())],
        blank=True,
        help_text="The training day by day, each with its sessions in order.",
    )
    materials = StreamField(
        MaterialsBlock(),
        blank=True,
        help_text="Handouts and toolkit resources participants use.",
    )
    contact_name = models.CharField(
        max_length=200,
        blank=True,
        help_text="Who to ask about this training; the chapter's contact if left blank.",
    )
    contact_email = models.EmailField(blank=True, help_text="Their email address.")

    parent_page_types = ["catalog.ChapterPage"]

    content_panels = [
        *CatalogEntryPage.content_panels,
        FieldPanel("overview"),
        FieldPanel("learning_objectives"),
        FieldRowPanel(
            [
                FieldPanel("duration_hours"),
                FieldPanel("delivery_format"),
                FieldPanel("survivor_involvement"),
            ],
            heading="Shape",
        ),
        FieldPanel("agenda"),
        FieldPanel("materials"),
        FieldPanel("funding_note"),
        CONTACT_PANEL,
        *CatalogEntryPage.tag_panels,
    ]
    search_fields = [
        *CatalogEntryPage.search_fields,
        index.SearchField("overview"),
        index.SearchField("learning_objectives"),
        index.SearchField("agenda"),
        index.SearchField("funding_note"),
        index.FilterField("delivery_format"),
        index.FilterField("survivor_involvement"),
    ]

    class Meta:
        verbose_name = "curriculum"
        verbose_name_plural = "curricula"

    @cached_property
    def chapter(self) -> "ChapterPage | None":
        parent = self.get_parent()
        return parent.specific if parent else None

    @property
    def contact(self) -> Contact:
        """Who to ask about the training: its own contact, else the chapter's."""
        if self.contact_name or self.contact_email:
            return Contact(self.contact_name, self.contact_email)
        chapter = self.chapter
        if isinstance(chapter, ChapterPage):
            return Contact(chapter.contact_name, chapter.contact_email)
        return Contact("", "")

    def visible_materials(self, request) -> list[Material]:
        """The materials as links, leaving out toolkit resources this visitor may not see."""
        resource_ids = [
            block.value.pk for block in self.materials if block.block_type == "resource"
        ]
        visible = set(
            visibility_for(request)
            .apply(Page.objects.filter(pk__in=resource_ids))
            .values_list("pk", flat=True)
        )
        materials = []
        for block in self.materials:
            item = block.value
            if block.block_type == "document":
                materials.append(Material(item.title, item.url, item.file_extension, True))
            elif item.pk in visible:
                materials.append(Material(item.title, item.get_url(request), "", False))
        return materials

    def get_context(self, request, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        context["materials"] = self.visible_materials(request)
        return context
