"""Every page type declares its search fields: its own text is found, through the shared base."""

import pytest

from catalog.index.documents import plain_text
from catalog.models import CatalogEntryPage, ChapterPage, EpisodeGuest, PodcastPage, ToolkitPage
from tests import factories

pytestmark = pytest.mark.django_db


def found(query: str, model=CatalogEntryPage) -> list[str]:
    return [page.title for page in model.objects.live().search(query)]


def test_entries_are_found_by_the_text_of_their_own_fields(home):
    factories.resource(
        title="Resource A",
        publisher="Kirkbride Institute",
        body=[{"type": "paragraph", "value": "<p>polyvictimization checklist</p>"}],
    )
    factories.curriculum(
        title="Curriculum B",
        funding_note="Zephyrine Foundation",
        agenda=[
            {
                "type": "day",
                "value": {"title": "Day 1", "sessions": [{"title": "Quillon intake drills"}]},
            }
        ],
    )
    episode = factories.episode(title="Episode C", show_notes="<p>Marrowbone estuary</p>")
    EpisodeGuest.objects.create(episode=episode, name="Ottoline Vance", role="Advocate")
    episode.save_revision().publish()  # reindex with the guest

    assert found("Kirkbride") == ["Resource A"]
    assert found("polyvictimization") == ["Resource A"]
    assert found("Zephyrine") == ["Curriculum B"]
    assert found("Quillon") == ["Curriculum B"]
    assert found("Marrowbone") == ["Episode C"]
    assert found("Ottoline") == ["Episode C"]


def test_entries_are_found_by_their_summary_and_tag_names(home):
    factories.resource(
        title="Guide", summary="Housing for youth", topics=[factories.topic("Revictimization")]
    )
    assert found("housing") == ["Guide"]
    assert found("revictimization") == ["Guide"]


def test_index_pages_are_searchable_by_their_introductions(home):
    factories.toolkit(title="Kit", intro="<p>Gathered by the Quenby work group</p>")
    factories.chapter(title="Chapter", state="Vermont")
    factories.podcast(title="Show", description="Talks with Wendeline")
    assert found("Quenby", ToolkitPage) == ["Kit"]
    assert found("Vermont", ChapterPage) == ["Chapter"]
    assert found("Wendeline", PodcastPage) == ["Show"]


def test_a_chart_gives_the_index_its_words_not_its_settings():
    chart = {"type": "chart", "id": "c1", "value": {"title": "Barriers", "chart_type": "grouped",
             "unit": "%", "data": {"caption": "Census", "columns": [], "rows": []}}}  # fmt: skip
    words = plain_text([chart]).split()
    assert "Barriers" in words and "Census" in words
    assert "grouped" not in words and "chart" not in words
