"""The podcast's episodes: audio, show notes, guests and the transcript."""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable
from wagtail.search import index

from catalog.audio import audio_duration
from catalog.forms import EpisodeForm
from catalog.models.base import RICH_TEXT_FEATURES, CatalogEntryPage
from catalog.models.choices import EpisodeType
from catalog.models.page_views import context_from_above, response_from_above
from catalog.models.podcasts import PodcastPage
from catalog.running_time import RunningTime, running_time
from catalog.search.index_budget import SearchablePart, searchable_part
from catalog.transcripts import Cue, TranscriptError, parse_transcript, turns

AUDIO_TYPES = {"mp3": "audio/mpeg", "m4a": "audio/mp4"}


class PodcastEpisodePage(RoutablePageMixin, CatalogEntryPage):
    """One episode: its audio, show notes, guests and transcript. Published = aired."""

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
        help_text="Size of the hosted audio file; podcast apps need it. Measured for uploads.",
    )
    duration = models.DurationField(
        null=True,
        blank=True,
        help_text="Running time as hours:minutes:seconds, e.g. 0:42:10. Measured from an "
        "uploaded file if left empty.",
    )
    episode_type = models.CharField(
        max_length=8,
        choices=EpisodeType.choices,
        default=EpisodeType.FULL,
        help_text="Podcast apps list trailers and bonus episodes apart from full episodes.",
    )
    show_notes = RichTextField(
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text="What the episode covers, with links to what it mentions.",
    )
    transcript = models.TextField(
        blank=True,
        help_text="The WebVTT or SRT transcript, pasted here or uploaded above. Speakers are "
        "read from voice tags such as <v Alex Morgan>.",
    )
    # The transcript's lines as parsed when it was saved: [start, end, speaker, text] each.
    transcript_cues = models.JSONField(default=list, blank=True, editable=False)

    parent_page_types = ["catalog.PodcastPage"]
    base_form_class = EpisodeForm

    content_panels = [
        *CatalogEntryPage.content_panels,
        FieldRowPanel(
            [FieldPanel("season"), FieldPanel("episode_number"), FieldPanel("episode_type")],
            heading="Numbering",
        ),
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
        MultiFieldPanel(
            [FieldPanel("transcript_file"), FieldPanel("transcript")], heading="Transcript"
        ),
        *CatalogEntryPage.tag_panels,
    ]
    search_fields = [
        *CatalogEntryPage.search_fields,
        index.SearchField("show_notes"),
        index.SearchField("transcript_text"),
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
        if self.audio_url and not self.audio_length_bytes:
            message = "Give the hosted file's size in bytes: podcast apps need it."
            raise ValidationError({"audio_length_bytes": message})
        if self.audio_file:
            self.audio_length_bytes = self.audio_file.get_file_size()
            if self.duration is None:
                self.duration = audio_duration(self.audio_file)
        if not self.transcript.strip():
            self.transcript = ""
        try:
            cues = parse_transcript(self.transcript) if self.transcript else []
        except TranscriptError as error:
            raise ValidationError({"transcript": str(error)}) from error
        self.transcript_cues = [cue.as_json() for cue in cues]

    def get_context(self, request: HttpRequest, *args, **kwargs) -> dict:
        context = super().get_context(request, *args, **kwargs)
        context["show"] = show = PodcastPage.objects.get(path=self.path[: -self.steplen])
        context.update(context_from_above("episode", self, request, show=show))  # its JSON-LD
        return context

    @property
    def cues(self) -> list[Cue]:
        return [Cue.from_json(row) for row in self.transcript_cues]

    @property
    def transcript_turns(self):
        """The transcript as it reads on the page: lines grouped by speaker."""
        return turns(self.cues)

    @property
    def searchable_transcript(self) -> SearchablePart:
        """The transcript's words that go into the search index: all of them, unless there are
        more distinct words than PostgreSQL's index holds (see catalog.search.index_budget)."""
        return searchable_part(" ".join(cue.text for cue in self.cues))

    def transcript_text(self) -> str:
        """The transcript's words, for the search index."""
        return self.searchable_transcript.text

    @property
    def transcript_search_warning(self) -> str:
        """What an editor should know if search reads only part of the transcript, else ""."""
        part = self.searchable_transcript
        if part.complete:
            return ""
        return (
            f"Only the first {part.words:,} of {part.total_words:,} words of the transcript are "
            "searchable: it has more distinct words than the search index holds for one "
            "episode. The page and the WebVTT file still show the whole transcript."
        )

    @path("transcript/")  # Wagtail's page URLs are words and slashes: no ".vtt"
    def transcript_vtt(self, request: HttpRequest) -> HttpResponse:
        """The transcript as WebVTT, for podcast apps (the feed links it) and players."""
        return response_from_above("transcript", self, request)

    @property
    def running_time(self) -> RunningTime | None:
        """The running time as people say it (“42 min”) and as machines read it (PT42M)."""
        return running_time(self.duration)

    @property
    def audio_src(self) -> str:
        """Where the player fetches the audio from."""
        return self.audio_file.url if self.audio_file else self.audio_url

    @property
    def audio_type(self) -> str:
        """The audio's MIME type, from its file extension."""
        extension = urlsplit(self.audio_src).path.rsplit(".", 1)[-1].lower()
        return AUDIO_TYPES.get(extension, "audio/mpeg")


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
