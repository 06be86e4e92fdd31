"""Sharing and printing in a real browser, on the demo content (issue 14): "Copy link" puts the
page's canonical address on the clipboard and says so, on a wide screen and a phone; printed, a
page shows the address it came from and a search leaves its filters panel off the paper. Every
page is checked with axe (tests/browser/conftest.py)."""

import re

import pytest
from playwright.sync_api import Page, expect

from catalog.models import ResourcePage

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}
RESOURCE = "CSEC screening tool for CAC intake"


def canonical(page: Page) -> str:
    return page.locator('link[rel="canonical"]').evaluate("link => link.href")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_copy_link_puts_the_canonical_address_on_the_clipboard(
    demo, context, page, audit, viewport
):
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.set_viewport_size(viewport)
    page.goto(ResourcePage.objects.live().get(title=RESOURCE).url)
    audit(page, f"resource with Copy link ({viewport['width']} px)")

    button = page.get_by_role("button", name="Copy link")
    expect(button).to_be_visible()  # shown by copy-link.js
    button.click()
    expect(page.get_by_role("status").filter(has_text="Link copied")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == canonical(page)
    audit(page, f"resource after Copy link ({viewport['width']} px)")

    email = page.get_by_role("link", name=re.compile(r"^Email this "))
    assert email.get_attribute("href").startswith("mailto:?subject=CSEC%20screening%20tool")


def test_a_printed_search_shows_its_address_and_filters_not_the_panel(demo, page, audit):
    page.set_viewport_size(DESKTOP)
    page.goto("/search/?q=exploited&discipline=victim-advocacy")
    audit(page, "search with a filter")
    address = page.locator(".print-address")
    summary = page.locator(".search-summary")
    expect(address).to_be_hidden()
    expect(summary).to_be_hidden()

    page.emulate_media(media="print")
    expect(address).to_be_visible()
    expect(address).to_contain_text(f"Printed from {canonical(page)} on ")
    expect(summary).to_have_text("Search: “exploited” · Discipline: Victim advocacy")
    expect(page.locator("#filters")).to_be_hidden()
    expect(page.locator("#search-hint")).to_be_hidden()
    audit(page, "search as printed")
