"""In a real browser: while the transcript is read, a compact player stays on screen and drives
the same <audio>; a #t= address lands with its line whole, below the compact player (and the
"Exit this page" bar); Shift+Tab through the transcript never hides the focus under it."""

import pytest
from playwright.sync_api import Locator, Page, expect

from catalog.demo.files import silent_mp3
from tests import factories

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LINES = 60  # ten seconds each: a transcript several screens long
VTT = "WEBVTT\n\n" + "\n".join(
    f"00:{n * 10 // 60:02d}:{n * 10 % 60:02d}.000 --> 00:{(n + 1) * 10 // 60:02d}:"
    f"{(n + 1) * 10 % 60:02d}.000\n<v {'Alex Morgan' if n % 4 < 2 else 'Sam Patel'}>"
    f"Line {n}: every referral gets the same careful questions, asked the same way.\n"
    for n in range(LINES)
)
PHONE = {"width": 390, "height": 844}


def make_episode(**fields):
    show = factories.podcast(title="One in Ten")
    return factories.episode(
        show,
        title="Screening every case",
        audio_file=factories.document("Episode", "episode.mp3", silent_mp3(LINES * 10)),
        transcript=VTT,
        **fields,
    )


@pytest.fixture
def episode(live_server):
    return make_episode()


def compact(page: Page) -> Locator:
    return page.get_by_role("region", name="Compact player")


def box(locator: Locator) -> dict:
    found = locator.bounding_box()
    assert found is not None, f"{locator} is not rendered"
    return found


def assert_fully_below(target: Locator, page: Page, *bars: Locator) -> None:
    """`target` is whole inside the viewport, under every bar given."""
    top = max(box(bar)["y"] + box(bar)["height"] for bar in bars)
    line = box(target)
    viewport = page.viewport_size
    assert line["y"] >= top - 0.5, f"line starts at {line['y']}, under a bar ending at {top}"
    assert line["y"] + line["height"] <= viewport["height"], "line runs off the bottom"


def is_paused(page: Page) -> bool:
    return page.evaluate("document.getElementById('episode-player').paused")


def wait_for_player(page: Page, condition: str) -> None:
    """Wait until the player meets `condition`, e.g. "currentTime == 300" (a function, not a
    string to evaluate: the page's CSP refuses eval)."""
    page.wait_for_function(f"() => document.getElementById('episode-player').{condition}")


def test_the_compact_player_appears_while_reading_and_drives_the_same_audio(episode, page, audit):
    page.goto(episode.url)
    bar = compact(page)
    expect(bar).to_be_hidden()  # the full player is in view
    audit(page, "episode, top")

    page.locator("[id='t=400']").scroll_into_view_if_needed()
    expect(bar).to_be_visible()
    assert page.evaluate("document.querySelectorAll('audio').length") == 1
    toggle = bar.get_by_role("button", name="Play", exact=True)
    toggle.click()
    wait_for_player(page, "paused === false")
    expect(bar.get_by_role("button", name="Pause", exact=True)).to_be_visible()
    wait_for_player(page, "currentTime > 0.3")
    expect(bar.get_by_text("0:00", exact=True)).to_have_count(0)  # the time moves on
    audit(page, "episode, compact player playing")

    bar.get_by_role("button", name="Pause", exact=True).press("Enter")  # and by keyboard
    wait_for_player(page, "paused")
    expect(bar.get_by_role("button", name="Play", exact=True)).to_be_focused()

    bar.get_by_role("button", name="Back to the Full player").click()
    expect(page.locator("#episode-player")).to_be_focused()
    expect(page.locator("#episode-player")).to_be_in_viewport()
    expect(bar).to_be_hidden()
    assert is_paused(page)


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_a_shared_moment_lands_with_its_line_whole_below_the_compact_player(
    episode, page, audit, viewport
):
    if viewport:
        page.set_viewport_size(viewport)
    page.goto(episode.url + "#t=300")
    wait_for_player(page, "currentTime == 300")
    bar = compact(page)
    expect(bar).to_be_visible()
    line = page.locator("[id='t=300']")
    expect(line).to_have_attribute("aria-current", "time")
    assert_fully_below(line, page, bar)
    audit(page, "episode, opened at #t=300")


def test_under_the_exit_bar_too(live_server, page, audit):
    caregivers = factories.audience("Caregivers", safety_exit=True)
    episode = make_episode(audiences=[caregivers])
    page.goto(episode.url + "#t=300")
    wait_for_player(page, "currentTime == 300")
    exit_bar = page.locator("[data-exit-this-page]")
    bar = compact(page)
    expect(bar).to_be_visible()
    assert box(bar)["y"] >= box(exit_bar)["y"] + box(exit_bar)["height"] - 0.5  # not under it
    assert_fully_below(page.locator("[id='t=300']"), page, bar, exit_bar)
    audit(page, "caregivers' episode, opened at #t=300")


def test_going_back_through_the_transcript_keeps_the_focus_in_view(episode, page, audit):
    page.goto(episode.url + "#t=400")
    wait_for_player(page, "currentTime == 400")
    bar = compact(page)
    expect(bar).to_be_visible()
    page.get_by_role("link", name="6:40", exact=True).focus()
    for _ in range(12):  # Shift+Tab moves up the transcript, scrolling the page down
        page.keyboard.press("Shift+Tab")
        focused = page.locator(":focus")
        expect(focused).to_have_class("transcript__time")
        assert_fully_below(focused, page, bar)
    page.evaluate("document.activeElement.blur()")  # axe takes a focused link's look for its own
    audit(page, "episode, focus moved back through the transcript")
