"""A transcript of any size the upload takes publishes, on SQLite and PostgreSQL alike: the search
index gets as many of its words as PostgreSQL's tsvector holds, and the editor is told the rest
are not searchable.

On PostgreSQL, publishing the transcripts below failed before with "string is too long for
tsvector" (a 500); on SQLite, every word was indexed and no editor was warned.
"""

import random
import re
import string
from http import HTTPStatus

import pytest
from django.contrib.messages import get_messages

from catalog.models import PodcastEpisodePage
from catalog.search.index_budget import searchable_part
from catalog.transcripts import vtt_timestamp
from tests import factories
from tests.test_transcript_admin import add, episode_form, vtt_file

pytestmark = pytest.mark.django_db

WORDS_PER_CUE = 20


@pytest.fixture
def show(home):
    return factories.podcast()


def distinct_words(count: int) -> list[str]:
    """`count` different made-up words of eight letters, the same every run."""
    generator, words = random.Random(12), set()  # noqa: S311 - test data
    while len(words) < count:
        words.add("".join(generator.choices(string.ascii_lowercase, k=8)))
    return sorted(words, key=lambda word: generator.random())


def compounds(count: int) -> list[str]:
    """Words PostgreSQL indexes several times over: hyphenated wholes and parts, addresses."""
    words = distinct_words(count)
    return [
        f"{a}-{b}-Ⱥ{c[:3]}" if index % 2 else f"http://{a}.org/{b}-{c}"
        for index, (a, b, c) in enumerate(zip(words, words[1:], words[2:], strict=False))
    ]


def transcript(words: list[str]) -> str:
    """A WebVTT transcript of `words`, twenty to a line."""
    blocks = ["WEBVTT"]
    for number, start in enumerate(range(0, len(words), WORDS_PER_CUE)):
        text = " ".join(words[start : start + WORDS_PER_CUE])
        blocks.append(f"{vtt_timestamp(number)} --> {vtt_timestamp(number + 0.9)}\n{text}")
    return "\n\n".join(blocks) + "\n"


@pytest.mark.parametrize(
    "words", [distinct_words(120_000), compounds(40_000)], ids=["words", "compounds"]
)
def test_a_huge_vocabulary_publishes_and_its_first_words_are_searchable(
    admin_client, client, show, words
):
    text = transcript(words)
    assert len(text.encode()) < 2_000_000  # within the upload limit
    response = add(admin_client, show, episode_form(), {"transcript_file": vtt_file(text)})
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:2000]
    episode = PodcastEpisodePage.objects.get(slug="screening-every-case")
    assert episode.live

    searchable = episode.searchable_transcript
    assert 1_000 < searchable.words < len(words) == searchable.total_words
    warning = f"Only the first {searchable.words:,} of {len(words):,} words of the transcript"
    assert any(warning in str(message) for message in get_messages(response.wsgi_request))
    edit_form = admin_client.get(f"/admin/pages/{episode.pk}/edit/").content.decode()
    assert warning in edit_form  # under the transcript field, each time the episode is opened

    # An eight-letter part of the second and of the last word (the first may be an address,
    # which PostgreSQL indexes whole).
    first, last = (re.findall("[a-z]{8}", word)[0] for word in (words[1], words[-1]))
    assert f'href="{episode.url}"' in client.get("/search/", {"q": first}).content.decode()
    assert f'href="{episode.url}"' not in client.get("/search/", {"q": last}).content.decode()


def test_an_ordinary_long_conversation_is_searchable_to_its_last_word(admin_client, show):
    generator = random.Random(3)  # noqa: S311 - test data
    vocabulary = distinct_words(10_000)  # as many distinct words as three hours of talk hold
    words = [*generator.choices(vocabulary, k=45_000), "farewell"]
    response = add(
        admin_client, show, episode_form(), {"transcript_file": vtt_file(transcript(words))}
    )
    assert response.status_code == HTTPStatus.FOUND
    episode = PodcastEpisodePage.objects.get(slug="screening-every-case")
    assert episode.searchable_transcript.complete
    assert episode.transcript_text().endswith(" farewell")
    assert not any("Only the first" in str(note) for note in get_messages(response.wsgi_request))
    assert (
        "Only the first"
        not in admin_client.get(f"/admin/pages/{episode.pk}/edit/").content.decode()
    )


def test_the_cut_falls_between_words_and_repeats_cost_nothing():
    cut = searchable_part(" ".join(distinct_words(50_000)))
    assert not cut.complete
    assert cut.text.split() == distinct_words(50_000)[: cut.words]
    repeated = searchable_part("the same words again\n" * 100_000)
    assert repeated.complete and repeated.words == 400_000
