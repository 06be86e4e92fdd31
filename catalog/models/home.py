"""The home page: where each kind of visitor finds their way in."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from catalog.blocks import BodyBlock
from catalog.models.page_views import context_from_above
from catalog.models.standard import StandardPage
from catalog.models.taxonomy import Audience, Discipline
from catalog.privacy import visibility_for

PURPOSE = "Find the training and resources your team needs to serve exploited children."


class HomePage(Page):
    """The site's front page: browse by discipline or audience, the latest entries, sections."""

    purpose = models.CharField(
        max_length=160,
        default=PURPOSE,
        help_text="The page's main heading: what the site is for, in one short sentence. The "
        "header already shows the site's name; do not repeat it.",
    )
    lede = models.TextField(
        help_text="One or two sentences under the heading saying what the catalog offers; also "
        "the home page's description in link previews when the SEO description is empty.",
    )

    body = StreamField(
        BodyBlock(),
        blank=True,
        help_text="Optional figures or text under the latest entries, such as a chart from a "
        "census.",
    )

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "catalog.ToolkitPage",
        "catalog.ChapterIndexPage",
        "catalog.PodcastPage",
        "catalog.StandardPage",
    ]

    content_panels = [
        *Page.content_panels,
        FieldPanel("purpose"),
        FieldPanel("lede"),
        FieldPanel("body"),
    ]

    class Meta:
        verbose_name = "home page"

    def get_context(self, request, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        # The catalog's sections; standard pages (About, Privacy…) are in the footer instead.
        children = self.get_children().not_type(StandardPage)
        context["sections"] = visibility_for(request).apply(children).specific()
        context["disciplines"] = Discipline.objects.live()
        context["audiences"] = Audience.objects.live()
        # `latest_entries`, and the site's `structured_data`.
        context.update(context_from_above("home", self, request))
        return context
