"""Episode audio: served with byte ranges so players can seek; size and duration measured."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from catalog.demo.files import silent_mp3
from tests import factories

pytestmark = pytest.mark.django_db

AUDIO = silent_mp3(30)


@pytest.fixture
def episode(home):
    return factories.episode(audio_file=factories.document("Episode", "episode.mp3", AUDIO))


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_a_byte_range_of_uploaded_audio_answers_206_with_those_bytes(client, episode):
    response = client.get(episode.audio_file.url, HTTP_RANGE="bytes=0-99")
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 0-99/{len(AUDIO)}"
    assert response["Content-Length"] == "100"
    assert response["Content-Type"] == "audio/mpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert body(response) == AUDIO[:100]


@pytest.mark.parametrize(
    ("header", "first", "last"),
    [("bytes=100-", 100, None), ("bytes=-50", -50, None), ("bytes=10-1000000000", 10, None)],
)
def test_open_and_suffix_ranges(client, episode, header, first, last):
    response = client.get(episode.audio_file.url, HTTP_RANGE=header)
    assert response.status_code == 206
    assert body(response) == AUDIO[first:last]


def test_a_range_past_the_end_is_unsatisfiable(client, episode):
    response = client.get(episode.audio_file.url, HTTP_RANGE=f"bytes={len(AUDIO)}-")
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{len(AUDIO)}"


@pytest.mark.parametrize("header", ["bytes=0-1,5-6", "items=0-5", "bytes=9-2", "bytes=-", "x"])
def test_ranges_we_do_not_serve_get_the_whole_file(client, episode, header):
    response = client.get(episode.audio_file.url, HTTP_RANGE=header)
    assert response.status_code == 200
    assert response["Accept-Ranges"] == "bytes"
    assert body(response) == AUDIO


def test_a_stale_if_range_gets_the_whole_file(client, episode):
    response = client.get(
        episode.audio_file.url, HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE='"another-version"'
    )
    assert response.status_code == 200
    current = client.get(episode.audio_file.url)["ETag"]
    response = client.get(episode.audio_file.url, HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE=current)
    assert response.status_code == 206


def test_the_audio_of_a_members_only_episode_is_not_served_in_part(client, member_client, episode):
    factories.members_only(episode)
    response = client.get(episode.audio_file.url, HTTP_RANGE="bytes=0-99")
    assert response.status_code == 302
    assert member_client.get(episode.audio_file.url, HTTP_RANGE="bytes=0-99").status_code == 206


def test_size_and_running_time_are_measured_from_an_uploaded_file(episode):
    assert episode.audio_length_bytes == len(AUDIO)
    assert episode.duration == datetime.timedelta(seconds=30)


def test_an_editor_given_running_time_is_kept(home):
    page = factories.episode(
        audio_file=factories.document("Episode", "e.mp3", AUDIO),
        duration=datetime.timedelta(minutes=42),
    )
    assert page.duration == datetime.timedelta(minutes=42)


def test_an_unreadable_file_leaves_the_running_time_empty(home):
    page = factories.episode(audio_file=factories.document("Episode", "e.mp3", b"not audio"))
    assert page.duration is None
    assert page.audio_length_bytes == len(b"not audio")


def test_hosted_audio_needs_its_size_for_podcast_apps(home):
    with pytest.raises(ValidationError) as refused:
        factories.episode(audio_url="https://host.example/episode.mp3")
    assert "audio_length_bytes" in refused.value.message_dict


def test_an_absurdly_long_range_number_is_ignored_not_an_error(client, episode):
    response = client.get(episode.audio_file.url, HTTP_RANGE="bytes=" + "9" * 5000 + "-")
    assert response.status_code == 200


def test_a_file_is_sent_without_a_made_up_content_encoding(client, episode):
    """Wagtail's sendfile writes `Content-Encoding: None` for a file with no encoding; a client
    taking that literally could not decode the audio."""
    whole = client.get(episode.audio_file.url)
    part = client.get(episode.audio_file.url, HTTP_RANGE="bytes=0-99")
    assert whole.status_code == 200 and part.status_code == 206
    assert "Content-Encoding" not in whole
    assert "Content-Encoding" not in part
