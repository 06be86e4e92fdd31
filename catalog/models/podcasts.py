"""The alliance's podcast: the show and its episodes."""

from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from catalog.models.base import RICH_TEXT_FEATURES, CatalogEntryPage
from catalog.models.mixins import EntryIndexMixin

AUDIO_TYPES = {"mp3": "audio/mpeg", "m4a": "audio/mp4"}


class PodcastPage(EntryIndexMixin, Page):
    """A podcast show, e.g. One in Ten; its episodes are its children."""

    description = models.TextField(
        help_text="What the show is about, in plain text: podcast apps show it too."
    )
    author = models.CharField(
        max_length=200,
        default="National Children's Alliance",
        help_text="Who makes the show, as podcast apps name it.",
    )

    parent_page_types = ["catalog.HomePage"]
    subpage_types = ["catalog.PodcastEpisodePage"]
    teaser_field = "description"

    content_panels = [*Page.content_panels, FieldPanel("description"), FieldPanel("author")]
    search_fields = [*Page.search_fields, index.SearchField("description")]

    class Meta:
        verbose_name = "podcast"


class PodcastEpisodePage(CatalogEntryPage):
    """One episode: its audio, show notes and guests. The publication date is its air date."""

    season = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Season number, if the show has seasons."
    )
    episode_number = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Episode number within the season (or the show)."
    )
    audio_file = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The episode's MP3 or M4A file. Give a file or a hosted URL, not both.",
    )
    audio_url = models.URLField(
        "hosted audio URL",
        max_length=500,
        blank=True,
        help_text="The audio file's address at the podcast host, if it is not uploaded here.",
    )
    audio_length_bytes = models.PositiveBigIntegerField(
        "audio size in bytes",
        null=True,
        blank=True,
        help_text="Size of the hosted audio file; podcast apps need it. Not needed for uploads.",
    )
    duration = models.DurationField(
        null=True, blank=True, help_text="Running time as hours:minutes:seconds, e.g. 0:42:10."
    )
    show_notes = RichTextField(
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text="What the episode covers, with links to what it mentions.",
    )

    parent_page_types = ["catalog.PodcastPage"]

    content_panels = [
        *CatalogEntryPage.content_panels,
        FieldRowPanel([FieldPanel("season"), FieldPanel("episode_number")], heading="Numbering"),
        MultiFieldPanel(
            [
                FieldPanel("audio_file"),
                FieldPanel("audio_url"),
                FieldRowPanel([FieldPanel("audio_length_bytes"), FieldPanel("duration")]),
            ],
            heading="Audio",
        ),
        FieldPanel("show_notes"),
        InlinePanel("guests", heading="Guests", label="Guest"),
        *CatalogEntryPage.tag_panels,
    ]
    search_fields = [
        *CatalogEntryPage.search_fields,
        index.SearchField("show_notes"),
        index.RelatedFields("guests", [index.SearchField("name"), index.SearchField("role")]),
        index.FilterField("season"),
    ]

    class Meta:
        verbose_name = "podcast episode"

    def clean(self) -> None:
        super().clean()
        if self.audio_file_id and self.audio_url:
            message = "Give either an uploaded audio file or a hosted URL, not both."
            raise ValidationError({"audio_file": message, "audio_url": message})
        if self.audio_file and self.audio_file.file_extension.lower() not in AUDIO_TYPES:
            raise ValidationError({"audio_file": "Choose an MP3 or M4A audio file."})

    @property
    def duration_label(self) -> str:
        """The running time as people say it: “30 s”, “42 min”, “1 h 5 min”."""
        if self.duration is None:
            return ""
        seconds = round(self.duration.total_seconds())
        if seconds < 60:
            return f"{seconds} s"
        hours, minutes = divmod(round(seconds / 60), 60)
        return f"{hours} h {minutes} min" if hours else f"{minutes} min"

    @property
    def audio_src(self) -> str:
        """Where the player fetches the audio from."""
        return self.audio_file.url if self.audio_file else self.audio_url

    @property
    def audio_type(self) -> str:
        """The audio's MIME type, from its file extension."""
        extension = self.audio_src.rsplit(".", 1)[-1].lower() if self.audio_src else ""
        return AUDIO_TYPES.get(extension, "audio/mpeg")

    @property
    def audio_size(self) -> int | None:
        """The audio's size in bytes: measured for uploads, as entered for hosted files."""
        return self.audio_file.file_size if self.audio_file else self.audio_length_bytes


class EpisodeGuest(Orderable):
    """A guest on an episode: who they are and where to find them."""

    episode = ParentalKey(PodcastEpisodePage, on_delete=models.CASCADE, related_name="guests")
    name = models.CharField(max_length=200, help_text="The guest's name.")
    role = models.CharField(
        max_length=200, blank=True, help_text="Their role, e.g. “Forensic interviewer, CAC of X”."
    )
    link = models.URLField(blank=True, help_text="A page about them or their organisation.")

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("link")]

    def __str__(self) -> str:
        return self.name
