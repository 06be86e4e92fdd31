"""Training calendars (iCalendar): per curriculum, chapter, discipline and for all trainings."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.utils.crypto import salted_hmac
from icalendar import Calendar

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
    assert str(event["URL"]) == f"http://testserver{trainings['public'].url}"


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
    assert not re.search(r"calendar/\d+/", html)


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
