"""Training calendars (iCalendar): per curriculum, chapter, discipline and for all trainings."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.utils.crypto import salted_hmac
from icalendar import Calendar
from wagtail.models import Site

from catalog.calendar import offering_uid
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainings(home):
    """A chapter with a public, a members-only and a draft curriculum, each offered."""
    advocacy = factories.discipline("Victim advocacy", slug="victim-advocacy")
    medical = factories.discipline("Medical", slug="medical")
    index = factories.chapter_index()
    chapter = factories.chapter(index, title="CACs of Pennsylvania")
    other_chapter = factories.chapter(index, title="CACs of Ohio")
    public = factories.curriculum(chapter, title="Two-day training", disciplines=[advocacy])
    ohio = factories.curriculum(other_chapter, title="Ohio training", disciplines=[medical])
    private = factories.members_only(
        factories.curriculum(chapter, title="Members-only training", disciplines=[advocacy])
    )
    draft = factories.curriculum(chapter, title="Draft training", live=False)
    offerings = {
        "public": factories.offering(public, 10, time_zone="America/Chicago"),
        "cancelled": factories.offering(
            public, 40, status="cancelled", delivery_format="online", venue=""
        ),
        "ohio": factories.offering(ohio, 20),
        "private": factories.offering(private, 15),
        "draft": factories.offering(draft, 15),
    }
    return {"index": index, "chapter": chapter, "public": public, "offerings": offerings}


def read_calendar(client, url: str) -> Calendar:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def uids(calendar: Calendar) -> set[str]:
    return {str(event["UID"]) for event in calendar.walk("VEVENT")}


def uid(offering) -> str:
    return offering_uid(offering.pk)


def test_every_feed_lists_the_public_offerings_it_covers_and_nothing_private(
    client, member_client, trainings
):
    offerings, index = trainings["offerings"], trainings["index"]
    public = {uid(offerings["public"]), uid(offerings["cancelled"])}
    expected = {
        f"{trainings['public'].url}calendar/": public,
        f"{trainings['chapter'].url}calendar/": public,
        f"{index.url}calendar/": public | {uid(offerings["ohio"])},
        f"{index.url}calendar/victim-advocacy/": public,
        f"{index.url}calendar/medical/": {uid(offerings["ohio"])},
    }
    for visitor in (client, member_client):  # calendar apps do not sign in: members get the same
        for url, listed in expected.items():
            assert uids(read_calendar(visitor, url)) == listed, url


def test_times_are_in_the_offerings_own_zone_with_its_definition(client, trainings):
    offering = trainings["offerings"]["public"]
    calendar = read_calendar(client, f"{trainings['public'].url}calendar/")
    event = next(e for e in calendar.walk("VEVENT") if str(e["UID"]) == uid(offering))
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert start == datetime.datetime.combine(
        offering.start_date, datetime.time(9), tzinfo=ZoneInfo("America/Chicago")
    )
    assert end - start == datetime.timedelta(hours=7)
    assert event["DTSTART"].params["TZID"] == "America/Chicago"
    assert "America/Chicago" in {str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")}
    assert str(event["SUMMARY"]) == "Two-day training"
    assert str(event["LOCATION"]) == "Harrisburg, Pennsylvania"
    assert str(event["STATUS"]) == "CONFIRMED"
    site_address = Site.objects.get(is_default_site=True).root_url  # not the request's Host
    assert str(event["URL"]) == f"{site_address}{trainings['public'].url}"


def test_a_cancelled_offering_stays_in_the_feed_as_cancelled(client, trainings):
    cancelled = trainings["offerings"]["cancelled"]
    calendar = read_calendar(client, f"{trainings['public'].url}calendar/")
    event = next(e for e in calendar.walk("VEVENT") if str(e["UID"]) == uid(cancelled))
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["LOCATION"]) == "Online"


def test_uids_stay_the_same_when_the_curriculum_is_edited(client, trainings):
    url = f"{trainings['public'].url}calendar/"
    before = uids(read_calendar(client, url))
    page = trainings["public"]
    page.title = "Two-day training (revised)"
    page.save_revision().publish()
    assert uids(read_calendar(client, url)) == before


def test_add_to_calendar_downloads_one_offering(client, trainings):
    offering = trainings["offerings"]["public"]
    response = client.get(f"{trainings['public'].url}calendar/{offering.key}/")
    assert response["Content-Disposition"] == 'attachment; filename="two-day-training.ics"'
    assert uids(Calendar.from_ical(response.content)) == {uid(offering)}
    other = trainings["offerings"]["ohio"]
    assert client.get(f"{trainings['public'].url}calendar/{other.key}/").status_code == 404


def test_no_public_address_counts_offerings(client, trainings):
    """An offering is named by a keyed hash, never by its sequential id (hidden ones included)."""
    page, offering = trainings["public"], trainings["offerings"]["public"]
    assert client.get(f"{page.url}calendar/{offering.pk}/").status_code == 404
    html = client.get(page.url).content.decode()
    assert f"calendar/{offering.key}/" in html
    assert not re.search(r'href="/[^"]*calendar/\d+/', html)  # (Outlook's own has /calendar/0/)


def test_private_and_draft_curricula_calendars_are_not_served(client, trainings):
    private = trainings["offerings"]["private"].curriculum
    assert client.get(f"{private.url}calendar/").status_code == 302
    assert client.get(f"{trainings['index'].url}calendar/nothing-by-that-name/").status_code == 404


def test_text_with_commas_semicolons_and_newlines_is_escaped(client, home):
    page = factories.curriculum(
        title="Screening; interviews, and care\nfor teams", summary="A; b, c"
    )
    factories.offering(page, 5, venue="Room 1; Hall, Harrisburg")
    event = read_calendar(client, f"{page.url}calendar/").walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "Screening; interviews, and care\nfor teams"
    assert str(event["LOCATION"]) == "Room 1; Hall, Harrisburg"


def test_uids_are_a_keyed_hash_not_the_offering_id(client, trainings):
    offering = trainings["offerings"]["public"]
    listed = uids(read_calendar(client, f"{trainings['public'].url}calendar/"))
    digest = salted_hmac("catalog.calendar.offering-uid", str(offering.pk)).hexdigest()[:32]
    assert f"{digest}@training-catalog.cac" in listed
    for uid_text in listed:  # a keyed hash: no id to count hidden offerings by
        local_part = uid_text.split("@")[0]
        assert re.fullmatch(r"[0-9a-f]{32}", local_part)
        assert str(offering.pk) != local_part and "offering-" not in uid_text


def test_calendars_list_a_bounded_window_soonest_first(client, trainings, settings):
    """No feed grows with the whole history: recent and coming offerings, at most N of them."""
    public = trainings["public"]
    long_ago = factories.offering(public, -120)
    last_month = factories.offering(public, -30)
    settings.CATALOG_CALENDAR_PAST_DAYS = 90
    listed = uids(read_calendar(client, f"{public.url}calendar/"))
    assert offering_uid(last_month.pk) in listed
    assert offering_uid(long_ago.pk) not in listed

    settings.CATALOG_CALENDAR_EVENTS = 2  # of the index's: 30 days ago, in 10, 20 and 40 days
    listed = uids(read_calendar(client, f"{trainings['index'].url}calendar/"))
    assert listed == {
        offering_uid(last_month.pk),
        offering_uid(trainings["offerings"]["public"].pk),
    }


def two_day_curriculum(**fields):
    """A curriculum whose agenda times its two days differently (9:00–12:00, 13:00–16:30)."""
    session = {"title": "Session", "description": "", "presenter_role": "", "disciplines": []}
    agenda = [
        {"type": "day", "value": {"title": "Day 1", "sessions": [
            {**session, "start": "09:00", "end": "10:30"},
            {**session, "start": "10:45", "end": "12:00"},
        ]}},
        {"type": "day", "value": {"title": "Day 2", "sessions": [
            {**session, "start": "13:00", "end": "16:30"},
        ]}},
    ]  # fmt: skip
    return factories.curriculum(title="Two-day training", agenda=agenda, **fields)


def test_each_day_of_an_offering_is_an_event_with_that_days_hours(client, home):
    """Days from the agenda, which agrees with the offering (it starts at 9:00 and ends at
    16:30, as the agenda does). The first day keeps the UID the offering always had, so
    calendars holding the old two-day event get it corrected. (An agenda that disagrees:
    tests/test_offerings.py.)"""
    page = two_day_curriculum()
    offering = factories.offering(
        page, 10, end_date=datetime.date.today() + datetime.timedelta(days=11),
        time_zone="America/Chicago", end_time=datetime.time(16, 30),
    )  # fmt: skip
    calendar = read_calendar(client, f"{page.url}calendar/{offering.key}/")
    events = sorted(calendar.walk("VEVENT"), key=lambda event: event.decoded("DTSTART"))
    day = offering.start_date
    chicago = ZoneInfo("America/Chicago")

    def at(days: int, hour: int, minute: int = 0) -> datetime.datetime:
        return datetime.datetime.combine(
            day + datetime.timedelta(days=days), datetime.time(hour, minute), tzinfo=chicago
        )

    assert [(e.decoded("DTSTART"), e.decoded("DTEND")) for e in events] == [
        (at(0, 9), at(0, 12)),
        (at(1, 13), at(1, 16, 30)),
    ]
    assert [str(event["UID"]) for event in events] == [
        uid(offering),
        f"{offering.key}-day2@training-catalog.cac",
    ]
    assert [str(event["SUMMARY"]) for event in events] == [
        f"Two-day training (day {number} of 2)" for number in (1, 2)
    ]


def test_a_calendar_is_the_same_bytes_until_the_curriculum_changes(client, home, settings):
    """DTSTAMP is the curriculum's last publication, not the time of the request."""
    settings.CATALOG_PAGE_CACHE_SECONDS = 0  # computed afresh each time
    page = factories.curriculum(title="Two-day training")
    factories.offering(page, 10)
    first = client.get(f"{page.url}calendar/").content
    assert client.get(f"{page.url}calendar/").content == first
    event = Calendar.from_ical(first).walk("VEVENT")[0]
    page.refresh_from_db()
    assert event.decoded("DTSTAMP") == page.last_published_at.replace(microsecond=0)


def test_a_repeat_gets_304_and_an_edit_gives_a_new_etag(client, trainings):
    url = f"{trainings['public'].url}calendar/"
    first = client.get(url)
    assert first.status_code == 200 and first["ETag"].startswith('W/"')
    assert first["Last-Modified"]
    repeat = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert repeat.status_code == 304 and not repeat.content
    page = trainings["public"]
    page.title = "Two-day training (revised)"
    page.save_revision().publish()
    edited = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert edited.status_code == 200 and edited["ETag"] != first["ETag"]
    assert "revised" in Calendar.from_ical(edited.content).walk("VEVENT")[0]["SUMMARY"]


def test_a_private_curriculums_calendar_never_answers_304(client, trainings):
    """Access is checked before the calendar's conditional answer."""
    private = trainings["offerings"]["private"].curriculum
    response = client.get(f"{private.url}calendar/", headers={"If-None-Match": "*"})
    assert response.status_code == 302


def test_time_zones_give_each_change_of_clocks_its_own_observance(client, trainings):
    """ical.js and vobject read only the first date of a many-dated RDATE, and ical.js ignores
    the DTSTART beside one: each change is an observance with its own DTSTART, at 2:00 local
    time before the change, over the years the events span (not 1970 to 2037)."""
    response = client.get(f"{trainings['index'].url}calendar/")
    assert b"RDATE" not in response.content
    blocks = Calendar.from_ical(response.content).walk("VTIMEZONE")
    assert {str(block["TZID"]) for block in blocks} == {"America/Chicago", "America/New_York"}
    eastern = next(block for block in blocks if block["TZID"] == "America/New_York")
    observances = [
        (part.name, part.decoded("DTSTART"), part["TZOFFSETFROM"].td, part["TZOFFSETTO"].td)
        for part in eastern.subcomponents
    ]
    year = (datetime.date.today() + datetime.timedelta(days=10)).year  # the first offering's
    hours = datetime.timedelta(hours=1)
    march, november = datetime.date(year, 3, 1), datetime.date(year, 11, 1)
    second_sunday_of_march = march + datetime.timedelta((6 - march.weekday()) % 7 + 7)
    first_sunday_of_november = november + datetime.timedelta((6 - november.weekday()) % 7)
    two_at_night = datetime.time(2)
    assert observances[:3] == [
        ("STANDARD", datetime.datetime(year, 1, 1), -5 * hours, -5 * hours),
        ("DAYLIGHT", datetime.datetime.combine(second_sunday_of_march, two_at_night),
         -5 * hours, -4 * hours),
        ("STANDARD", datetime.datetime.combine(first_sunday_of_november, two_at_night),
         -4 * hours, -5 * hours),
    ]  # fmt: skip
    assert {start.year for _name, start, *_offsets in observances} <= {year, year + 1}


@pytest.mark.parametrize("zone", ["America/Phoenix", "Pacific/Honolulu"])
def test_a_zone_without_summer_time_is_one_standard_observance(client, home, zone):
    page = factories.curriculum()
    factories.offering(page, 200, time_zone=zone)
    calendar = read_calendar(client, f"{page.url}calendar/")
    (block,) = calendar.walk("VTIMEZONE")
    assert [part.name for part in block.subcomponents] == ["STANDARD"]
    offset = block.subcomponents[0]["TZOFFSETTO"].td
    assert offset == ZoneInfo(zone).utcoffset(datetime.datetime(2027, 7, 1))
