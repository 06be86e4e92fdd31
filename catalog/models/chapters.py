"""State chapters and the index of them: their curricula, offerings and calendars."""

import re
from typing import NamedTuple

from django.core.validators import RegexValidator
from django.db import models
from django.http import HttpRequest, HttpResponse
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from catalog.blocks import BodyBlock
from catalog.models.base import RICH_TEXT_FEATURES
from catalog.models.mixins import EntryIndexMixin
from catalog.models.page_views import context_from_above, response_from_above
from catalog.privacy import visibility_for

# A curriculum's own contact (a chapter's adds a phone and a link to it).
CONTACT_PANEL = FieldRowPanel(
    [FieldPanel("contact_name"), FieldPanel("contact_email")], heading="Contact"
)
# A number people can dial or tap: digits, with the usual separators and a leading "+".
PHONE_NUMBER = RegexValidator(
    r"^\+?[0-9][0-9 ().-]{5,28}[0-9]$",
    "Give a phone number in digits, e.g. “717-555-0142” or “+1 717 555 0142”.",
)


class Contact(NamedTuple):
    """How to reach someone about a chapter's trainings; any part may be empty."""

    name: str
    email: str
    phone: str = ""
    link: str = ""

    @property
    def given(self) -> bool:
        return any(self)

    @property
    def phone_uri(self) -> str:
        """The phone number as a tel: address (RFC 3966 keeps only digits and a "+")."""
        digits = re.sub(r"[^0-9+]", "", self.phone)
        return f"tel:{digits}" if digits else ""


class SectionCalendarMixin(RoutablePageMixin):
    """A section whose curricula's offerings (public ones) make a calendar at calendar/."""

    @path("calendar/")
    def calendar(self, request: HttpRequest) -> HttpResponse:
        return response_from_above("section_calendar", self, request)


class ChapterIndexPage(SectionCalendarMixin, EntryIndexMixin, Page):
    """The list of state chapters and every curriculum they offer; upcoming trainings across
    chapters at upcoming/, their calendar at calendar/ (and calendar/<discipline>/)."""

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

    @path("upcoming/")
    def upcoming(self, request: HttpRequest) -> HttpResponse:
        return response_from_above("upcoming_trainings", self, request)

    @path("calendar/<slug:discipline>/")
    def discipline_calendar(self, request: HttpRequest, discipline: str) -> HttpResponse:
        return response_from_above("discipline_calendar", self, request, discipline=discipline)


class ChapterPage(SectionCalendarMixin, EntryIndexMixin, Page):
    """A state chapter of Children's Advocacy Centers, with its curricula, their upcoming
    offerings, its contact and its calendar (calendar/)."""

    state = models.CharField(max_length=100, help_text="The state the chapter serves.")
    description = RichTextField(
        features=RICH_TEXT_FEATURES, blank=True, help_text="Who the chapter is and what it does."
    )
    body = StreamField(
        BodyBlock(),
        blank=True,
        help_text="Optional: the chapter's figures, quotations or tables, e.g. a chart of its "
        "centers' caseload.",
    )
    website = models.URLField(blank=True, help_text="The chapter's own website.")
    contact_name = models.CharField(
        max_length=200, blank=True, help_text="Who to ask about the chapter's trainings."
    )
    contact_email = models.EmailField(blank=True, help_text="Their email address.")
    contact_phone = models.CharField(
        "contact phone",
        max_length=30,
        blank=True,
        validators=[PHONE_NUMBER],
        help_text="A phone number for questions about trainings, e.g. “717-555-0142”; phones "
        "dial it when tapped.",
    )
    contact_link = models.URLField(
        "contact link",
        max_length=500,
        blank=True,
        help_text="A page where people reach the chapter, such as its contact form; shown as "
        "“Contact page”.",
    )

    parent_page_types = ["catalog.ChapterIndexPage"]
    subpage_types = ["catalog.CurriculumPage"]
    teaser_field = "description"

    content_panels = [
        *Page.content_panels,
        FieldPanel("state"),
        FieldPanel("description"),
        FieldPanel("body"),
        FieldPanel("website"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("contact_name"), FieldPanel("contact_email")]),
                FieldRowPanel([FieldPanel("contact_phone"), FieldPanel("contact_link")]),
            ],
            heading="Contact",
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("state"),
        index.SearchField("description"),
    ]

    class Meta:
        verbose_name = "state chapter"

    @property
    def contact(self) -> Contact:
        return Contact(self.contact_name, self.contact_email, self.contact_phone, self.contact_link)

    def get_context(self, request, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        context.update(context_from_above("chapter", self, request))  # its upcoming_offerings
        return context
