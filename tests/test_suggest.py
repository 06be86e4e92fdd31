"""Suggestions as you type: titles and taxonomy terms, for the search box's JavaScript."""

import pytest

pytestmark = pytest.mark.django_db


def suggestions(client, typed: str) -> list[tuple[str, str]]:
    response = client.get("/search/suggest/", {"q": typed})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return [(item["label"], item["kind"]) for item in response.json()["suggestions"]]


def test_titles_and_terms_starting_with_what_is_typed(client, search_catalog):
    found = suggestions(client, "scree")
    assert ("Screening tool", "Screening tool") in found
    assert ("Identification and screening", "Topic") in found


def test_each_suggestion_links_to_its_page(client, search_catalog):
    items = client.get("/search/suggest/", {"q": "housing"}).json()["suggestions"]
    urls = {item["label"]: item["url"] for item in items}
    assert urls["Housing checklist"] == search_catalog["entries"]["housing checklist"].url
    assert urls["Housing and shelter"] == "/browse/topics/housing-and-shelter/"


def test_several_words_must_all_start_a_word_of_the_term(client, search_catalog):
    assert ("Forensic interviewing", "Discipline") in suggestions(client, "foren interv")
    assert ("Forensic interviewing", "Discipline") not in suggestions(client, "foren medic")


def test_too_short_or_wordless_input_suggests_nothing(client, search_catalog):
    assert suggestions(client, "s") == []
    assert suggestions(client, "!!") == []


def test_members_only_and_draft_titles_are_suggested_to_members_only(
    client, member_client, search_catalog
):
    assert "Members screening worksheet" not in dict(suggestions(client, "members"))
    assert "Members screening worksheet" in dict(suggestions(member_client, "members"))
    assert "Draft screening notes" not in dict(suggestions(member_client, "draft"))


def test_the_search_box_works_without_javascript_and_loads_it_from_the_site(client, home):
    html = client.get("/").content.decode()
    assert '<form class="search-box" method="get" action="/search/"' in html
    assert 'data-suggest-url="/search/suggest/"' in html
    assert '<script src="/static/js/search-suggest.' in html
