"""An offering's days and the links that add them to a web calendar (Google Calendar, Outlook):
plain links to each service's new-event form, filled in; nothing is asked of it until clicked."""

import datetime
from typing import NamedTuple
from urllib.parse import quote, urlencode

GOOGLE_CALENDAR = "https://calendar.google.com/calendar/render"
OUTLOOK = "https://outlook.live.com/calendar/0/action/compose"
OUTLOOK_TIME = "%Y-%m-%dT%H:%M:%SZ"
ONE_DAY = datetime.timedelta(days=1)


class OfferingDay(NamedTuple):
    """One day of an offering with that day's own hours: a calendar event, a web-calendar link."""

    number: int
    starts_at: datetime.datetime
    ends_at: datetime.datetime

    @property
    def date(self) -> datetime.date:
        return self.starts_at.date()  # the offering's own date (templates would convert)


class WebCalendar(NamedTuple):
    """A web calendar's "new event" form, filled in: one link for the whole offering, or (when
    the service cannot repeat the event honestly) one link per day."""

    name: str
    links: list[tuple[OfferingDay, str]]

    @property
    def per_day(self) -> bool:
        return len(self.links) > 1

    @property
    def url(self) -> str:
        return self.links[0][1]


def agenda_hours(agenda) -> list[tuple[datetime.time, datetime.time] | None]:
    """Each agenda day's first session start and last session end (None: no timed session),
    from its stored data: no query (the blocks would look up each session's disciplines)."""
    hours = []
    for day in agenda.raw_data:
        sessions = [item.get("value", item) for item in day["value"]["sessions"]]  # or bare
        timed = [(s["start"], s["end"]) for s in sessions if s.get("start") and s.get("end")]
        times = [datetime.time.fromisoformat(str(time)) for pair in timed for time in pair]
        hours.append((min(times[::2]), max(times[1::2])) if times else None)
    return hours


def utc(moment: datetime.datetime, form: str = "%Y%m%dT%H%M%SZ") -> str:
    """A moment in UTC as a web calendar's form takes it (Google's by default)."""
    return moment.astimezone(datetime.UTC).strftime(form)


def google_calendar_url(offering, day: OfferingDay, details: str, repeat: int = 1) -> str:
    """Google Calendar's new-event form; `repeat` days in a row, all alike, as one event."""
    query = {
        "action": "TEMPLATE",
        "text": offering.event_title(day, repeated=repeat > 1),
        "dates": f"{utc(day.starts_at)}/{utc(day.ends_at)}",
        "ctz": offering.time_zone,  # repeats, and shows, in the offering's zone
        "details": details,
        "location": offering.location,
    }
    if repeat > 1:
        query["recur"] = f"RRULE:FREQ=DAILY;COUNT={repeat}"
    return f"{GOOGLE_CALENDAR}?{urlencode(query, safe='/', quote_via=quote)}"


def outlook_url(offering, day: OfferingDay, details: str) -> str:
    """Outlook on the web's new-event form (it cannot repeat an event: one day)."""
    query = {
        "subject": offering.event_title(day),
        "startdt": utc(day.starts_at, OUTLOOK_TIME),
        "enddt": utc(day.ends_at, OUTLOOK_TIME),
        "body": details,
        "location": offering.location,
    }
    return f"{OUTLOOK}?{urlencode(query, safe='/', quote_via=quote)}"
