"""The search page: full text with ranking and stemming, sorting, page size, highlighting.

Every test here runs on SQLite and, in CI, again on PostgreSQL (`DATABASE_URL`).
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories

pytestmark = pytest.mark.django_db


def titles(client, **params) -> list[str]:
    response = client.get("/search/", params)
    assert response.status_code == 200
    return [entry.title for entry in response.context["search"].page.object_list]


def test_title_matches_rank_above_body_matches(client, home):
    kit = factories.toolkit()
    factories.resource(kit, title="Housing options", summary="Shelter beds and screening calls.")
    factories.resource(
        kit,
        title="Intake forms",
        body=[{"type": "paragraph", "value": "<p>Screening every referral.</p>"}],
    )
    factories.resource(kit, title="Screening at intake", summary="Questions to ask.")
    assert titles(client, q="screening")[0] == "Screening at intake"


def test_stemming_finds_other_forms_of_a_word(client, search_catalog):
    screening = {"Screening tool", "Interview guide", "Two-day training"}
    for query in ("screen", "screening", "screened", "SCREENS"):
        assert set(titles(client, q=query)) == screening, query


def test_words_are_combined_with_and(client, search_catalog):
    assert titles(client, q="screening intake") == ["Screening tool"]


def test_search_covers_summary_body_tags_and_every_entry_type(client, search_catalog):
    assert titles(client, q="intake") == ["Screening tool"]  # summary
    assert titles(client, q="matters") == ["Interview guide"]  # body
    assert set(titles(client, q="caregivers")) == {"Housing checklist", "Boys don't tell"}  # tag
    assert titles(client, q="survivor") == ["Two-day training"]  # a curriculum


def test_an_empty_query_lists_everything_newest_first(client, search_catalog):
    assert titles(client) == [
        "Housing checklist",
        "Screening tool",
        "Interview guide",
        "Boys don't tell",
        "Two-day training",
    ]


def test_a_taxonomy_filter_and_a_search_combine(client, search_catalog):
    """The ORM narrows by the join table first; the engine then searches what is left."""
    found = titles(client, q="screening", discipline="forensic-interviewing", sort="newest")
    assert found == ["Interview guide", "Two-day training"]
    assert titles(client, q="housing", audience="caregivers", topic="housing", type="episode") == [
        "Boys don't tell"
    ]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        (
            "newest",
            [
                "Housing checklist",
                "Screening tool",
                "Interview guide",
                "Boys don't tell",
                "Two-day training",
            ],
        ),
        (
            "title",
            [
                "Boys don't tell",
                "Housing checklist",
                "Interview guide",
                "Screening tool",
                "Two-day training",
            ],
        ),
    ],
)
def test_sort_orders(client, search_catalog, sort, expected):
    assert titles(client, sort=sort) == expected


def test_sort_by_newest_and_title_with_a_query(client, search_catalog):
    assert titles(client, q="screening", sort="newest") == [
        "Screening tool",
        "Interview guide",
        "Two-day training",
    ]
    assert titles(client, q="screening", sort="title") == [
        "Interview guide",
        "Screening tool",
        "Two-day training",
    ]


def test_relevance_is_the_default_with_a_query_and_newest_without(client, search_catalog):
    assert client.get("/search/", {"q": "screening"}).context["search"].form.sort_order == (
        "relevance"
    )
    assert client.get("/search/").context["search"].form.sort_order == "newest"


def test_page_size_and_totals(client, home):
    kit = factories.toolkit()
    for number in range(25):
        factories.resource(kit, title=f"Guide {number:02}", summary="Screening guide.")
    response = client.get("/search/", {"q": "guide", "per_page": "10", "page": "3"})
    page = response.context["search"].page
    assert len(page.object_list) == 5
    assert "21–25 of 25 results" in response.content.decode()
    response = client.get("/search/", {"q": "guide", "per_page": "50"})
    assert len(response.context["search"].page.object_list) == 25


def test_matched_words_are_highlighted_and_the_text_around_them_escaped(client, home):
    factories.resource(
        title="Screening <b>tool</b>",
        summary='Screened youth & <img src=x onerror="alert(1)"> caregivers.',
    )
    html = client.get("/search/", {"q": "screening"}).content.decode()
    assert (
        "<mark>Screened</mark> youth &amp; &lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html
    )
    assert "<mark>Screening</mark> &lt;b&gt;tool&lt;/b&gt;" in html
    assert "<img src=x" not in html


def test_results_show_type_tags_and_date(client, search_catalog):
    html = client.get("/search/", {"q": "checklist"}).content.decode()
    assert "Checklist" in html  # the resource type
    assert 'href="/browse/disciplines/medical/"' in html
    assert '<time datetime="2024-01-15">' in html


@pytest.mark.parametrize("query", ["", "screening"])
def test_queries_per_page_stay_constant_and_few(client, home, query):
    kit = factories.toolkit()
    staff, screening = factories.audience(), factories.topic()
    for number in range(110):
        factories.resource(
            kit, title=f"Screening guide {number}", audiences=[staff], topics=[screening]
        )
    params = {"q": query, "audience": staff.slug, "topic": screening.slug}
    client.get("/search/", params)  # warm Wagtail's per-process site cache
    counts = []
    for per_page in ("10", "100"):
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/search/", {**params, "per_page": per_page})
        assert len(response.context["search"].page.object_list) == int(per_page)
        counts.append(len(captured))
    assert counts[0] == counts[1]
    assert counts[0] <= 12
