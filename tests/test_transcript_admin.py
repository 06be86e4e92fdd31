"""Editors upload or paste a transcript; a broken one is refused with its line, nothing saved."""

from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from catalog.models import PodcastEpisodePage
from tests import factories

pytestmark = pytest.mark.django_db

GOOD = "WEBVTT\n\n00:01.000 --> 00:03.000\n<v Alex Morgan>Welcome.\n"
BROKEN = "WEBVTT\n\n00:01.000 --> 00:03.000\nWelcome.\n\n00:04,000 -> 00:05.000\nBye.\n"


def episode_form(**overrides) -> dict:
    data = {
        "title": "Screening every case",
        "slug": "screening-every-case",
        "summary": "Why screening matters.",
        "season": "1",
        "episode_number": "5",
        "episode_type": "full",
        "audio_file": "",
        "audio_url": "",
        "audio_length_bytes": "",
        "duration": "",
        "show_notes": rich_text("<p>Notes.</p>"),
        "guests": inline_formset([]),
        "transcript": "",
        "language": "en",
        "publication_date": "2021-02-09",
        "last_reviewed": "",
        "action-publish": "publish",
        **overrides,
    }
    return nested_form_data(data)


def vtt_file(text: str, name: str = "episode.vtt") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/vtt")


@pytest.fixture
def show(home):
    return factories.podcast()


def add(admin_client, show, data, files=None):
    return admin_client.post(
        f"/admin/pages/add/catalog/podcastepisodepage/{show.pk}/", {**data, **(files or {})}
    )


def test_an_uploaded_transcript_is_saved_and_parsed(admin_client, show):
    response = add(admin_client, show, episode_form(), {"transcript_file": vtt_file(GOOD)})
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:3000]
    page = PodcastEpisodePage.objects.get(slug="screening-every-case")
    assert page.transcript == GOOD
    assert page.transcript_cues == [[1.0, 3.0, "Alex Morgan", "Welcome."]]


def test_a_pasted_transcript_is_parsed_too(admin_client, show):
    response = add(admin_client, show, episode_form(transcript=GOOD))
    assert response.status_code == HTTPStatus.FOUND
    assert PodcastEpisodePage.objects.get().transcript_cues == [
        [1.0, 3.0, "Alex Morgan", "Welcome."]
    ]


def test_a_malformed_upload_is_refused_with_the_line_and_nothing_is_saved(admin_client, show):
    response = add(admin_client, show, episode_form(), {"transcript_file": vtt_file(BROKEN)})
    assert response.status_code == HTTPStatus.OK
    assert "episode.vtt: Line 6: expected a timing line" in response.content.decode()
    assert not PodcastEpisodePage.objects.exists()


def test_a_malformed_pasted_transcript_is_refused_on_edit_and_the_page_kept(admin_client, show):
    page = factories.episode(show, transcript=GOOD)
    response = admin_client.post(
        f"/admin/pages/{page.pk}/edit/", episode_form(slug=page.slug, transcript=BROKEN)
    )
    assert response.status_code == HTTPStatus.OK
    assert "Line 6: expected a timing line" in response.content.decode()
    page.refresh_from_db()
    assert page.transcript == GOOD
    assert page.get_latest_revision().as_object().transcript == GOOD


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("notes.txt", GOOD.encode()), "File extension “txt” is not allowed"),
        (SimpleUploadedFile("latin.vtt", "WEBVTT\n\nCafé".encode("latin-1")), "not UTF-8 text"),
    ],
)
def test_files_that_are_not_transcripts_are_refused(admin_client, show, upload, message):
    response = add(admin_client, show, episode_form(), {"transcript_file": upload})
    assert response.status_code == HTTPStatus.OK
    assert message in response.content.decode()
    assert not PodcastEpisodePage.objects.exists()


def test_an_episode_with_a_transcript_previews_before_it_is_saved(admin_client, show):
    data = episode_form(transcript=GOOD)
    url = f"/admin/pages/add/catalog/podcastepisodepage/{show.pk}/preview/"
    assert admin_client.post(url, data).json() == {"is_valid": True, "is_available": True}
    response = admin_client.get(url)
    assert response.status_code == HTTPStatus.OK
    assert '<p class="transcript__speaker">Alex Morgan</p>' in response.content.decode()
