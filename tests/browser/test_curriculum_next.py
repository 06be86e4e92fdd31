"""The demo's survivor-led two-day training in a real browser: the "Next:" line and its Register
link are on the first screen, on a laptop and on a phone, without scrolling."""

import re

import pytest
from playwright.sync_api import Locator, Page, expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TWO_DAY_TRAINING = "/trainings/pennsylvania/survivor-led-two-day-training/"
SCREENS = {"laptop": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}


def within_first_screen(page: Page, target: Locator) -> None:
    """`target` is whole inside the viewport as the page opens, before any scrolling."""
    assert page.evaluate("window.scrollY") == 0
    box = target.bounding_box()
    assert box is not None, "not rendered"
    screen = page.viewport_size
    assert box["x"] >= 0 and box["y"] >= 0
    assert box["x"] + box["width"] <= screen["width"], "runs off the side"
    assert box["y"] + box["height"] <= screen["height"], f"starts {box['y']:.0f} px down"


@pytest.mark.parametrize("screen", SCREENS, ids=list(SCREENS))
def test_the_next_date_and_register_link_are_on_the_first_screen(demo, page: Page, audit, screen):
    page.set_viewport_size(SCREENS[screen])
    page.goto(TWO_DAY_TRAINING)
    audit(page, f"curriculum, {screen}")

    line = page.locator(".next-offering")
    expect(line).to_have_text(re.compile(r"^Next: \d{1,2}–\d{1,2} \w+ \d{4} · .*Harrisburg.* · "
                                         r"Register.* · All dates$"))  # fmt: skip
    register = line.get_by_role("link", name=re.compile(r"^Register"))
    expect(register).to_have_attribute("href", "https://www.example.org/sample-registration")
    within_first_screen(page, line)
    within_first_screen(page, register)

    line.get_by_role("link", name="All dates").click()
    expect(page).to_have_url(re.compile(r"#offerings$"))
    expect(page.get_by_role("heading", name="Upcoming offerings")).to_be_in_viewport()
