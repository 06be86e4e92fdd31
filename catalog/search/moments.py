"""Search hits inside podcast transcripts: the moment to link to, and the words heard there."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.utils.safestring import SafeString
from django.utils.text import Truncator

from catalog.models import PodcastEpisodePage
from catalog.search.highlight import highlighter, stem_pattern
from catalog.transcripts import Cue


@dataclass(frozen=True)
class Moment:
    second: int
    label: str  # 12:34
    text: SafeString  # the line, escaped, with the searched words marked


def attach_moments(entries: list, words: list[str]) -> None:
    """Give each episode among `entries` whose transcript holds a searched word its first such
    line as `entry.moment`. One query for the whole page of results."""
    pattern, highlight = stem_pattern(words), highlighter(words)
    if pattern is None or highlight is None:
        return
    episode_type = ContentType.objects.get_for_model(PodcastEpisodePage).pk  # cached
    ids = [entry.pk for entry in entries if entry.content_type_id == episode_type]
    if not ids:
        return
    transcripts = dict(
        PodcastEpisodePage.objects.filter(pk__in=ids)
        .exclude(transcript="")
        .values_list("pk", "transcript_cues")
    )
    for entry in entries:
        for row in transcripts.get(entry.pk, ()):
            cue = Cue.from_json(row)
            if pattern.search(cue.text):
                text = highlight(Truncator(cue.text).words(40))
                entry.moment = Moment(cue.second, cue.time_label, text)
                break
