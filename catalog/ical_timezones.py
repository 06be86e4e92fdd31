"""VTIMEZONE blocks that every calendar reader tested agrees on (icalendar, vobject, ical.js).

icalendar's own `add_missing_timezones` lists each kind of change of clocks as a DTSTART and one
many-dated RDATE: vobject and Mozilla's ical.js (Thunderbird) read only its first date, and
ical.js ignores the DTSTART beside an RDATE (lib/ical/timezone.js), so summer trainings came out
an hour late. Here each change of clocks in the years the events span is its own observance.
"""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Timezone, TimezoneDaylight, TimezoneStandard

TIMES = ("DTSTART", "DTEND")
EARLIEST_YEAR, LATEST_YEAR, MAX_YEARS = 1970, 9000, 20


def clock_changes(zone: ZoneInfo, start: datetime.datetime, end: datetime.datetime) -> list:
    """When (UTC, to the minute) `zone`'s clocks change from `start` to `end`: day by day."""

    def offset(moment: datetime.datetime) -> datetime.timedelta | None:
        return moment.astimezone(zone).utcoffset()

    changes, day = [], datetime.timedelta(days=1)
    for low in (start + n * day for n in range((end - start).days)):
        high = low + day
        while offset(low) != offset(high) and high - low > datetime.timedelta(minutes=1):
            middle = low + (high - low) / 2
            low, high = (middle, high) if offset(middle) == offset(low) else (low, middle)
        if offset(low) != offset(high):
            changes.append(high.replace(second=0, microsecond=0))
    return changes


def timezone_definition(name: str, first: datetime.date, last: datetime.date) -> Timezone:
    """The VTIMEZONE of zone `name` over the years first..last: an observance for January 1,
    then one per change of clocks, each with its DTSTART alone (RFC 5545's onset, the local
    time before the change). icalendar's own lists each kind of change as a DTSTART and one
    many-dated RDATE: vobject and Mozilla's ical.js (Thunderbird) read only its first date,
    and ical.js ignores the DTSTART beside an RDATE (lib/ical/timezone.js), so summer times
    came out an hour off. A zone without summer time is one STANDARD observance."""
    zone, utc = ZoneInfo(name), datetime.UTC
    # A typo'd year (3000, 9999) may not cost seconds or overflow: at most MAX_YEARS are
    # written; a reader carries the last observance on past them.
    first_year = min(max(first.year, EARLIEST_YEAR), LATEST_YEAR)
    last_year = min(max(last.year, first_year), first_year + MAX_YEARS - 1, LATEST_YEAR)
    start = datetime.datetime(first_year, 1, 1, tzinfo=zone).astimezone(utc)
    end = datetime.datetime(last_year + 1, 1, 1, tzinfo=zone).astimezone(utc)
    definition = Timezone()
    definition.add("tzid", name)
    previous = start.astimezone(zone).utcoffset()
    for change in [start, *clock_changes(zone, start, end)]:
        local = change.astimezone(zone)
        observance = TimezoneDaylight() if local.dst() else TimezoneStandard()
        observance.add("dtstart", (change + previous).replace(tzinfo=None))
        observance.add("tzoffsetfrom", previous)
        observance.add("tzoffsetto", local.utcoffset())
        observance.add("tzname", local.tzname())
        definition.add_component(observance)
        previous = local.utcoffset()
    return definition


def add_timezones(calendar: Calendar) -> None:
    """The VTIMEZONE of each zone the events' times are in, over the years they span. With
    no event, the site's zone (TIME_ZONE): RFC 5545 wants at least one component, and a
    VTIMEZONE is one (`component` includes `timezonec`); unlike a placeholder event it puts
    nothing in anyone's calendar, and icalendar, vobject and ical.js all accept it."""
    moments = [event.decoded(name) for event in calendar.walk("VEVENT") for name in TIMES]
    zones = {moment.tzinfo.key for moment in moments} or {settings.TIME_ZONE}
    dates = [moment.date() for moment in moments] or [timezone.localdate()]
    for name in sorted(zones):
        calendar.add_component(timezone_definition(name, min(dates), max(dates)))
