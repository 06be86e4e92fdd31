"""The search answers at once, in a real browser, on the demo content (issue 14): ticking a
filter updates the results and the address without a page load, Back restores the choices
before, a phone shows the first result on the first screen, and the keyboard reaches it in a
few Tab presses. Every page is checked with axe, and any CSP violation fails the test
(tests/browser/conftest.py)."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}


def results_count(page: Page) -> int:
    heading = page.locator("#results-heading").inner_text()
    match = re.search(r"of (\d+) results?", heading)
    return int(match.group(1)) if match else 0


def checkbox(page: Page, label: str):
    return page.get_by_role("checkbox", name=re.compile(rf"^{label}\s"))


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_ticking_a_filter_updates_results_and_address_and_back_restores(
    demo, page, audit, viewport
):
    page.set_viewport_size(viewport)
    page.goto("/search/?q=trafficking")
    everything = results_count(page)
    page.evaluate("window.notReloaded = true")
    if viewport is PHONE:
        page.get_by_role("button", name=re.compile(r"^Filters")).click()
        expect(page.get_by_role("heading", name="Filter results")).to_be_focused()
    audit(page, f"search before a filter ({viewport['width']} px)")

    advocacy = checkbox(page, "Victim advocacy")
    expected = int(re.search(r"\d+", advocacy.evaluate("box => box.labels[0].textContent")).group())
    advocacy.check()
    expect(page).to_have_url(re.compile(r"discipline=victim-advocacy"))
    expect(page.locator("#results-heading")).to_contain_text(f"of {expected} result")
    expect(page.locator("#search-status")).to_contain_text(f"of {expected} result")
    assert page.evaluate("window.notReloaded") is True  # no page load
    expect(checkbox(page, "Victim advocacy")).to_be_focused()  # focus stays where it was
    audit(page, f"search after a filter ({viewport['width']} px)")

    page.go_back()
    expect(page).not_to_have_url(re.compile("discipline="))
    expect(page.locator("#results-heading")).to_contain_text(f"of {everything} result")
    expect(page.locator("#filters")).to_be_visible()  # an open panel stays open
    expect(checkbox(page, "Victim advocacy")).not_to_be_checked()
    assert page.evaluate("window.notReloaded") is True

    page.go_forward()
    expect(page.locator("#results-heading")).to_contain_text(f"of {expected} result")
    assert parse_qs(urlsplit(page.url).query)["discipline"] == ["victim-advocacy"]


def test_changing_the_order_updates_the_results_in_place(demo, page, audit):
    page.set_viewport_size(DESKTOP)
    page.goto("/search/?q=trafficking")
    audit(page, "search in the newest order")
    page.evaluate("window.notReloaded = true")
    page.get_by_label("Sort by").select_option("title")
    expect(page).to_have_url(re.compile(r"sort=title"))
    titles = page.locator(".entry-list--results .entry-card__title").all_inner_texts()
    assert titles == sorted(titles, key=str.casefold)
    assert page.evaluate("window.notReloaded") is True
    audit(page, "search sorted by title")


def test_on_a_phone_the_first_result_is_on_the_first_screen(demo, page, audit):
    page.set_viewport_size(PHONE)
    page.goto("/search/?q=screening")
    first = page.locator(".entry-list--results .entry-card__title a").first
    box = first.bounding_box()
    assert box is not None and box["y"] + box["height"] <= PHONE["height"], box
    expect(page.locator("#filters")).to_be_hidden()  # behind the Filters button
    audit(page, "search on a phone")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_keyboard_reaches_the_first_result_in_five_tabs(demo, page, audit, viewport):
    page.set_viewport_size(viewport)
    page.goto("/search/?q=screening")
    audit(page, f"search for the keyboard ({viewport['width']} px)")
    first = page.locator(".entry-list--results .entry-card__title a").first
    page.locator("#search-q").focus()
    reached = False
    for _press in range(5):
        page.keyboard.press("Tab")
        reached = first.evaluate("link => link === document.activeElement")
        if reached:
            break
    assert reached, "the first result was not reached in 5 Tab presses"


def test_without_javascript_the_form_still_applies_filters(demo, browser, guard, live_server):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    guard.attach(context)
    page = context.new_page()
    page.goto("/search/?q=trafficking")
    checkbox(page, "Victim advocacy").check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"discipline=victim-advocacy"))
    context.close()


def test_a_choice_that_brings_exit_this_page_loads_the_whole_page(demo, page, audit):
    page.set_viewport_size(DESKTOP)
    page.goto("/search/?q=guide")
    audit(page, "search before choosing caregivers")
    expect(page.locator("[data-exit-this-page]")).to_have_count(0)
    checkbox(page, "Caregivers").check()
    expect(page).to_have_url(re.compile(r"audience=caregivers"))
    # The control and its shortcut come with the page: the results alone are not swapped in.
    expect(page.locator("[data-exit-this-page]")).to_have_count(1)
    audit(page, "search for caregivers")


def test_a_browse_page_filter_leads_to_the_search_page_whole(demo, page, audit):
    page.set_viewport_size(DESKTOP)
    page.goto("/browse/disciplines/victim-advocacy/")
    audit(page, "browse before a filter")
    checkbox(page, "CAC staff").check()
    expect(page).to_have_url(re.compile(r"/search/\?.*audience=cac-staff"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Search the catalog")
    audit(page, "search from a browse page")
