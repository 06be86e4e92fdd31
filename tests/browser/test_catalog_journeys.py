"""Journeys through the public catalog in a real browser, on the demo content: browse by
discipline to a resource and download it, narrow a search with facets and chips, and take a
training's calendar home. Every page is checked with axe (tests/browser/conftest.py)."""

import re
from urllib.parse import parse_qs, urlsplit

import icalendar
import pytest
from playwright.sync_api import Locator, Page, expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def query(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def test_browse_by_discipline_to_a_resource_and_download_it(demo, page, audit):
    page.goto("/")
    audit(page, "home")

    pathway = page.get_by_role("region", name="By your discipline")
    pathway.get_by_role("link", name="Victim advocacy", exact=True).click()
    expect(page).to_have_url(re.compile(r"/browse/disciplines/victim-advocacy/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Victim advocacy")
    audit(page, "browse: a discipline")

    page.get_by_role("link", name="CSEC screening tool for CAC intake").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("CSEC screening tool for CAC intake")
    audit(page, "resource")

    with page.expect_download() as arrival:
        page.get_by_role("link", name=re.compile(r"^Download CSEC screening tool")).click()
    download = arrival.value
    assert download.suggested_filename.endswith(".pdf")
    assert download.failure() is None
    assert download.path().read_bytes().startswith(b"%PDF-")


def test_search_with_two_facets_then_remove_one(demo, page, audit):
    page.goto("/")
    audit(page, "home")
    # A combobox once the suggestions script has run, a searchbox before: found by its label.
    page.get_by_label("Search resources, trainings and podcast episodes").fill("exploited")
    page.get_by_role("search", name="Catalog").get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"/search/\?q=exploited"))
    everything = results_count(page)
    audit(page, "search: a query")

    advocacy = page.get_by_role("checkbox", name=re.compile(r"^Victim advocacy\s+\d"))
    staff = page.get_by_role("checkbox", name=re.compile(r"^CAC staff\s+\d"))
    advocacy_count = advocacy.evaluate("box => parseInt(box.labels[0].textContent.match(/\\d+/))")
    # The filters answer at once (search-live.js): no Apply button, no page load.
    expect(page.get_by_role("button", name="Apply filters")).to_be_hidden()
    advocacy.check()
    expect(page).to_have_url(re.compile(r"discipline=victim-advocacy"))
    heading = page.get_by_role("heading", level=2, name=re.compile(f"of {advocacy_count} result"))
    expect(heading).to_be_visible()
    staff.check()
    expect(page).to_have_url(re.compile(r"audience=cac-staff"))
    assert query(page)["discipline"] == ["victim-advocacy"]
    assert query(page)["audience"] == ["cac-staff"]
    chips = page.get_by_role("region", name="Chosen filters").get_by_role("link")
    expect(chips).to_have_text(
        [re.compile("Victim advocacy"), re.compile("CAC staff"), "Clear all filters"]
    )
    both = results_count(page)
    assert 0 < both < advocacy_count < everything  # another facet narrows: AND across facets
    for card in result_cards(page, both):
        expect(card.get_by_role("link", name="Victim advocacy", exact=True)).to_be_visible()
        expect(card.get_by_role("link", name="CAC staff", exact=True)).to_be_visible()
    audit(page, "search: two facets")

    page.get_by_role("link", name=re.compile(r"^Remove Audience: CAC staff")).click()
    assert query(page)["q"] == ["exploited"]
    assert query(page)["discipline"] == ["victim-advocacy"]
    assert "audience" not in query(page)
    expect(chips).to_have_text([re.compile("Victim advocacy"), "Clear all filters"])
    expect(staff).not_to_be_checked()
    assert results_count(page) == advocacy_count  # as the facet said it would be
    for card in result_cards(page, advocacy_count):
        expect(card.get_by_role("link", name="Victim advocacy", exact=True)).to_be_visible()
    audit(page, "search: one facet removed")


def result_cards(page: Page, count: int) -> list[Locator]:
    cards = page.locator(".entry-list--results .entry-card")
    expect(cards).to_have_count(min(count, 20))  # the first page of results
    return cards.all()


def results_count(page: Page) -> int:
    heading = page.get_by_role("heading", level=2, name=re.compile("results? for")).inner_text()
    return int(re.search(r"of (\d+) results?", heading).group(1))


def test_open_a_curriculum_and_download_its_calendar(demo, page, audit):
    page.goto("/")
    audit(page, "home")
    navigation = page.get_by_role("navigation", name="Main")
    navigation.get_by_role("link", name="Chapter trainings").click()
    audit(page, "trainings (chapter index)")

    page.get_by_role(
        "link", name=re.compile("^Children's Advocacy Centers of Pennsylvania")
    ).click()
    audit(page, "chapter")

    title = "Responding to child trafficking: a survivor-led two-day training for CAC teams"
    page.get_by_role("link", name=title).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    audit(page, "curriculum")

    with page.expect_download() as arrival:
        page.get_by_role("link", name="Subscribe to this training's calendar").click()
    calendar = read_calendar(arrival.value)
    # Its two upcoming offerings, two days each, an event a day; the past one, 160 days ago,
    # is older than the calendars' window (CATALOG_CALENDAR_PAST_DAYS, 90), though the page
    # still lists it.
    assert len(calendar.walk("VEVENT")) == 4

    with page.expect_download() as arrival:
        page.get_by_role("link", name=re.compile(r"^Add to calendar")).first.click()
    assert arrival.value.suggested_filename.endswith(".ics")
    days = read_calendar(arrival.value).walk("VEVENT")
    assert [str(event["SUMMARY"]) for event in days] == [
        f"{title} (day 1 of 2)",
        f"{title} (day 2 of 2)",
    ]


def read_calendar(download) -> icalendar.Calendar:
    assert download.failure() is None
    data = download.path().read_bytes()
    assert data.startswith(b"BEGIN:VCALENDAR")
    return icalendar.Calendar.from_ical(data)
