"""Search hits inside podcast transcripts: the moment to link to, and the words heard there."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.safestring import SafeString
from django.utils.text import Truncator

from catalog.search.highlight import highlighter, stem_pattern
from catalog.transcripts import Cue


@dataclass(frozen=True)
class Moment:
    second: int
    label: str  # 12:34
    text: SafeString  # the line, escaped, with the searched words marked


def attach_moments(entries: Iterable, words: list[str]) -> None:
    """Give each episode among `entries` whose transcript holds a searched word its first such
    line as `entry.moment`. The lines come with the results (`episode_cues`): no query here."""
    pattern, highlight = stem_pattern(words), highlighter(words)
    if pattern is None or highlight is None:
        return
    for entry in entries:
        for row in getattr(entry, "episode_cues", None) or ():
            cue = Cue.from_json(row)
            if pattern.search(cue.text):
                text = highlight(Truncator(cue.text).words(40))
                entry.moment = Moment(cue.second, cue.time_label, text)
                break
