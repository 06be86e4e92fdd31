"""The trainer's packet controls on the pages that offer them (issue 16): "Add to packet" on every
entry card (cards drawn from index rows on a search, and from pages on a toolkit or an entry's
related list) and on every entry page, the header's packet link and live region, and "Add all N
results to the packet" on a search or browse page. Each works without JavaScript: a plain link to
the packet's address, which answers. The script that upgrades them is tested in a browser
(tests/browser/test_packet.py)."""

from http import HTTPStatus
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.templatetags.static import static
from wagtail.models import BaseViewRestriction, PageViewRestriction

from catalog.models import ResourcePage
from tests import factories

pytestmark = pytest.mark.django_db


def soup(client, url: str, params: dict | None = None) -> BeautifulSoup:
    response = client.get(url, params or {})
    assert response.status_code == HTTPStatus.OK, url
    return BeautifulSoup(response.content, "html.parser")


def add_links(markup: BeautifulSoup) -> dict[int, dict]:
    """Each "Add to packet" link on the page by the entry id it names: its href, data, text."""
    found = {}
    for link in markup.select("a.packet-add"):
        entry_id = int(link["data-packet-id"])
        assert entry_id not in found, f"two Add links for entry {entry_id}"
        found[entry_id] = {
            "href": link["href"],
            "title": link["data-packet-title"],
            "url": link["data-packet-url"],
            "text": " ".join(link.get_text().split()),
            "hidden": link.select_one(".visually-hidden").get_text(),
        }
    return found


def assert_adds(link: dict, page: ResourcePage) -> None:
    assert link["href"] == f"/packet/?e={page.pk}"
    assert link["title"] == page.title
    assert link["url"] == page.url
    assert link["text"] == f"Add to packet: {page.title}"
    assert link["hidden"] == f": {page.title}"  # the entry it adds, for a screen reader


@pytest.fixture
def toolkit(home):
    return factories.toolkit(title="Toolkit")


@pytest.fixture
def resources(toolkit):
    topic = factories.topic("Screening")
    return [
        factories.resource(toolkit, title=title, topics=[topic])
        for title in ("Screening tool", "Screening guide", "Screening fact sheet")
    ]


def test_every_search_result_card_adds_its_own_entry(client, resources):
    links = add_links(soup(client, "/search/", {"q": "screening"}))

    assert set(links) == {page.pk for page in resources}
    for page in resources:
        assert_adds(links[page.pk], page)


def test_cards_drawn_from_pages_add_their_entry_too(client, toolkit, resources):
    links = add_links(soup(client, toolkit.url))  # the toolkit lists its pages, not index rows

    assert set(links) == {page.pk for page in resources}
    for page in resources:
        assert_adds(links[page.pk], page)


def test_an_entry_page_adds_itself_and_its_related_cards_add_theirs(client, resources):
    entry, *related = resources
    markup = soup(client, entry.url)
    links = add_links(markup)

    assert set(links) == {page.pk for page in resources}
    assert_adds(links[entry.pk], entry)
    own = markup.select_one("article.entry > .packet-control a.packet-add")
    assert int(own["data-packet-id"]) == entry.pk  # the page's own, outside the related cards
    for page in related:
        assert_adds(links[page.pk], page)


def test_the_add_link_of_each_entry_type_opens_a_packet_of_that_entry(client, home):
    entries = [
        factories.resource(title="A resource"),
        factories.curriculum(title="A curriculum"),
        factories.episode(title="An episode"),
    ]
    for entry in entries:
        link = add_links(soup(client, entry.url))[entry.pk]
        assert link["href"] == f"/packet/?e={entry.pk}"

        packet = soup(client, link["href"])  # without JavaScript: the link itself answers

        assert packet.select_one(".packet")["data-packet-ids"] == str(entry.pk)
        assert packet.select_one(f"#packet-entry-{entry.pk}") is not None


def test_a_title_with_markup_is_escaped_in_the_add_link(client, home):
    title = 'The "screening" <b>tool</b> & intake'
    page = factories.resource(title=title)
    markup = soup(client, page.url)
    link = markup.select_one(f'a.packet-add[data-packet-id="{page.pk}"]')

    assert link["data-packet-title"] == title  # read back as the same text…
    assert link.find("b") is None  # …never as markup
    assert b"<b>tool</b>" not in client.get(page.url).content


def test_a_members_only_card_is_offered_to_a_member_only(client, member_client, toolkit):
    public = factories.resource(toolkit, title="Public guide")
    private = factories.members_only(factories.resource(toolkit, title="Members guide"))

    assert set(add_links(soup(client, "/search/", {"q": "guide"}))) == {public.pk}
    assert set(add_links(soup(member_client, "/search/", {"q": "guide"}))) == {
        public.pk,
        private.pk,
    }


def test_the_header_links_to_the_packet_and_has_a_polite_live_region(client, resources):
    for url in ("/", "/search/", resources[0].url):
        markup = soup(client, url)
        link = markup.select_one("header .packet-link")
        assert link["href"] == "/packet/"
        assert " ".join(link.get_text().split()).startswith("Packet")
        count = link.select_one("[data-packet-count]")
        assert count.has_attr("hidden")  # no count without the script: it alone knows it
        status = markup.select("[data-packet-status]")
        assert len(status) == 1
        assert status[0]["aria-live"] == "polite"
        assert status[0].get_text() == ""
        scripts = [tag["src"] for tag in markup.select("script[src]")]
        assert static("js/packet.js") in scripts
        assert markup.select_one(f'script[src="{static("js/packet.js")}"]').has_attr("defer")


def test_add_all_results_links_to_the_same_search_as_a_packet(client, resources):
    factories.resource(title="Housing guide")  # not a result
    params = {"q": "screening", "topic": "screening", "sort": "title"}
    markup = soup(client, "/search/", params)
    link = markup.select_one("a.packet-add-all")
    href = urlsplit(link["href"])

    assert " ".join(link.get_text().split()) == "Add all 3 results to the packet"
    assert href.path == "/packet/from-search/"
    assert parse_qs(href.query) == {key: [value] for key, value in params.items()}
    assert int(link["data-packet-total"]) == len(resources)

    answer = client.get(link["href"])  # without JavaScript: a packet of those results
    assert answer.status_code == HTTPStatus.FOUND
    ids = parse_qs(urlsplit(answer["Location"]).query)["e"][0].split(",")
    assert sorted(map(int, ids)) == sorted(page.pk for page in resources)


def test_add_all_on_a_browse_page_keeps_the_browsed_term(client, resources):
    markup = soup(client, "/browse/topics/screening/")
    link = markup.select_one("a.packet-add-all")

    assert parse_qs(urlsplit(link["href"]).query)["topic"] == ["screening"]
    assert " ".join(link.get_text().split()) == "Add all 3 results to the packet"


def test_add_all_says_first_100_past_the_cap_and_this_result_for_one(client, toolkit):
    for number in range(101):
        factories.resource(toolkit, title=f"Screening sheet {number}")
    link = soup(client, "/search/", {"q": "screening"}).select_one("a.packet-add-all")
    assert " ".join(link.get_text().split()) == "Add the first 100 of 101 results to the packet"

    factories.resource(toolkit, title="A unique handout")
    link = soup(client, "/search/", {"q": "unique"}).select_one("a.packet-add-all")
    assert " ".join(link.get_text().split()) == "Add this result to the packet"


def test_no_add_all_without_results(client, resources):
    markup = soup(client, "/search/", {"q": "nothingmatchesthis"})

    assert markup.select_one("a.packet-add-all") is None


@pytest.mark.parametrize("reached_with_the_mode", [False, True])
def test_a_page_for_readers_at_risk_offers_no_packet_at_all(client, toolkit, reached_with_the_mode):
    """A reader at risk keeps no trace: no "Add to packet" (on the entry or its related cards),
    no header link; packet.js, finding the "Exit this page" control, touches no storage."""
    caregivers = factories.audience("Caregivers", safety_exit=True)
    page = factories.resource(toolkit, title="For caregivers", audiences=[caregivers])
    other = factories.resource(toolkit, title="Other")  # its card is on the page, as related
    url = other.url + "?exit=1" if reached_with_the_mode else page.url
    markup = soup(client, url)

    assert markup.select_one("[data-exit-this-page]") is not None
    assert markup.select_one("a.packet-add") is None
    assert markup.select_one(".packet-link") is None
    plain = soup(client, other.url)  # the same page without the mode offers both
    assert plain.select_one("a.packet-add") and plain.select_one(".packet-link")


def test_a_password_protected_entry_offers_no_add_to_packet(client, toolkit):
    """The packet never shows a password-protected entry, so its page does not offer it."""
    page = factories.resource(toolkit, title="Secret pw")
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=BaseViewRestriction.PASSWORD, password="x"
    )
    session = client.session
    session[PageViewRestriction.passed_view_restrictions_session_key] = [restriction.pk]
    session.save()
    markup = soup(client, page.url)

    assert markup.select_one("h1").get_text(strip=True) == "Secret pw"  # the page itself
    assert markup.select_one("a.packet-add") is None
    assert markup.select_one(".packet-link") is not None


def test_controls_for_the_screen_stay_off_paper(client, resources):
    markup = soup(client, resources[0].url)

    assert "screen-only" in markup.select_one(".packet-link")["class"]
    for link in markup.select("a.packet-add"):
        assert "screen-only" in link.find_parent(class_="packet-control")["class"]
