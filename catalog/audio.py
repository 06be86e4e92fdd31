"""Uploaded episode audio: its running time, read from the file's own headers."""

import datetime

import mutagen


def audio_duration(document) -> datetime.timedelta | None:
    """An uploaded audio file's running time, read from its headers; None if unreadable."""
    try:
        with document.file.open("rb") as file:
            audio = mutagen.File(file)
    except (mutagen.MutagenError, OSError, ValueError):
        return None
    if audio is None or not getattr(audio.info, "length", 0):
        return None
    return datetime.timedelta(seconds=round(audio.info.length))
