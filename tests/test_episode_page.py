"""Episode pages: player, download, transcript by speaker with #t= links, structured data, the
compact player's markup; the show page's cover art and episode lengths."""

import json
import re
from datetime import timedelta
from io import BytesIO

import pytest
from django.core.files.images import ImageFile
from django.db import connection
from django.templatetags.static import static
from django.test.utils import CaptureQueriesContext
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Site

from catalog.demo.files import silent_mp3
from catalog.running_time import RunningTime, running_time
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
        "url": f"{Site.objects.get(is_default_site=True).root_url}{episode.get_parent().url}",
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


def compact_player(html: str) -> str:
    match = re.search(r'<div class="compact-player"[^>]*>.*?</div>\s*</div>', html, re.S)
    assert match, "no compact player"
    return match[0]


def test_the_compact_player_is_there_for_scripts_and_hidden_without_them(client, episode):
    html = page_html(client, episode)
    bar = compact_player(html)
    opening = bar[: bar.index(">") + 1]
    assert re.search(r"\shidden(\s|>)", opening), "shown before its script runs"
    assert 'role="region" aria-label="Compact player"' in opening
    assert 'data-player="episode-player"' in opening  # it drives the one <audio>
    assert '<button type="button" class="compact-player__toggle" data-compact-toggle>Play' in bar
    assert "Back to the </span>Full player</button>" in bar
    assert "<audio" not in bar and html.count("<audio") == 1
    head = html[: html.index("</head>")]
    compact_js, transcript_js = static("js/compact-player.js"), static("js/transcript.js")
    assert f'<script src="{compact_js}" defer></script>' in head
    assert head.index(compact_js) < head.index(transcript_js)  # its scroll padding first
    assert f'<link rel="stylesheet" href="{static("css/episode.css")}">' in head


@pytest.mark.parametrize(
    "fields",
    [{"transcript": ""}, {"audio_file": None, "audio_url": "https://host.example/a.mp3"}],
    ids=["no transcript", "hosted audio"],
)
def test_no_compact_player_without_a_transcript_and_our_own_audio(client, home, fields):
    page = factories.episode(
        **{
            "audio_file": factories.document("Episode", "episode.mp3", silent_mp3(5)),
            "transcript": VTT,
            "audio_length_bytes": 1000,
            **fields,
        }
    )
    html = page_html(client, page)
    assert "compact-player" not in html


def test_the_episode_length_is_said_and_machine_readable(client, episode):
    html = page_html(client, episode)
    assert '<dt>Length</dt><dd><time datetime="PT5S">5 s</time></dd>' in html


@pytest.mark.parametrize(
    ("duration", "expected"),
    [
        (timedelta(seconds=30), RunningTime("30 s", "PT30S")),
        (timedelta(minutes=24, seconds=10), RunningTime("24 min", "PT24M")),
        (timedelta(minutes=59, seconds=40), RunningTime("1 h", "PT1H")),
        (timedelta(hours=1, minutes=5, seconds=29), RunningTime("1 h 5 min", "PT1H5M")),
        (None, None),
    ],
)
def test_running_times_read_as_people_say_them(duration, expected):
    assert running_time(duration) == expected


def test_the_show_page_carries_the_fallback_cover_and_each_episodes_length(client, home):
    show = factories.podcast(title="One in Ten")
    factories.episode(show, title="Long one", duration=timedelta(minutes=24, seconds=10))
    factories.episode(show, title="Unmeasured")
    html = page_html(client, show)
    assert (
        f'<img class="show-intro__cover" src="{static("img/podcast-cover.png")}" width="1400" '
        'height="1400" alt="Cover art of One in Ten">' in html
    )
    cards = re.findall(r'<li class="episode-list__item">(.*?)</li>\s*(?=<li|</ul>)', html, re.S)
    assert len(cards) == 2
    length = {re.search(r'class="entry-card__title"><a [^>]*>([^<]*)', c)[1]: c for c in cards}
    assert 'Length: <time datetime="PT24M">24 min</time>' in length["Long one"]
    assert "Length" not in length["Unmeasured"]


def test_the_show_page_shows_the_shows_own_cover_art(client, home):
    buffer = BytesIO()
    PILImage.new("RGB", (1600, 1400), "navy").save(buffer, "PNG")
    cover = get_image_model().objects.create(title="Cover", file=ImageFile(buffer, "c.png"))
    show = factories.podcast(title="One in Ten", cover_image=cover)
    html = page_html(client, show)
    src = re.search(r'<img class="show-intro__cover" src="([^"]+)"[^>]*>', html)
    assert src and 'alt="Cover art of One in Ten"' in src[0]
    assert src[1].startswith("/images/") and "/fill-400x400/" in src[1]
    assert "podcast-cover.png" not in html
    assert client.get(src[1]).status_code == 200


def queries_for(client, url: str) -> int:
    client.get(url)  # the site's and the vocabularies' caches warm
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries)


def test_the_show_page_costs_the_same_queries_for_one_episode_or_many(client, home):
    show = factories.podcast()
    factories.episode(show, duration=timedelta(minutes=3))
    one = queries_for(client, show.url)
    for _ in range(5):
        factories.episode(show, duration=timedelta(minutes=3))
    assert queries_for(client, show.url) == one
    assert page_html(client, show).count('<time datetime="PT3M">3 min</time>') == 6
