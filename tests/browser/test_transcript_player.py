"""In a real browser: a transcript time plays the episode from that moment, by mouse or by
keyboard, a shared #t= link readies the player there, and the line being heard is marked."""

import pytest
from playwright.sync_api import Page, expect

from catalog.demo.files import silent_mp3
from tests import factories

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

VTT = """WEBVTT

00:00.000 --> 00:10.000
<v Alex Morgan>Welcome.

00:10.000 --> 00:20.000
<v Sam Patel>Every referral gets the same questions.

00:20.000 --> 00:30.000
<v Alex Morgan>Thank you for listening.
"""


@pytest.fixture
def episode(live_server):
    show = factories.podcast(title="One in Ten")
    return factories.episode(
        show,
        title="Screening every case",
        audio_file=factories.document("Episode", "episode.mp3", silent_mp3(30)),
        transcript=VTT,
    )


def wait_for_player_at(page: Page, condition: str) -> None:
    """Wait until the player's position meets `condition`, e.g. ">= 20"."""
    page.wait_for_function(f"document.getElementById('episode-player').currentTime {condition}")


def heard_line(page: Page):
    return page.locator(".transcript__line[aria-current='time']")


def test_clicking_a_time_plays_from_that_moment_and_marks_the_line(episode, page, audit):
    page.goto(episode.get_parent().url)
    audit(page, "podcast")
    page.get_by_role("link", name="Screening every case").click()
    audit(page, "episode")

    page.get_by_role("link", name="0:20", exact=True).click()
    wait_for_player_at(page, ">= 20")
    expect(heard_line(page)).to_have_id("t=20")
    assert page.url.endswith("#t=20")
    audit(page, "episode, playing from a line")


def test_the_keyboard_alone_plays_from_a_line(episode, page, audit):
    page.goto(episode.url)
    audit(page, "episode")
    page.get_by_role("link", name="0:10", exact=True).focus()
    page.keyboard.press("Enter")
    wait_for_player_at(page, ">= 10 && document.getElementById('episode-player').currentTime < 20")
    expect(heard_line(page)).to_have_id("t=10")


def test_a_shared_moment_readies_the_player_there(episode, page, audit):
    page.goto(episode.url + "#t=20")
    wait_for_player_at(page, "== 20")
    expect(heard_line(page)).to_have_id("t=20")
    expect(page.get_by_text("Select a time to play the episode from that moment.")).to_be_visible()
    audit(page, "episode, opened at #t=20")
