"""Bad input to the search: a page (200) or a clear refusal (400) with a reason, never a 500.

Runs on SQLite and PostgreSQL (PostgreSQL alone rejects NUL bytes in text).
"""

from http import HTTPStatus
from urllib.parse import urlencode

import pytest

pytestmark = pytest.mark.django_db

CASES = {
    "page zero": "page=0",
    "negative page": "page=-1",
    "page word": "page=abc",
    "page overflow": "page=1e9999",
    "huge page": "page=99999999999999999999999",
    "page with NUL": "page=%00",
    "query NUL": "q=%00",
    "query NUL inside": "q=scr%00eening",
    "query 10k characters": "q=" + "screening+" * 1000,
    "query 100k characters": "q=" + "x" * 100_000,
    "emoji": "q=" + "%F0%9F%99%82",
    "right-to-left": urlencode({"q": "مرحبا بالعالم"}),
    "chinese": urlencode({"q": "儿童保护"}),
    "invalid utf-8": "q=%FF%FE",
    "double quote": urlencode({"q": '"'}),
    "unbalanced quotes": urlencode({"q": '"screening'}),
    "star": urlencode({"q": "*"}),
    "fts operators": urlencode({"q": "AND OR NOT NEAR("}),
    "negation": urlencode({"q": "screening -housing"}),
    "parentheses": urlencode({"q": "(screening OR housing)"}),
    "column syntax": urlencode({"q": "title:screening"}),
    "sql quote": urlencode({"q": "' OR 1=1 --"}),
    "html": urlencode({"q": "<script>alert(1)</script>"}),
    "stop words only": urlencode({"q": "the and of"}),
    "tsquery syntax": urlencode({"q": "screen:* & !housing | <->"}),
    "backslashes": urlencode({"q": "\\\\ \\'"}),
    "repeated query": "q=screening&q=housing",
    "unknown discipline": "discipline=nope",
    "empty facet": "discipline=",
    "repeated facet value": "&".join(["discipline=medical"] * 50),
    "1001 facet values": "&".join(f"topic=t{number}" for number in range(1001)),
    "year overflow": "year=99999999999999999999",
    "year word": "year=abc",
    "type dunder": "type=__class__",
    "sort dunder": "sort=__class__",
    "sort descending field": "sort=-title",
    "sort repeated": "sort=title&sort=newest",
    "per page huge": "per_page=1000000",
    "per page negative": "per_page=-5",
    "per page word": "per_page=abc",
    "chapter path": "chapter=../../etc",
    "language unknown": "language=xx",
    "format injection": urlencode({"format": "guide'--"}),
    "unknown parameter": "foo=bar",
    "everything at once": "q=%00%FF&page=-1&sort=x&per_page=0&discipline=&year=y&type=t",
    "bracketed key": "discipline[]=medical&q[0]=x",
}


@pytest.mark.parametrize("query_string", CASES.values(), ids=CASES.keys())
def test_search_answers_bad_input_without_an_error(client, search_catalog, query_string):
    response = client.get(f"/search/?{query_string}")
    assert response.status_code in {HTTPStatus.OK, HTTPStatus.BAD_REQUEST}
    if response.status_code == HTTPStatus.OK:
        assert b"Search the catalog" in response.content


@pytest.mark.parametrize(
    "query_string",
    [CASES[name] for name in ("query NUL", "invalid utf-8", "1001 facet values", "sort dunder")],
)
@pytest.mark.parametrize(
    "url",
    ["/search/export.csv", "/search/suggest/", "/browse/topics/identification-and-screening/"],
)
def test_other_search_urls_answer_bad_input_without_an_error(
    client, search_catalog, url, query_string
):
    response = client.get(f"{url}?{query_string}")
    assert response.status_code in {HTTPStatus.OK, HTTPStatus.BAD_REQUEST}
    if response.streaming:
        b"".join(response.streaming_content)


def test_a_long_query_is_shortened_with_a_notice(client, search_catalog):
    response = client.get("/search/", {"q": "screening " * 1000})
    search = response.context["search"]
    assert len(search.query) <= 200
    assert "shortened" in response.content.decode()
    assert {entry.title for entry in search.page.object_list} == {
        "Screening tool",
        "Interview guide",
        "Two-day training",
    }


def test_notices_explain_what_was_corrected(client, search_catalog):
    html = client.get(
        "/search/", {"sort": "__class__", "per_page": "7", "year": "abc", "q": "🙂"}
    ).content.decode()
    assert "no such order" in html
    assert "Pages show 20 results" in html
    assert "“abc” is not a year we know" in html
    assert "Search words need letters or numbers" in html


def test_query_syntax_is_searched_as_plain_words(client, search_catalog):
    response = client.get("/search/", {"q": '"screening" AND (intake) NOT *'})
    assert response.status_code == HTTPStatus.OK
    # Words are matched, operators are just words: "and", "not" match nothing here.
    assert response.context["search"].query == "screening AND intake NOT"
