"""The demo's calendars as Thunderbird reads them: Mozilla's ical.js, in the browser.

ical.js (tests/browser/icaljs.py: from the npm registry, served from the site's own origin)
reads every calendar tests/test_calendar_readers.py reads, with the same offerings added
(summer time, other zones, a change of clocks), and must put every event where the offering
says. The browser's zone is Tokyo's, so an event read as floating time would be off too.
"""

import os

import pytest
from playwright.sync_api import Page

from tests.browser import icaljs
from tests.test_calendar_readers import (
    add_offerings_the_demo_lacks,
    calendar_addresses,
    expected_times,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ICALJS_PATH = "/static/tests/ical.js"  # answered by the test (page.route), from its own origin

READ_CALENDARS = """async ({module, urls}) => {
  const ICAL = (await import(module)).default;
  const read = {};
  for (const url of urls) {
    const response = await fetch(url);
    const calendar = new ICAL.Component(ICAL.parse(await response.text()));
    const events = {};
    for (const component of calendar.getAllSubcomponents("vevent")) {
      const event = new ICAL.Event(component);
      events[event.uid] = [
        event.startDate.toJSDate().toISOString(),
        event.endDate.toJSDate().toISOString(),
        event.startDate.zone.tzid,
      ];
    }
    read[url] = {
      status: response.status,
      components: calendar.getAllSubcomponents().map((component) => component.name),
      events,
    };
  }
  return read;
}"""


@pytest.fixture
def icaljs_source() -> bytes:
    try:
        return icaljs.module_source()
    except icaljs.Unavailable as error:
        if os.environ.get("CI"):
            pytest.fail(f"{error} (CI runs this test: it may not be skipped)")
        pytest.skip(f"{error}; the ical.js check needs the npm registry once")


def test_icaljs_puts_every_event_of_every_calendar_at_the_offerings_own_time(
    demo, live_server, page: Page, audit, icaljs_source
):
    added = add_offerings_the_demo_lacks()
    addresses = calendar_addresses()
    page.route(
        f"{live_server.url}{ICALJS_PATH}",
        lambda route: route.fulfill(body=icaljs_source, content_type="text/javascript"),
    )
    session = page.context.new_cdp_session(page)
    session.send("Emulation.setTimezoneOverride", {"timezoneId": "Asia/Tokyo"})
    page.goto("/trainings/upcoming/")  # with the Google Calendar and Outlook links
    audit(page, "upcoming trainings, add to calendar links")
    read = page.evaluate(READ_CALENDARS, {"module": ICALJS_PATH, "urls": list(addresses)})

    checked = set()
    for url, listed in addresses.items():
        expected = {
            uid: [f"{start:%Y-%m-%dT%H:%M:%S}.000Z", f"{end:%Y-%m-%dT%H:%M:%S}.000Z", o.time_zone]
            for o in listed
            for uid, (start, end) in expected_times(o).items()
        }
        assert read[url]["status"] == 200, url
        assert read[url]["components"], f"{url}: RFC 5545 wants at least one component"
        assert read[url]["events"] == expected, url
        checked |= set(expected)
    for offering in added.values():
        assert set(expected_times(offering)) <= checked
    empty = read["/trainings/calendar/cac-leadership/"]
    assert empty == {"status": 200, "components": ["vtimezone"], "events": {}}


def test_a_two_day_offering_offers_each_day_to_outlook_at_320_pixels(demo, page: Page, audit):
    """The links wrap on the narrowest screen (the audit measures it at 320 px)."""
    page.goto("/trainings/pennsylvania/survivor-led-two-day-training/")
    audit(page, "two-day curriculum, add to calendar links")
    outlook = page.get_by_role("link", name="Add day 2 of Responding to child trafficking")
    assert outlook.count() == 2  # both upcoming offerings; the full one as well
    assert outlook.first.get_attribute("rel") == "noopener noreferrer"
