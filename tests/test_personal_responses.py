"""Personal responses are never kept by shared caches (issue 12, finding 6).

Whatever is computed for a signed-in visitor may show members-only entries: it is
`Cache-Control: private` (the CSV export `no-store` too), on search, suggestions, browse and
export and on Wagtail's own pages (entries, listings). Anonymous answers that depend on who is
signed in stay cacheable but carry `Vary: Cookie`; the rest (robots.txt, the sitemap) are left
alone.
"""

from http import HTTPStatus

import pytest

pytestmark = pytest.mark.django_db


def cache_control(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def varies_on_cookie(response) -> bool:
    return "cookie" in {part.strip().lower() for part in response.get("Vary", "").split(",")}


@pytest.fixture
def urls(search_catalog) -> dict[str, str]:
    entries = search_catalog["entries"]
    return {
        "search": "/search/?q=screening",
        "suggest": "/search/suggest/?q=scr",
        "browse": "/browse/audiences/cac-staff/",
        "export": "/search/export.csv?q=screening",
        "entry page": entries["screening tool"].url,
        "toolkit (a listing)": entries["screening tool"].get_parent().url,
        "chapter (a listing)": entries["two-day training"].get_parent().url,
        "podcast show (a listing)": entries["boys episode"].get_parent().url,
        "home page": "/",
    }


PERSONAL = [
    "search",
    "suggest",
    "browse",
    "export",
    "entry page",
    "toolkit (a listing)",
    "chapter (a listing)",
    "podcast show (a listing)",
    "home page",
]


@pytest.mark.parametrize("name", PERSONAL)
def test_what_a_member_is_sent_is_private(member_client, urls, name):
    response = member_client.get(urls[name])
    assert response.status_code == HTTPStatus.OK
    assert "private" in cache_control(response)
    assert "public" not in cache_control(response)


def test_a_members_export_is_never_stored(member_client, urls):
    response = member_client.get(urls["export"])
    assert {"private", "no-store"} <= cache_control(response)


def test_a_members_only_entry_keeps_wagtails_no_store(member_client, search_catalog):
    response = member_client.get(search_catalog["members"].url)
    assert response.status_code == HTTPStatus.OK
    assert {"private", "no-store"} <= cache_control(response)


@pytest.mark.parametrize("name", ["search", "browse", "export", "entry page", "home page"])
def test_anonymous_answers_that_depend_on_sign_in_vary_on_the_cookie(client, urls, name):
    response = client.get(urls[name])
    assert response.status_code == HTTPStatus.OK
    assert varies_on_cookie(response)
    assert "private" not in cache_control(response)  # the same for every anonymous visitor


@pytest.mark.parametrize("url", ["/robots.txt", "/sitemap.xml", "/sitemap-pages.xml"])
def test_what_anonymous_visitors_share_stays_shareable(client, search_catalog, url):
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    assert "private" not in cache_control(response)
