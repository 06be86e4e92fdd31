"""The training curricula state chapters offer."""

import datetime
from decimal import Decimal
from typing import NamedTuple

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.utils.functional import cached_property
from modelcluster.fields import ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from catalog.blocks import AgendaDayBlock, MaterialsBlock
from catalog.models.base import RICH_TEXT_FEATURES, CatalogEntryPage
from catalog.models.chapters import CONTACT_PANEL, ChapterPage, Contact
from catalog.models.choices import DeliveryFormat, SurvivorInvolvement
from catalog.models.offerings import CurriculumOffering
from catalog.models.page_views import context_from_above, response_from_above
from catalog.privacy import visibility_for


class Material(NamedTuple):
    """A curriculum material ready for display: a handout or a toolkit resource."""

    title: str
    url: str
    extension: str
    is_document: bool


class CurriculumPage(RoutablePageMixin, CatalogEntryPage):
    """A chapter's training: what it teaches, for whom, how long, its agenda and offerings.
    Its calendar is at calendar/, each offering's at calendar/<offering key>/."""

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
        help_text="Total contact hours, e.g. 12 for two six-hour days. Worked out from the "
        "agenda when its sessions have start and end times.",
    )
    ce_hours = models.DecimalField(
        "continuing-education hours",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Continuing-education hours participants earn, if any.",
    )
    price = models.DecimalField(
        "price (US dollars)",
        max_digits=8,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
        help_text="What one place costs; 0 means free.",
    )
    accreditation = models.CharField(
        max_length=300,
        blank=True,
        help_text="What the hours count toward: a board's CE approval, an accreditation "
        "standard or a competency, e.g. “NCA Accreditation Standard: Child Focused Setting”.",
    )
    prerequisites = ParentalManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="required_by",
        help_text="Curricula participants should have taken first.",
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
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("ce_hours"), FieldPanel("accreditation")]),
                FieldPanel("price"),
                FieldPanel("prerequisites", widget=forms.CheckboxSelectMultiple),
            ],
            heading="Credit and prerequisites",
        ),
        FieldPanel("agenda"),
        InlinePanel("offerings", heading="Offerings", label="Offering"),
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
            return chapter.contact
        return Contact("", "")

    @staticmethod
    def next_offering(upcoming: list) -> "CurriculumOffering | None":
        """The offering the page points to first ("Next: …"): the soonest of `upcoming` (this
        page's offerings not yet over) that is not cancelled."""
        return next((offering for offering in upcoming if not offering.is_cancelled), None)

    def visible_materials(self, request) -> list[Material]:
        """The materials as links, leaving out toolkit resources this visitor may not see."""
        resource_ids = [
            block.value.pk
            for block in self.materials
            if block.block_type == "resource" and block.value is not None
        ]
        visible = set(
            visibility_for(request)
            .apply(Page.objects.filter(pk__in=resource_ids))
            .values_list("pk", flat=True)
        )
        materials = []
        for block in self.materials:
            item = block.value
            if item is None:  # the file or resource was deleted since
                continue
            if block.block_type == "document":
                materials.append(Material(item.title, item.url, item.file_extension, True))
            elif item.pk in visible:
                materials.append(Material(item.title, item.get_url(request), "", False))
        return materials

    @property
    def agenda_hours(self) -> Decimal | None:
        """The hours of the agenda's timed sessions together; None if no session is timed."""
        minutes = [
            (datetime.datetime.combine(datetime.date.min, session["end"])
             - datetime.datetime.combine(datetime.date.min, session["start"])).seconds // 60
            for day in self.agenda
            for session in day.value["sessions"]
            if session["start"] and session["end"]
        ]  # fmt: skip
        return (Decimal(sum(minutes)) / 60).quantize(Decimal("0.01")) if minutes else None

    def clean(self) -> None:
        super().clean()
        if self.pk and any(curriculum.pk == self.pk for curriculum in self.prerequisites.all()):
            raise ValidationError({"prerequisites": "A curriculum cannot require itself."})
        if (hours := self.agenda_hours) is not None:
            self.duration_hours = hours

    def get_context(self, request, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        context["materials"] = self.visible_materials(request)
        context["prerequisites"] = visibility_for(request).apply(
            CurriculumPage.objects.filter(pk__in=[p.pk for p in self.prerequisites.all()])
        )
        # Its upcoming_offerings, past_offerings, next_offering and structured_data.
        context.update(context_from_above("curriculum", self, request))
        return context

    @path("calendar/")
    def calendar(self, request: HttpRequest) -> HttpResponse:
        return response_from_above("curriculum_calendar", self, request)

    @re_path(r"^calendar/(?P<key>[0-9a-f]{32})/$")
    def offering_calendar(self, request: HttpRequest, key: str) -> HttpResponse:
        """One offering as a calendar file: the "add to calendar" link, by the offering's key
        (catalog.models.offerings.offering_key), never its sequential id."""
        return response_from_above("offering_calendar", self, request, key=key)
