"""In a real browser: a transcript time plays the episode from that moment, by mouse or by
keyboard, a shared #t= link readies the player there, and the line being heard is marked.

Needs Chromium and its driver (Debian: chromium, chromium-driver). Marked `browser`: `make test`
leaves these out (a fresh machine may have no browser); `.ci/run` installs Chromium and runs
them with `make test-browser`.
"""

import shutil

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

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


@pytest.fixture(scope="module")
def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "chromium"
    for argument in ("--headless=new", "--no-sandbox", "--mute-audio",
                     "--autoplay-policy=no-user-gesture-required"):  # fmt: skip
        options.add_argument(argument)
    service = webdriver.ChromeService(executable_path=shutil.which("chromedriver"))
    driver = webdriver.Chrome(options=options, service=service)
    yield driver
    driver.quit()


@pytest.fixture
def episode_url(live_server, settings):
    # The live server finds static files by their plain names, not the hashed ones.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    page = factories.episode(
        audio_file=factories.document("Episode", "episode.mp3", silent_mp3(30)), transcript=VTT
    )
    return live_server.url + page.url


def player_time(browser) -> float:
    return browser.execute_script("return document.getElementById('episode-player').currentTime")


def wait_for(browser, condition, message: str):
    return WebDriverWait(browser, 10).until(lambda driver: condition(driver), message)


def heard_line(browser) -> str:
    marked = browser.find_elements(By.CSS_SELECTOR, ".transcript__line[aria-current='time']")
    return marked[0].get_attribute("id") if marked else ""


def test_clicking_a_time_plays_from_that_moment_and_marks_the_line(browser, episode_url):
    browser.get(episode_url)
    browser.find_element(By.CSS_SELECTOR, "a[href='#t=20']").click()
    wait_for(browser, lambda _: player_time(browser) >= 20, "the player did not seek to 0:20")
    wait_for(browser, lambda _: heard_line(browser) == "t=20", "the line heard is not marked")
    assert browser.current_url.endswith("#t=20")


def test_the_keyboard_alone_plays_from_a_line(browser, episode_url):
    browser.get(episode_url)
    link = browser.find_element(By.CSS_SELECTOR, "a[href='#t=10']")
    link.send_keys(Keys.ENTER)
    wait_for(browser, lambda _: 10 <= player_time(browser) < 20, "Enter did not seek to 0:10")
    wait_for(browser, lambda _: heard_line(browser) == "t=10", "the line heard is not marked")


def test_a_shared_moment_readies_the_player_there(browser, episode_url):
    browser.get(episode_url + "#t=20")
    wait_for(browser, lambda _: player_time(browser) == 20, "the player is not at 0:20")
    assert heard_line(browser) == "t=20"
    help_text = browser.find_element(By.CSS_SELECTOR, ".transcript__help")
    assert help_text.is_displayed()
