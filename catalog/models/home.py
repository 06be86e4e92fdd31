"""The home page: where each kind of visitor finds their way in."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from catalog.models.taxonomy import Audience, Discipline
from catalog.privacy import visibility_for


class HomePage(Page):
    """The site's front page: browse by discipline or audience, the latest entries, sections."""

    lede = models.TextField(
        help_text="One or two sentences under the site name saying what the catalog offers.",
    )

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["catalog.ToolkitPage", "catalog.ChapterIndexPage", "catalog.PodcastPage"]

    content_panels = [*Page.content_panels, FieldPanel("lede")]

    class Meta:
        verbose_name = "home page"

    def get_context(self, request, *args, **kwargs) -> dict:
        # Imported here: the listing pipeline builds on the models.
        from catalog.listing import latest_entries

        context = super().get_context(request, *args, **kwargs)
        context["sections"] = visibility_for(request).apply(self.get_children()).specific()
        context["disciplines"] = Discipline.objects.live()
        context["audiences"] = Audience.objects.live()
        context["latest_entries"] = latest_entries(request)
        return context
