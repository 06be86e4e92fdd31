"""'Exit this page' in a real browser, on the demo's caregiver pages: the button and Shift
pressed three times replace the page, so Back does not return to it; capital letters typed in
the search box leave nothing; the button follows the reader through the site's own links. The
exit site is answered from here (tests/browser/guard.py)."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CAREGIVERS = "/browse/audiences/caregivers/"


@pytest.fixture
def exit_url(guard) -> str:
    guard.stub(settings.CATALOG_EXIT_URL, "<!DOCTYPE html><title>Weather</title><p>Sunny.")
    return settings.CATALOG_EXIT_URL


def open_caregivers_page(page: Page, audit) -> None:
    """Home, then the caregivers' page: two entries in this tab's history."""
    page.goto("/")
    audit(page, "home")
    pathway = page.get_by_role("region", name="By who it is for")
    pathway.get_by_role("link", name="Caregivers", exact=True).click()
    expect(page).to_have_url(re.compile(f"{CAREGIVERS}$"))
    expect(page.get_by_text("Or press the Shift key 3 times to leave at once.")).to_be_visible()


def history_length(page: Page) -> int:
    return page.evaluate("history.length")


def test_the_button_replaces_the_page_and_back_skips_it(demo, page, audit, exit_url):
    open_caregivers_page(page, audit)
    audit(page, "browse: caregivers (Exit this page)")
    before = history_length(page)

    with page.expect_request(exit_url) as leaving:
        page.get_by_role("link", name="Emergency: Exit this page").click()
    expect(page).to_have_url(exit_url)
    assert leaving.value.header_value("referer") is None  # nothing tells the site where from
    assert history_length(page) == before

    page.go_back()
    expect(page).to_have_url(re.compile(r"/$"))
    assert not page.url.endswith(CAREGIVERS)


def test_shift_three_times_leaves_but_capital_letters_do_not(demo, page, audit, exit_url):
    open_caregivers_page(page, audit)
    search = page.get_by_label("Search resources, trainings and podcast episodes")
    search.click()
    for character in "Safety Plan For Kids":  # Shift held for each capital, four times
        page.keyboard.press(f"Shift+{character}" if character.isupper() else character)
    page.keyboard.down("Shift")
    page.keyboard.type("PLAN")  # and held down across several
    page.keyboard.up("Shift")
    page.wait_for_timeout(300)  # time enough to have left, had it counted
    expect(page).to_have_url(re.compile(f"{CAREGIVERS}$"))
    expect(search).to_have_value("Safety Plan For KidsPLAN")
    audit(page, "browse: caregivers, after typing capitals")

    before = history_length(page)
    page.get_by_role("heading", level=1).click()  # focus out of the search box
    for _ in range(3):
        page.keyboard.press("Shift")
    expect(page).to_have_url(exit_url)
    assert history_length(page) == before
    page.go_back()
    assert not page.url.endswith(CAREGIVERS)


def test_the_skip_link_shows_above_the_bar_when_focused(demo, page, audit):
    page.goto(CAREGIVERS)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    on_top = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y).closest('.skip-link') !== null",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
    )
    assert on_top, "the focused skip link is hidden under the Exit this page bar"
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Emergency: Exit this page")).to_be_focused()
    audit(page, "browse: caregivers, skip link focused")


def expect_the_button(page: Page) -> None:
    expect(page.get_by_role("link", name="Emergency: Exit this page")).to_be_visible()
    expect(page).to_have_url(re.compile(r"[?&]exit=1(&|#|$)"))


def test_the_button_follows_three_clicks_from_a_caregiver_guide(demo, page, audit):
    from catalog.models import ResourcePage

    guide = ResourcePage.objects.get(slug="supporting-caregivers")
    page.goto(guide.url)
    expect(page.get_by_role("link", name="Emergency: Exit this page")).to_be_visible()
    audit(page, "caregiver guide (Exit this page)")

    # 1. A related card for other readers: caregivers' entries come first, so take the last.
    related = page.get_by_role("region", name="Related").locator(".entry-card")
    expect(related.first).to_contain_text("Caregivers")  # the Spanish guide, listed first
    card = related.filter(has_not_text="Caregivers").last
    title = card.locator(".entry-card__title a").inner_text()
    card.locator(".entry-card__title a").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect_the_button(page)
    audit(page, "related entry reached from the caregiver guide")

    # 2. One of its topic tags: a browse page that is not the caregivers'.
    tags = page.locator(".entry__facts .tag-groups dd a")
    topic = tags.filter(has_not_text="Caregivers").first
    name = topic.inner_text()
    topic.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    expect_the_button(page)
    audit(page, "browse page reached from a related entry")

    # 3. The header's link home.
    page.locator(".site-brand").click()
    expect(page).to_have_url(re.compile(r"/\?exit=1$"))
    expect_the_button(page)
    audit(page, "home reached from the journey")
