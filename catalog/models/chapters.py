"""State chapters and the index of them: their curricula, offerings and calendars."""

from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from catalog.models.base import RICH_TEXT_FEATURES
from catalog.models.mixins import EntryIndexMixin
from catalog.models.taxonomy import Discipline
from catalog.privacy import visibility_for

# Shared by chapters and curricula; Wagtail copies a panel for each model it is bound to.
CONTACT_PANEL = FieldRowPanel(
    [FieldPanel("contact_name"), FieldPanel("contact_email")], heading="Contact"
)


class SectionCalendarMixin(RoutablePageMixin):
    """A section whose curricula's offerings (public ones) make a calendar at calendar/."""

    @path("calendar/")
    def calendar(self, request: HttpRequest) -> HttpResponse:
        from catalog.calendar import calendar_response, offerings_in  # builds on the models

        return calendar_response(offerings_in(self, request), self.title, request)


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
        from catalog.calendar import upcoming_trainings  # builds on these models

        return upcoming_trainings(self, request)

    @path("calendar/<slug:discipline>/")
    def discipline_calendar(self, request: HttpRequest, discipline: str) -> HttpResponse:
        from catalog.calendar import calendar_response, offerings_in

        term = Discipline.objects.live().filter(slug=discipline).first()
        if term is None:
            raise Http404("No such discipline.")
        offerings = offerings_in(self, request).filter(curriculum__disciplines=term)
        return calendar_response(offerings, f"{self.title}: {term.name}", request)


class ChapterPage(SectionCalendarMixin, EntryIndexMixin, Page):
    """A state chapter of Children's Advocacy Centers, with its curricula, their upcoming
    offerings, its contact and its calendar (calendar/)."""

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

    def get_context(self, request, *args, **kwargs) -> dict:
        from catalog.calendar import offerings_in, upcoming

        context = super().get_context(request, *args, **kwargs)
        context["upcoming_offerings"] = upcoming(offerings_in(self, request, everyone=False))
        return context
