"""Podcast episodes in a file: one row per episode of a show.

Columns: parent (the show, by slug or title), slug, title, summary, season, episode_number,
episode_type, audio_url (the hosted audio's address), audio_length_bytes (its size: podcast apps
need it), duration (0:42:10), guests (one a line: "Name | role | link"), publication_date,
language, disciplines, audiences, topics.

An episode's uploaded audio file, show notes and transcript are edited in the admin: the
transcript is WebVTT or SRT text kept in the page (with its timed lines), not a file at an
address, so a file cannot bring one. An episode whose audio is an uploaded file exports an empty
audio_url, and a row may not give it one (an episode has an uploaded file or a hosted URL).
"""

from wagtail.models import Page

from catalog.importing.columns import (
    SEPARATOR,
    Column,
    ColumnError,
    Value,
    Vocabulary,
    cell_for_message,
)
from catalog.importing.field_columns import TextColumn, field_column
from catalog.importing.files import Row
from catalog.importing.kinds import Example, Kind, entry_columns
from catalog.models import EpisodeGuest, PodcastEpisodePage, PodcastPage

GUEST_FIELDS = ("name", "role", "link")
GUEST_COLUMNS = [TextColumn(EpisodeGuest, name, f"guests: {name}") for name in GUEST_FIELDS]


class GuestsColumn(Column):
    """An episode's guests, one a line: "Name | role | link" (role and link may be left out)."""

    def parse(self, cell: str, vocabulary: Vocabulary) -> Value:
        guests = []
        for line in cell.splitlines():
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split(SEPARATOR)]
            if len(parts) > len(GUEST_FIELDS) or not parts[0]:
                raise ColumnError(f"guests, “{cell_for_message(line.strip())}”: a guest is "
                                  "“name | role | link”, the name first")  # fmt: skip
            parts += [""] * (len(GUEST_FIELDS) - len(parts))
            for column, part in zip(GUEST_COLUMNS, parts, strict=True):
                if part:
                    column.convert(part)  # a ColumnError if too long, or not a web address
            guests.append(tuple(parts))
        return guests

    def stored(self, content: dict) -> Value:
        return [
            tuple(guest.get(name) or "" for name in GUEST_FIELDS)
            for guest in content.get(self.field) or []
        ]

    def text(self, content: dict, vocabulary: Vocabulary) -> str:
        lines = []
        for guest in self.stored(content):
            parts = list(guest)
            while parts and parts[-1] == "":
                parts.pop()
            lines.append(f" {SEPARATOR} ".join(parts))
        return "\n".join(lines)

    def apply(self, page: Page, value: Value) -> None:
        page.guests = [
            EpisodeGuest(sort_order=order, **dict(zip(GUEST_FIELDS, guest, strict=True)))
            for order, guest in enumerate(value)
        ]


def example(values: Example) -> dict[str, str]:
    return {
        "parent": values.parent,
        "slug": "sample-screening-every-referral",
        "title": "Sample: Screening every referral, a year on",
        "summary": "Two CACs that began screening every referral for exploitation talk about "
        "what they found in the first year and what they would do differently.",
        "season": "2",
        "episode_number": "3",
        "episode_type": "Full episode",
        "audio_url": "https://media.example.org/one-in-ten/sample-screening-every-referral.mp3",
        "audio_length_bytes": "28311552",
        "duration": "0:39:20",
        "guests": "Riley Chen (sample guest) | CAC intake coordinator\n"
        "Jordan Ellis (sample guest) | Forensic interviewer | https://www.example.org/",
        "publication_date": "2021-01-01",
        "language": "English",
        **values.every_vocabulary(),
    }


def rules(row: Row, content: dict, vocabulary: Vocabulary) -> list[str]:
    """Hosted audio needs its size, and an episode has uploaded audio or hosted audio, not both
    (PodcastEpisodePage.clean)."""
    fields = row.fields
    audio_url = fields["audio_url"] if "audio_url" in fields else content.get("audio_url")
    if not audio_url:
        return []
    if fields.get("audio_url") and content.get("audio_file"):
        return [
            "audio_url: this episode has an uploaded audio file, and an episode has a file or "
            "a hosted URL, not both; leave audio_url empty or remove the file in the admin"
        ]
    size = fields.get("audio_length_bytes", content.get("audio_length_bytes"))
    if not size:
        return ["audio_length_bytes is empty: podcast apps need the hosted audio's size in bytes"]
    return []


EPISODES = Kind(
    name="episodes",
    model=PodcastEpisodePage,
    parent_model=PodcastPage,
    parent_noun=("show", "shows"),
    counted_as=("%(count)s podcast episode", "%(count)s podcast episodes"),
    columns=entry_columns(
        PodcastEpisodePage,
        [
            field_column(PodcastEpisodePage, "season"),
            field_column(PodcastEpisodePage, "episode_number"),
            field_column(PodcastEpisodePage, "episode_type"),
            field_column(PodcastEpisodePage, "audio_url"),
            field_column(PodcastEpisodePage, "audio_length_bytes"),
            field_column(PodcastEpisodePage, "duration"),
            GuestsColumn(PodcastEpisodePage, "guests"),
        ],
    ),
    example=example,
    rules=rules,
    notes=(
        "audio_url: the address of the audio at the podcast host, with audio_length_bytes, its "
        "size; duration as hours:minutes:seconds (0:42:10).",
        "guests: one a line, “Name | role | link” (the role and link may be left out).",
        "An uploaded audio file, the show notes and the transcript (WebVTT or SRT, uploaded on "
        "the episode's page) are edited in the admin, and an import leaves them as they are.",
    ),
)
