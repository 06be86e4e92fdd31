"""An episode's running time as people say it (“24 min”) and as machines read it (PT24M)."""

from datetime import timedelta
from typing import NamedTuple


def iso_duration(seconds: int) -> str:
    """Seconds as an ISO 8601 duration, e.g. PT1H2M5S."""
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    parts = [f"{value}{unit}" for value, unit in ((hours, "H"), (minutes, "M")) if value]
    return "PT" + "".join(parts) + (f"{seconds}S" if seconds or not parts else "")


class RunningTime(NamedTuple):
    """A running time for the page: `label` to show, `iso` for `<time datetime>`; both say the
    same, rounded, length."""

    label: str
    iso: str


def running_time(duration: timedelta | None) -> RunningTime | None:
    """“30 s”, “42 min”, “1 h” or “1 h 5 min” (rounded to the minute from the first minute on);
    None for an unknown length."""
    if duration is None:
        return None
    seconds = round(duration.total_seconds())
    if seconds < 60:
        return RunningTime(f"{seconds} s", iso_duration(seconds))
    hours, minutes = divmod(round(seconds / 60), 60)
    parts = [f"{hours} h"] if hours else []
    if minutes or not hours:
        parts.append(f"{minutes} min")
    return RunningTime(" ".join(parts), iso_duration((hours * 60 + minutes) * 60))
