"""The alliance's podcast show (its episodes: catalog.models.episodes)."""

import re
import uuid

from django.db import models
from django.db.models import F
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail.signals import page_published

from catalog.models.choices import Language, PodcastCategory
from catalog.models.mixins import EntryIndexMixin
from catalog.models.page_views import context_from_above, response_from_above
from catalog.running_time import running_time

# The Podcasting 2.0 namespace's own UUID, from which every podcast:guid is derived (UUIDv5).
PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")


def guid_for_feed(feed_url: str) -> uuid.UUID:
    """The podcast:guid of a feed at `feed_url`, as the Podcasting 2.0 namespace defines it:
    UUIDv5 of the address without its scheme and trailing slashes (the feed, catalog.feeds,
    names the guid a show stores)."""
    name = re.sub(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", "", feed_url).rstrip("/")
    return uuid.uuid5(PODCAST_GUID_NAMESPACE, name)


class PodcastPage(RoutablePageMixin, EntryIndexMixin, Page):
    """A podcast show, e.g. One in Ten; its episodes are its children, its feed is at feed/."""

    description = models.TextField(
        help_text="What the show is about, in plain text: podcast apps show it too."
    )
    author = models.CharField(
        max_length=200,
        default="National Children's Alliance",
        help_text="Who makes the show, as podcast apps name it.",
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Square cover art, 1400 to 3000 pixels wide, JPEG or PNG, for podcast apps. "
        "Without one, the feed offers the catalog's own cover.",
    )
    category = models.CharField(
        max_length=40,
        choices=PodcastCategory.choices,
        default=PodcastCategory.EDUCATION,
        help_text="Where podcast directories list the show.",
    )
    explicit = models.BooleanField(
        default=False, help_text="Tick if episodes contain explicit language or descriptions."
    )
    language = models.CharField(
        max_length=8,
        choices=Language.choices,
        default=Language.ENGLISH,
        help_text="The language the show is in, as podcast apps list it.",
    )
    owner_name = models.CharField(
        max_length=200,
        default="National Children's Alliance",
        help_text="Who podcast directories contact about the show.",
    )
    owner_email = models.EmailField(
        help_text="Directories (Apple Podcasts first) send verification mail here; it appears "
        "in the feed. Required to publish the show."
    )
    podcast_guid = models.UUIDField(
        "podcast GUID",
        null=True,
        blank=True,
        editable=False,
        help_text="The show's permanent identity for podcast apps (podcast:guid): set from the "
        "feed's address when the show is first published, and kept after.",
    )
    feed_locked = models.BooleanField(
        "locked against moving",
        default=True,
        help_text="Ask podcast directories not to let anyone but the owner's email move the "
        "show elsewhere (podcast:locked). Untick only while moving the show to another host.",
    )

    parent_page_types = ["catalog.HomePage"]
    subpage_types = ["catalog.PodcastEpisodePage"]
    teaser_field = "description"
    exclude_fields_in_copy = ["podcast_guid"]  # a copy is another show, with its own feed

    content_panels = [
        *Page.content_panels,
        FieldPanel("description"),
        FieldPanel("author"),
        MultiFieldPanel(
            [
                FieldPanel("cover_image"),
                FieldRowPanel([FieldPanel("category"), FieldPanel("language")]),
                FieldPanel("explicit"),
                FieldRowPanel([FieldPanel("owner_name"), FieldPanel("owner_email")]),
                FieldPanel("feed_locked"),
            ],
            heading="Podcast apps and directories",
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("description")]

    class Meta:
        verbose_name = "podcast"

    def with_content_json(self, content: dict) -> "PodcastPage":
        """A revision as a page, with the show's stored podcast:guid: revisions saved before it
        was set carry none, and publishing one must not clear (or change) it."""
        page = super().with_content_json(content)
        page.podcast_guid = self.podcast_guid
        return page

    def listed_entries(self, visible: PageQuerySet) -> PageQuerySet:
        # Each episode's length, read in the listing's own query.
        entries = super().listed_entries(visible)
        return entries.annotate(episode_duration=F("podcastepisodepage__duration"))

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        context.update(context_from_above("podcast", self, request))  # its structured_data
        for entry in context["entries"].object_list:
            entry.running_time = running_time(entry.episode_duration)
        return context

    @path("feed/")
    def feed(self, request: HttpRequest) -> HttpResponse:
        """The show's RSS feed: public, live episodes only, whoever asks."""
        return response_from_above("podcast_feed", self, request)


@receiver(page_published, sender=PodcastPage)
def store_the_show_guid(sender, instance: PodcastPage, **kwargs) -> None:
    """Give a show its podcast:guid when it is first published (or, for a show published before
    the field existed, at its next publication), from the feed's address then; kept after, even
    if the address changes. The address is on the Site's root URL, the one catalog.addresses
    gives (a publication has no request to ask it with)."""
    show_address = instance.get_full_url()
    if instance.podcast_guid is not None or show_address is None:  # None: under no site
        return
    instance.podcast_guid = guid_for_feed(show_address + instance.reverse_subpage("feed"))
    unset = PodcastPage.objects.filter(pk=instance.pk, podcast_guid=None)
    unset.update(podcast_guid=instance.podcast_guid)
