"""Upcoming trainings in a real browser, on the demo content: the Format filter finds the online
offerings, and each shows its hours in the visitor's own time zone as well as the chapter's."""

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_online_trainings_show_the_visitors_local_time(demo, page: Page, audit):
    # The visitor is in Chicago; the demo's trainings are given in Eastern time.
    session = page.context.new_cdp_session(page)
    session.send("Emulation.setTimezoneOverride", {"timezoneId": "America/Chicago"})
    page.goto("/trainings/upcoming/")
    audit(page, "upcoming trainings")

    filters = page.get_by_role("form", name="Filter trainings")
    filters.get_by_role("checkbox", name=re.compile(r"^Online \(?3")).check()
    filters.get_by_role("button", name="Show trainings").click()
    expect(page.get_by_role("heading", name="3 trainings")).to_be_visible()
    audit(page, "upcoming trainings, online")

    offerings = page.locator(".offering")
    expect(offerings).to_have_count(3)
    for number in range(3):
        offering = offerings.nth(number)
        expect(offering.locator(".offering__when")).to_contain_text(re.compile(r"E[SD]T"))
        expect(offering.locator(".offering__local")).to_have_text(
            re.compile(r"^Your time: \d{1,2}:\d\d [AP]M–\d{1,2}:\d\d [AP]M C[SD]T$")
        )
    # The medical training, 10:00 Eastern, starts at 9:00 in Chicago.
    expect(page.get_by_text(re.compile(r"^Your time: 9:00 AM–1:30 PM C[SD]T$"))).to_have_count(1)
