"""Every calendar the demo produces, as calendar apps read it.

Each calendar is read with icalendar (its time zones taken from the calendar's own VTIMEZONE
blocks, not from icalendar's database) and with vobject, and every event's UTC start and end
must be what the offering says: its wall-clock times in its own zone, day by day. The demo's
offerings are in the server's zone and in winter, so offerings in summer time, in other zones
(with and without summer time) and over a change of clocks are added. tests/browser/
test_icaljs.py checks the same calendars with Mozilla's ical.js (Thunderbird's reader).
"""

import datetime
from collections.abc import Callable
from zoneinfo import ZoneInfo

import pytest
import vobject
from django.conf import settings
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from catalog.models import (
    ChapterIndexPage,
    ChapterPage,
    CurriculumOffering,
    CurriculumPage,
    Discipline,
)
from tests import factories

UTC = datetime.UTC
Times = dict[str, tuple[datetime.datetime, datetime.datetime]]  # UID -> UTC start and end


@pytest.fixture(autouse=True)
def _demo_loaded(demo_for_module, db):
    """Every test sees the demo (and none sees another test's additions)."""


def next_year(month: int, day: int) -> datetime.date:
    return datetime.date(timezone.localdate().year + 1, month, day)


def summer_time_starts(year: int) -> datetime.date:
    """The second Sunday of March: the United States' clocks go forward that night."""
    first = datetime.date(year, 3, 1)
    return first + datetime.timedelta(days=(6 - first.weekday()) % 7 + 7)


def add_offerings_the_demo_lacks() -> dict[str, CurriculumOffering]:
    """Summer offerings in Chicago (over two days), Los Angeles, Phoenix and Honolulu, and a
    two-day Eastern offering whose second day is the first of summer time."""
    two_days = CurriculumPage.objects.get(slug="survivor-led-two-day-training")
    one_day = CurriculumPage.objects.get(slug="advocates-and-therapists")
    change = summer_time_starts(timezone.localdate().year + 1)

    def offering(curriculum, start: datetime.date, zone: str, days: int = 1):
        last = start + datetime.timedelta(days=days - 1) if days > 1 else None
        return factories.offering(
            curriculum, start_date=start, end_date=last, time_zone=zone, venue="Sample venue"
        )

    return {
        "chicago": offering(two_days, next_year(7, 13), "America/Chicago", days=2),
        "los angeles": offering(one_day, next_year(6, 22), "America/Los_Angeles"),
        "phoenix": offering(one_day, next_year(7, 1), "America/Phoenix"),
        "honolulu": offering(one_day, next_year(8, 3), "Pacific/Honolulu"),
        "clock change": offering(
            two_days, change - datetime.timedelta(days=1), "America/New_York", days=2
        ),
    }


def expected_times(offering: CurriculumOffering) -> Times:
    """Each day's UID and UTC times, worked out here: over several days, day N's hours are the
    agenda's day N first session start and last session end, else the offering's."""
    days = ((offering.end_date or offering.start_date) - offering.start_date).days + 1
    agenda = list(offering.curriculum.agenda) if days > 1 else []
    times = {}
    for index in range(days):
        date = offering.start_date + datetime.timedelta(days=index)
        start, end = offering.start_time, offering.end_time
        sessions = agenda[index].value["sessions"] if index < len(agenda) else []
        timed = [session for session in sessions if session["start"]]
        if timed:
            start, end = timed[0]["start"], timed[-1]["end"]
        suffix = f"-day{index + 1}" if index else ""
        uid = f"{offering.key}{suffix}@training-catalog.cac"
        zone = ZoneInfo(offering.time_zone)
        times[uid] = tuple(
            datetime.datetime.combine(date, time, tzinfo=zone).astimezone(UTC)
            for time in (start, end)
        )
    return times


def in_feed(offering: CurriculumOffering) -> bool:
    """A subscribed calendar lists what ends CATALOG_CALENDAR_PAST_DAYS ago or later."""
    since = timezone.localdate() - datetime.timedelta(days=settings.CATALOG_CALENDAR_PAST_DAYS)
    return (offering.end_date or offering.start_date) >= since


def calendar_addresses() -> dict[str, list[CurriculumOffering]]:
    """Every calendar an anonymous visitor can get, with the offerings it lists: the trainings
    index's, each discipline's, each chapter's, each curriculum's and each offering's file."""
    index = ChapterIndexPage.objects.live().get()
    curricula = CurriculumPage.objects.live().public().order_by("path")
    public = CurriculumOffering.objects.filter(curriculum__in=curricula).select_related(
        "curriculum"
    )
    feeds = {f"{index.url}calendar/": list(public)}
    for term in Discipline.objects.live():
        listed = public.filter(curriculum__disciplines=term)
        feeds[f"{index.url}calendar/{term.slug}/"] = list(listed)
    for chapter in ChapterPage.objects.live().public():
        listed = [o for o in public if o.curriculum.path.startswith(chapter.path)]
        feeds[f"{chapter.url}calendar/"] = listed
    files = {}
    for curriculum in curricula:
        listed = [o for o in public if o.curriculum_id == curriculum.pk]
        feeds[f"{curriculum.url}calendar/"] = listed
        files.update({f"{curriculum.url}calendar/{o.key}/": [o] for o in listed})
    feeds = {url: [o for o in listed if in_feed(o)] for url, listed in feeds.items()}
    return feeds | files


def read_with_icalendar(content: bytes) -> Times:
    """icalendar, with each zone as the calendar's own VTIMEZONE defines it."""
    calendar = Calendar.from_ical(content)
    zones = {str(block["TZID"]): block.to_tz(lookup_tzid=False) for block in calendar.walk()
             if block.name == "VTIMEZONE"}  # fmt: skip
    return {
        str(event["UID"]): tuple(
            event[name].dt.replace(tzinfo=zones[event[name].params["TZID"]]).astimezone(UTC)
            for name in ("DTSTART", "DTEND")
        )
        for event in calendar.walk("VEVENT")
    }


# vobject keeps the first VTIMEZONE it reads for each TZID for the rest of the process, in
# vobject.icalendar's module-level registry: a calendar read after another naming the same zone
# would get that other's transitions (an hour off once the earlier one's years run out), so the
# result hung on test order. Each read starts from the registry as it was when this module was
# collected, before any test ran, as an app opening one file would. A private name, so the
# lookup below fails loudly if vobject renames it.
VOBJECT_ZONES: dict = vars(vobject.icalendar)["__tzidMap"]
VOBJECT_ZONES_AT_START = dict(VOBJECT_ZONES)


def vobject_read(content: bytes) -> vobject.base.Component:
    """The calendar as vobject reads it in a process that has read no other calendar."""
    VOBJECT_ZONES.clear()
    VOBJECT_ZONES.update(VOBJECT_ZONES_AT_START)
    return vobject.readOne(content.decode())


def read_with_vobject(content: bytes) -> Times:
    calendar = vobject_read(content)
    return {
        event.uid.value: (event.dtstart.value.astimezone(UTC), event.dtend.value.astimezone(UTC))
        for event in calendar.contents.get("vevent", [])
    }


def at(date: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(date, datetime.time(hour), tzinfo=UTC)


READERS: dict[str, Callable[[bytes], Times]] = {
    "icalendar": read_with_icalendar,
    "vobject": read_with_vobject,
}


@pytest.mark.parametrize("reader", READERS)
def test_every_event_of_every_calendar_is_at_the_offerings_own_time(reader):
    added = add_offerings_the_demo_lacks()
    client = Client()
    checked: set[str] = set()
    for url, listed in calendar_addresses().items():
        response = client.get(url)
        assert response.status_code == 200, url
        expected = {uid: times for o in listed for uid, times in expected_times(o).items()}
        assert READERS[reader](response.content) == expected, url
        checked |= set(expected)
    for offering in added.values():  # summer time, other zones, a change of clocks: all read
        assert set(expected_times(offering)) <= checked


@pytest.mark.parametrize("reader", READERS)
def test_a_two_day_offering_is_two_events_with_the_agendas_hours(reader):
    """The demo's two-day agenda runs 9:00 to 16:00 each day (whatever the offering's own
    times say): two events of those hours, not one of 32 hours; on the night the clocks go
    forward, the second day starts an hour earlier in UTC."""
    added = add_offerings_the_demo_lacks()
    client = Client()
    summer, change = added["chicago"], added["clock change"]
    curriculum = summer.curriculum
    events = READERS[reader](client.get(f"{curriculum.url}calendar/{summer.key}/").content)
    first, second = next_year(7, 13), next_year(7, 14)
    assert events == {
        f"{summer.key}@training-catalog.cac": (at(first, 14), at(first, 21)),  # 9:00 CDT
        f"{summer.key}-day2@training-catalog.cac": (at(second, 14), at(second, 21)),
    }
    events = READERS[reader](client.get(f"{curriculum.url}calendar/{change.key}/").content)
    saturday, sunday = change.start_date, change.end_date
    assert sorted(events.values()) == [
        (at(saturday, 14), at(saturday, 21)),  # 9:00 to 16:00 EST
        (at(sunday, 13), at(sunday, 20)),  # 9:00 to 16:00 EDT
    ]


def test_a_discipline_without_offerings_has_a_valid_calendar():
    """RFC 5545 wants at least one component: the site's time zone, and no event."""
    term = Discipline.objects.get(slug="cac-leadership")
    assert not CurriculumPage.objects.filter(disciplines=term).exists()  # no offering
    index = ChapterIndexPage.objects.live().get()
    content = Client().get(f"{index.url}calendar/cac-leadership/").content
    calendar = Calendar.from_ical(content)
    assert [component.name for component in calendar.subcomponents] == ["VTIMEZONE"]
    assert str(calendar.subcomponents[0]["TZID"]) == settings.TIME_ZONE
    assert calendar.subcomponents[0].to_tz(lookup_tzid=False) is not None
    parsed = vobject_read(content)
    assert set(parsed.contents) >= {"vtimezone"} and "vevent" not in parsed.contents
