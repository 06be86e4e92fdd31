"""Facets: each narrows the results, values combine OR within and AND across, counts never lie.

The `search_catalog` fixture (tests/conftest.py) holds five public entries:

| entry             | type       | disciplines            | audiences         | topics    | year |
| ----------------- | ---------- | ---------------------- | ----------------- | --------- | ---- |
| Screening tool    | resource   | advocacy               | staff             | screening | 2023 |
| Housing checklist | resource   | advocacy, medical      | caregivers        | housing   | 2024 |
| Interview guide   | resource   | interviewing           | staff             | screening | 2022 |
| Two-day training  | curriculum | advocacy, interviewing | staff             | both      | 2019 |
| Boys don't tell   | episode    | medical                | caregivers, staff | housing   | 2021 |

plus a members-only resource (advocacy, staff, screening, 2025) and a draft.
"""

from urllib.parse import parse_qs, urlsplit

import pytest

pytestmark = pytest.mark.django_db


def search(client, params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    return response.context["search"]


def titles(client, params) -> set[str]:
    return {entry.title for entry in search(client, params).page.object_list}


def counts(client, params) -> dict[str, dict[str, int]]:
    return {
        group.name: {option.value: option.count for option in group.options}
        for group in search(client, params).facets
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"type": "curriculum"}, {"Two-day training"}),
        ({"discipline": "medical"}, {"Housing checklist", "Boys don't tell"}),
        ({"audience": "caregivers"}, {"Housing checklist", "Boys don't tell"}),
        (
            {"topic": "housing-and-shelter"},
            {"Housing checklist", "Two-day training", "Boys don't tell"},
        ),
        ({"format": "checklist"}, {"Housing checklist"}),
        ({"language": "es"}, {"Housing checklist"}),
        ({"chapter": "pennsylvania"}, {"Two-day training"}),
        ({"year": "2022"}, {"Interview guide"}),
    ],
    ids=["type", "discipline", "audience", "topic", "format", "language", "chapter", "year"],
)
def test_each_facet_narrows_to_the_entries_with_that_value(
    client, search_catalog, params, expected
):
    assert titles(client, params) == expected


def test_values_of_one_facet_combine_with_or(client, search_catalog):
    assert titles(client, {"discipline": ["medical", "forensic-interviewing"]}) == {
        "Housing checklist",
        "Boys don't tell",
        "Interview guide",
        "Two-day training",
    }
    assert titles(client, {"year": ["2019", "2021"]}) == {"Two-day training", "Boys don't tell"}


def test_different_facets_combine_with_and(client, search_catalog):
    params = {"discipline": ["medical", "victim-advocacy"], "audience": "cac-staff"}
    assert titles(client, params) == {"Screening tool", "Two-day training", "Boys don't tell"}
    params["topic"] = "housing-and-shelter"
    assert titles(client, params) == {"Two-day training", "Boys don't tell"}


@pytest.mark.parametrize(
    "base",
    [{}, {"q": "screening"}, {"audience": "cac-staff"}, {"q": "housing", "type": "resource"}],
    ids=["everything", "a query", "one facet", "a query and a facet"],
)
def test_each_count_is_what_clicking_the_value_would_list(client, search_catalog, base):
    """With nothing yet chosen in a facet, choosing a value lists exactly its count."""
    for facet, values in counts(client, base).items():
        if facet in base:
            continue
        for value, count in values.items():
            assert len(titles(client, {**base, facet: value})) == count, (facet, value)


def test_choosing_a_value_does_not_zero_its_siblings(client, search_catalog):
    disciplines = counts(client, {"discipline": "medical"})["discipline"]
    assert disciplines["medical"] == 2
    assert disciplines["victim-advocacy"] == 3
    assert disciplines["forensic-interviewing"] == 2


def test_values_with_no_results_wait_behind_show_all(client, search_catalog):
    html = client.get("/search/", {"type": "episode"}).content.decode()
    formats = html.split("<legend>Resource type</legend>")[1].split("</fieldset>")[0]
    _, _, more = formats.partition('<details class="facet__more"')
    assert 'value="checklist"' in more  # no episode is a checklist
    disciplines = html.split("<legend>Discipline</legend>")[1].split("</fieldset>")[0]
    assert 'value="medical"' in disciplines.partition("<details")[0]
    assert "disabled" not in html.split('id="filters"')[1]  # hidden, never greyed out


def test_chips_remove_one_value_each_or_all_at_once(client, search_catalog):
    params = {
        "q": "screening",
        "discipline": ["victim-advocacy", "medical"],
        "audience": "cac-staff",
    }
    chips = search(client, params).chips
    assert [(chip.facet_label, chip.label) for chip in chips] == [
        ("Discipline", "Medical"),  # in the vocabulary's order
        ("Discipline", "Victim advocacy"),
        ("Audience", "CAC staff"),
    ]
    remove_medical = parse_qs(urlsplit(chips[0].remove_url).query)
    assert remove_medical == {
        "q": ["screening"],
        "discipline": ["victim-advocacy"],
        "audience": ["cac-staff"],
    }
    clear = search(client, params).clear_url
    assert urlsplit(clear).path == "/search/"
    assert parse_qs(urlsplit(clear).query) == {"q": ["screening"]}
    html = client.get("/search/", params).content.decode()
    assert "Remove </span>Discipline: Medical" in html and "Clear all filters" in html


def test_the_state_lives_in_the_query_string(client, search_catalog):
    params = {"q": "housing", "discipline": "medical", "sort": "title", "per_page": "10"}
    html = client.get("/search/", params).content.decode()
    assert 'name="q" type="search" value="housing"' in html
    assert 'name="discipline" value="medical" checked' in html
    assert '<option value="title" selected>' in html
    assert '<option value="10" selected>' in html


def test_browse_pages_are_the_search_with_the_term_chosen(client, search_catalog):
    response = client.get("/browse/audiences/caregivers/", {"type": "resource"})
    found = {entry.title for entry in response.context["search"].page.object_list}
    assert found == {"Housing checklist"}
    html = response.content.decode()
    assert 'name="audience" value="caregivers" checked' in html
    assert 'action="/search/"' in html


class TestPrivacy:
    """Results and every count include members-only entries for members only, drafts never."""

    def test_anonymous_visitors_neither_see_nor_count_private_or_draft_entries(
        self, client, search_catalog
    ):
        assert "Members screening worksheet" not in titles(client, {"q": "screening"})
        facet_counts = counts(client, {})
        assert facet_counts["discipline"]["victim-advocacy"] == 3
        assert facet_counts["format"]["template"] == 0
        assert "2025" not in facet_counts["year"]

    def test_members_see_and_count_members_only_entries(self, member_client, search_catalog):
        found = titles(member_client, {"q": "screening"})
        assert "Members screening worksheet" in found
        assert "Draft screening notes" not in found
        facet_counts = counts(member_client, {})
        assert facet_counts["discipline"]["victim-advocacy"] == 4
        assert facet_counts["format"]["template"] == 1
        assert facet_counts["year"]["2025"] == 1

    def test_unknown_and_private_facet_values_are_reported_not_failed(self, client, search_catalog):
        response = client.get("/search/", {"discipline": ["medical", "no-such-term"]})
        assert response.status_code == 200
        assert {entry.title for entry in response.context["search"].page.object_list} == {
            "Housing checklist",
            "Boys don't tell",
        }
        assert "“no-such-term” is not a discipline we know" in response.content.decode()
