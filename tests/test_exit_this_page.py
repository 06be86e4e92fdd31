""" "Exit this page" on caregiver-facing pages (GOV.UK pattern), and no referrer to other sites."""

import re
from http import HTTPStatus

import pytest
from django.conf import settings

from tests import factories

pytestmark = pytest.mark.django_db

EXIT_LINK = re.compile(r'<a class="exit-this-page__button" href="([^"]+)" rel="([^"]+)"')


@pytest.fixture
def audiences(home):
    return {
        "caregivers": factories.audience("Caregivers", safety_exit=True),
        "staff": factories.audience("CAC staff"),
    }


def exit_link(response) -> tuple[str, str] | None:
    assert response.status_code == HTTPStatus.OK
    match = EXIT_LINK.search(response.content.decode())
    return match.groups() if match else None


def test_entries_for_an_at_risk_audience_show_a_plain_exit_link(client, audiences):
    kit, chapter, show = factories.toolkit(), factories.chapter(), factories.podcast()
    entries = [
        factories.resource(kit, audiences=[audiences["caregivers"], audiences["staff"]]),
        factories.curriculum(chapter, audiences=[audiences["caregivers"]]),
        factories.episode(show, audiences=[audiences["caregivers"]]),
    ]
    for entry in entries:
        href, rel = exit_link(client.get(entry.url))
        assert href == settings.CATALOG_EXIT_URL
        assert "noreferrer" in rel.split()


def test_other_entries_have_no_exit_control(client, audiences):
    entry = factories.resource(audiences=[audiences["staff"]])
    assert exit_link(client.get(entry.url)) is None
    assert exit_link(client.get("/")) is None


def test_the_audiences_browse_page_and_search_show_it(client, audiences):
    assert exit_link(client.get(audiences["caregivers"].get_absolute_url()))
    assert exit_link(client.get("/search/?audience=caregivers&q=safety"))
    assert exit_link(client.get("/search/?audience=cac-staff")) is None
    assert exit_link(client.get(audiences["staff"].get_absolute_url())) is None


def test_it_comes_first_after_the_skip_link_and_its_script_is_a_file(client, audiences):
    html = client.get(audiences["caregivers"].get_absolute_url()).content.decode()
    body = html.split("<body>", 1)[1]
    links = re.findall(r"<a [^>]*>", body)
    assert "skip-link" in links[0] and "exit-this-page__button" in links[1]
    assert re.search(r'<script src="/static/js/exit-this-page\.[0-9a-f]+\.js" defer>', html)
    assert re.search(r'<p class="exit-this-page__hint" [^>]*\bhidden>', html)  # shown by the JS


def test_no_page_sends_its_address_to_another_site(client, audiences):
    entry = factories.resource(
        audiences=[audiences["caregivers"]],
        body=[{"type": "paragraph", "value": '<p><a href="https://example.org/">Out</a></p>'}],
    )
    response = client.get(entry.url)
    assert response["Referrer-Policy"] == "same-origin"
    assert '<meta name="referrer" content="same-origin">' in response.content.decode()


def test_moderators_can_mark_an_audience_in_the_admin(admin_client, audiences):
    # Editors cannot: tests/test_taxonomy_review.py. The mark takes effect when published.
    url = f"/admin/snippets/catalog/audience/edit/{audiences['staff'].pk}/"
    form = {"name": "CAC staff", "slug": "cac-staff", "description": "", "safety_exit": "on"}
    form["action-publish"] = "publish"
    assert admin_client.post(url, form).status_code == HTTPStatus.FOUND
    audiences["staff"].refresh_from_db()
    assert audiences["staff"].safety_exit


# The whole caregiver journey (issue 14): the mode travels in the site's own links as `exit=1`.

EXIT_HREF = re.compile(r'href="([^"]*[?&](?:amp;)?exit=1[^"]*)"')


def html(response) -> str:
    assert response.status_code == HTTPStatus.OK
    return response.content.decode()


def hrefs(text: str, pattern: str) -> list[str]:
    """Every href in `text` that contains `pattern`, unescaped."""
    return [
        href.replace("&amp;", "&")
        for href in re.findall(r'href="([^"]*)"', text)
        if pattern in href.replace("&amp;", "&")
    ]


def carries_exit(href: str) -> bool:
    return "exit=1" in href.split("#")[0].split("?", 1)[-1].split("&")


@pytest.fixture
def journey(audiences):
    """A caregiver guide in a toolkit, with related entries for caregivers and for staff."""
    kit = factories.toolkit(title="Toolkit", slug="toolkit")
    shared = [factories.topic("Safety planning"), factories.topic("Housing")]
    guide = factories.resource(
        kit, title="Caregiver guide", audiences=[audiences["caregivers"]], topics=shared
    )
    staff_entry = factories.resource(
        kit, title="Staff protocol", audiences=[audiences["staff"]], topics=shared
    )
    caregiver_entry = factories.resource(
        kit, title="Caregiver fact sheet", audiences=[audiences["caregivers"]]
    )
    return {"kit": kit, "guide": guide, "staff": staff_entry, "caregiver": caregiver_entry}


def test_a_caregiver_entry_s_related_cards_tags_breadcrumbs_and_menu_carry_the_mode(
    client, journey
):
    text = html(client.get(journey["guide"].url))
    assert exit_link(client.get(journey["guide"].url))
    staff, caregiver, kit = journey["staff"], journey["caregiver"], journey["kit"]
    for url in (staff.url, caregiver.url):  # related cards
        assert hrefs(text, url) and all(carries_exit(h) for h in hrefs(text, url)), url
    tags = hrefs(text, "/browse/topics/safety-planning/")
    assert tags and all(carries_exit(h) for h in tags)  # tags, on the entry and on its cards
    crumbs = re.search(r'<nav class="breadcrumbs.*?</nav>', text, re.S).group(0)
    assert hrefs(crumbs, kit.url) and all(carries_exit(h) for h in hrefs(crumbs, kit.url))
    menu = re.search(r'<nav class="primary-nav.*?</nav>', text, re.S).group(0)
    assert all(carries_exit(h) for h in hrefs(menu, "/"))
    assert re.search(r'<a class="site-brand" href="/\?exit=1"', text)  # the header's home link
    form = re.search(r'<form class="site-search".*?</form>', text, re.S).group(0)
    assert '<input type="hidden" name="exit" value="1">' in form


def test_other_pages_carry_no_mode(client, journey):
    text = html(client.get(journey["staff"].url))
    assert exit_link(client.get(journey["staff"].url)) is None
    assert not EXIT_HREF.search(text)
    assert 'name="exit"' not in text


def test_a_page_reached_with_the_mode_shows_the_control_and_passes_it_on(client, journey):
    url = f"{journey['staff'].url}?exit=1"
    text = html(client.get(url))
    assert exit_link(client.get(url))
    assert all(carries_exit(h) for h in hrefs(text, journey["caregiver"].url))
    assert all(carries_exit(h) for h in hrefs(text, "/browse/topics/housing/"))


def test_every_page_type_accepts_the_mode(client, journey):
    curriculum = factories.curriculum()
    episode = factories.episode()
    chapter = curriculum.get_parent()
    pages = [
        "/",
        journey["kit"].url,
        chapter.get_parent().url,
        chapter.url,
        curriculum.url,
        episode.get_parent().url,
        episode.url,
        f"{chapter.get_parent().url}upcoming/",
        "/search/?q=protocol",
        "/browse/topics/housing/",
    ]
    for url in pages:
        response = client.get(url, {"exit": "1"})
        assert exit_link(response), url
        assert exit_link(client.get(url)) is None, url


def test_pagination_keeps_the_mode_on_lists_and_searches(client, journey, settings):
    settings.CATALOG_PAGE_SIZE = 1
    for url in (f"{journey['kit'].url}?exit=1", "/search/?exit=1&per_page=10"):
        if url.startswith("/search/"):
            for number in range(12):
                factories.resource(journey["kit"], title=f"Protocol {number}")
        text = html(client.get(url))
        pages = re.search(r'<nav class="pagination".*?</nav>', text, re.S).group(0)
        links = hrefs(pages, "page=")
        assert links and all(carries_exit(h) for h in links), url
        assert all(h.count("exit=") == 1 for h in links), url


def test_a_search_in_the_mode_keeps_it_in_its_form_chips_and_cards(client, journey, audiences):
    text = html(client.get("/search/", {"topic": "housing", "exit": "1"}))
    form = re.search(r'<form method="get" action="/search/".*?</form>', text, re.S).group(0)
    assert '<input type="hidden" name="exit" value="1">' in form
    chips = re.search(r'<section class="chips".*?</section>', text, re.S).group(0)
    assert hrefs(chips, "/search/") and all(carries_exit(h) for h in hrefs(chips, "/search/"))
    assert all(carries_exit(h) for h in hrefs(text, journey["staff"].url))


@pytest.mark.parametrize("words", ["caregivers", "Caregiver", "safety plan for caregivers"])
def test_a_search_whose_words_name_caregivers_shows_it(client, audiences, words):
    response = client.get("/search/", {"q": words})
    assert exit_link(response)
    assert 'name="exit" value="1"' in response.content.decode()  # and keeps it in its form


def test_a_search_for_other_words_does_not(client, audiences):
    assert exit_link(client.get("/search/", {"q": "staff"})) is None
    assert exit_link(client.get("/search/", {"q": "care"})) is None
    # A topic's browse page whose words (not path) concern caregivers shows it too.
    topic = factories.topic("Housing")
    assert exit_link(client.get(topic.get_absolute_url(), {"q": "caregivers"}))


def test_related_cards_on_a_caregiver_page_list_caregiver_entries_first(client, journey):
    titles = [entry.title for entry in client.get(journey["guide"].url).context["related_entries"]]
    # The staff protocol shares two topics (four points), the fact sheet one audience (one).
    assert titles == ["Caregiver fact sheet", "Staff protocol"]
    staff_titles = [
        entry.title for entry in client.get(journey["staff"].url).context["related_entries"]
    ]
    assert staff_titles[0] == "Caregiver guide"  # elsewhere, the most related first, as before


@pytest.mark.parametrize("value", ["2", "<script>alert(1)</script>", "1%00", "", "true"])
def test_a_bad_mode_is_ignored_safely(client, journey, value):
    for url in ("/", journey["staff"].url, "/search/?q=protocol", "/browse/topics/housing/"):
        response = client.get(url, {"exit": value})
        text = html(response)
        assert exit_link(response) is None, (url, value)
        assert "<script>alert" not in text and "%3Cscript" not in text
        assert "exit=" not in text.replace("exit-this-page", ""), (url, value)


def test_the_mode_is_not_in_the_canonical_address(client, journey):
    text = html(client.get(journey["staff"].url, {"exit": "1"}))
    canonical = re.search(r'<link rel="canonical" href="([^"]+)"', text)
    assert canonical and "exit" not in canonical.group(1)


def test_the_mode_costs_no_query(client, journey, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for url in (journey["guide"].url, journey["staff"].url, "/search/?q=protocol"):
        client.get(url)
        client.get(url, {"exit": "1"})
        with CaptureQueriesContext(connection) as plain:
            client.get(url)
        with django_assert_max_num_queries(len(plain), info=url):  # never more
            client.get(url, {"exit": "1"})


def test_the_cache_keeps_one_variant_at_most(client, journey, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.CATALOG_PAGE_CACHE_SECONDS = 300
    plain = html(client.get("/search/?q=protocol"))
    moded = html(client.get("/search/?q=protocol&exit=1"))
    assert plain != moded
    for query, expected in (("exit=2", plain), ("exit=<b>", plain), ("exit=1&exit=1", moded)):
        with CaptureQueriesContext(connection) as captured:
            text = html(client.get(f"/search/?q=protocol&{query}"))
        assert len(captured) == 0 and text == expected, query  # served from the same entry


@pytest.mark.parametrize(
    ("url", "shown", "expected"),
    [
        ("/toolkit/", True, "/toolkit/?exit=1"),
        ("/search/?q=a&exit=1", True, "/search/?q=a&exit=1"),
        ("?page=2&exit=%3Cb%3E", True, "?page=2&exit=1"),
        ("?page=2&exit=%3Cb%3E", False, "?page=2"),
        ("/toolkit/#top", True, "/toolkit/?exit=1#top"),
        ("http://testserver/about/", True, "http://testserver/about/?exit=1"),
        ("https://example.org/?exit=1", True, "https://example.org/?exit=1"),
        ("https://example.org/", True, "https://example.org/"),
        ("mailto:help@example.org", True, "mailto:help@example.org"),
        ("#main", True, "#main"),
        ("/toolkit/", False, "/toolkit/"),
    ],
)
def test_only_the_site_s_own_links_carry_the_mode(rf, url, shown, expected):
    from catalog.safety_exit import with_exit_mode

    assert with_exit_mode(url, rf.get("/"), shown) == expected
