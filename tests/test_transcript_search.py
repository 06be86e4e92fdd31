"""Transcript text is searchable, and a hit in a transcript links to its moment."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories

pytestmark = pytest.mark.django_db

VTT = """WEBVTT

00:00.000 --> 00:04.000
<v Alex Morgan>Welcome to the show.

12:34.500 --> 12:40.000
<v Sam Patel>We wrote a trafficking questionnaire for intake.
"""


@pytest.fixture
def episode(home):
    return factories.episode(
        title="Intake conversations", summary="How centers begin.", transcript=VTT
    )


def test_words_only_in_the_transcript_find_the_episode(client, episode):
    html = client.get("/search/", {"q": "questionnaires"}).content.decode()  # stemmed
    assert f'href="{episode.url}"' in html


def test_a_transcript_hit_links_to_the_moment_with_the_words_marked(client, episode):
    html = client.get("/search/", {"q": "questionnaire"}).content.decode()
    assert f'<a href="{episode.url}#t=754">12:34</a>' in html
    assert "<mark>questionnaire</mark> for intake" in html


def test_no_moment_when_the_transcript_does_not_match(client, episode):
    html = client.get("/search/", {"q": "intake"}).content.decode()
    assert f'href="{episode.url}#t=754"' in html  # "intake" is in the transcript too
    html = client.get("/search/", {"q": "centers"}).content.decode()
    assert f'href="{episode.url}"' in html
    assert "#t=" not in html


def test_moments_cost_no_query_of_their_own(client, home):
    show = factories.podcast()
    for number in range(12):
        factories.episode(show, title=f"Episode {number}", transcript=VTT)
    factories.resource(title="Intake guide")
    # Django caches content types per process; the site identity is read again once after any
    # catalog change (catalog.site_identity).
    client.get("/search/", {"q": "questionnaire"})
    counts = []
    for query in ("questionnaire", "guide"):  # twelve episodes with moments, then no episode
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/search/", {"q": query, "per_page": 50})
        assert response.content.decode().count("#t=754") == (12 if query == "questionnaire" else 0)
        counts.append(len(captured))
    assert counts[0] == counts[1]
