"""Calendars over time: each publication is a newer version to apps that imported a file, and
a year typed wrong before offerings were checked still gives a calendar."""

import datetime

import pytest
from icalendar import Calendar

from tests import factories

pytestmark = pytest.mark.django_db


def test_each_publication_is_a_newer_sequence(client, home, settings):
    """An app that imported a file compares SEQUENCE (then DTSTAMP): a file from before events
    had one (0, stamped with the download's time) must lose to every later one."""
    settings.CATALOG_PAGE_CACHE_SECONDS = 0
    page = factories.curriculum(title="Two-day training")
    factories.offering(page, 10)

    def sequence() -> int:
        calendar = Calendar.from_ical(client.get(f"{page.url}calendar/").content)
        return int(calendar.walk("VEVENT")[0]["SEQUENCE"])

    before = sequence()
    assert before > 0
    page.last_published_at = page.last_published_at + datetime.timedelta(minutes=5)
    page.save(update_fields=["last_published_at"])
    assert sequence() > before


def test_a_year_typed_wrong_before_the_check_existed_still_gives_a_calendar(client, home, settings):
    """An offering saved with year 9999 (or 1): the calendar is written, quickly, not a 500."""
    settings.CATALOG_PAGE_CACHE_SECONDS = 0
    page = factories.curriculum(title="Typos")
    factories.offering(page, start_date=datetime.date(9999, 3, 1))
    factories.offering(page, start_date=datetime.date(1, 3, 1))
    for offering in page.offerings.all():
        response = client.get(f"{page.url}calendar/{offering.key}/")
        assert response.status_code == 200
        assert len(Calendar.from_ical(response.content).walk("VEVENT")) == 1
    whole = client.get(f"{page.url}calendar/")  # the year 9999 one: upcoming
    assert len(Calendar.from_ical(whole.content).walk("VEVENT")) == 1
