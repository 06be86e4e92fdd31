"""Episode pages: player, download, transcript by speaker with #t= links, structured data."""

import json
import re

import pytest

from catalog.demo.files import silent_mp3
from catalog.templatetags.catalog_tags import structured_data
from tests import factories

pytestmark = pytest.mark.django_db

VTT = """WEBVTT

00:00.000 --> 00:04.000
<v Alex Morgan>Welcome to the show.

00:04.000 --> 00:08.000
<v Alex Morgan>Today: screening <b>every</b> referral.

12:34.500 --> 12:40.000
<v Sam Patel>We ask every child the same questions &amp; listen.
"""


@pytest.fixture
def episode(home):
    show = factories.podcast(title="One in Ten", slug="one-in-ten")
    return factories.episode(
        show,
        title="Screening every case",
        audio_file=factories.document("Episode", "episode.mp3", silent_mp3(5)),
        transcript=VTT,
        season=1,
        episode_number=5,
    )


def page_html(client, page) -> str:
    response = client.get(page.url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_player_and_download_link_use_our_own_files(client, episode):
    html = page_html(client, episode)
    assert (
        f'<audio id="episode-player" controls preload="metadata" src="{episode.audio_file.url}">'
        in html
    )
    assert f'<a href="{episode.audio_file.url}" download>' in html


def test_the_transcript_reads_as_text_grouped_by_speaker(client, episode):
    html = page_html(client, episode)
    transcript = html[html.index('id="transcript-heading"') :]
    speakers = re.findall(r'<p class="transcript__speaker">([^<]*)</p>', transcript)
    assert speakers == ["Alex Morgan", "Sam Patel"]
    assert "Today: screening every referral." in transcript
    assert "We ask every child the same questions &amp; listen." in transcript


def test_each_line_time_links_to_its_moment_and_is_that_moments_anchor(client, episode):
    html = page_html(client, episode)
    assert '<p class="transcript__line" id="t=754">' in html
    assert '<a class="transcript__time" href="#t=754" data-start="754.5">12:34</a>' in html
    assert '<a class="transcript__time" href="#t=4" data-start="4.0">0:04</a>' in html


def test_transcript_text_is_escaped(client, home):
    page = factories.episode(
        transcript='WEBVTT\n\n00:01.000 --> 00:02.000\n<v "><img src=x>>&lt;script&gt;alert(1)\n'
    )
    html = page_html(client, page)
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)" in html


def test_structured_data_describes_the_episode_and_its_series(client, episode):
    html = page_html(client, episode)
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1]
    )
    assert data["@type"] == "PodcastEpisode"
    assert data["name"] == "Screening every case"
    assert data["partOfSeries"] == {
        "@type": "PodcastSeries",
        "name": "One in Ten",
        "url": f"http://testserver{episode.get_parent().url}",
    }
    assert data["duration"] == "PT5S"
    assert data["datePublished"] == "2024-01-01"
    assert data["episodeNumber"] == 5
    show_html = page_html(client, episode.get_parent())
    series = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', show_html, re.S)[1]
    )
    assert series["@type"] == "PodcastSeries"
    assert series["webFeed"].endswith(f"{episode.get_parent().url}feed/")


def test_structured_data_cannot_close_its_script_element(client, home):
    page = factories.episode(title="</script><script>alert(1)</script>")
    html = page_html(client, page)
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1]
    assert json.loads(block)["name"] == "</script><script>alert(1)</script>"
    assert "<script>alert(1)" not in html


def test_structured_data_escapes_every_character_that_could_open_markup():
    html = structured_data({"name": "Tom & Jerry <!-- a --> <b>"})
    block = html.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert not {"<", ">", "&"} & set(block)
    assert json.loads(block) == {"name": "Tom & Jerry <!-- a --> <b>"}
