"""Uploaded episode audio: its running time, read from the file's own headers.

Only the parts of the file that mutagen reads are fetched (catalog.object_files): in a bucket,
a few ranged requests instead of downloading the whole episode.
"""

import datetime

import mutagen

from catalog.object_files import open_for_reading


def audio_duration(document) -> datetime.timedelta | None:
    """An uploaded audio file's running time, read from its headers; None if unreadable."""
    try:
        with open_for_reading(document.file) as file:
            audio = mutagen.File(file)
    except (mutagen.MutagenError, OSError, ValueError):
        return None
    if audio is None or not getattr(audio.info, "length", 0):
        return None
    return datetime.timedelta(seconds=round(audio.info.length))
