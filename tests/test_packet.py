"""The trainer's packet page (issue 16): /packet/?e=<ids>&title=…&note-<id>=… shows the entries
this visitor may see, in the visitor's order, whatever else the address holds; the handout's
parts (cover, contents, each entry's details, address and QR code) and the editing links.

Exports and "Add all results" are in tests/test_packet_exports.py.
"""

import datetime
import re
import time
from http import HTTPStatus
from urllib.parse import parse_qs, urlencode, urlsplit

import lxml.html
import pytest
import segno
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import BaseViewRestriction, PageViewRestriction

from catalog.index.sync import reindex
from catalog.models import PodcastEpisodePage, ResourcePage
from catalog.models.choices import OfferingStatus
from tests import factories
from tests.privacy_catalog import DRAFTS, GROUP, MEMBERS, PUBLIC, build_catalog, text_of

pytestmark = pytest.mark.django_db

VISIBLE = {
    "anonymous": PUBLIC,
    "member": PUBLIC | MEMBERS,
    "group member": PUBLIC | MEMBERS | GROUP,
}


@pytest.fixture
def catalog(home):
    return build_catalog()


@pytest.fixture
def visitors(django_user_model) -> dict[str, Client]:
    member = django_user_model.objects.create_user("packet-member", password="x")
    in_group = django_user_model.objects.create_user("packet-group-member", password="x")
    in_group.groups.add(Group.objects.get_or_create(name="Chapter staff")[0])
    clients = {"anonymous": Client(), "member": Client(), "group member": Client()}
    clients["member"].force_login(member)
    clients["group member"].force_login(in_group)
    return clients


def page_html(response) -> lxml.html.HtmlElement:
    assert response.status_code == HTTPStatus.OK
    return lxml.html.fromstring(response.content.decode())


def shown_ids(response) -> list[int]:
    """The ids the packet says it shows (data-packet-ids), checked against its entry blocks."""
    root = page_html(response).find_class("packet")[0]
    listed = [int(pk) for pk in root.get("data-packet-ids").split(",") if pk]
    blocks = [int(block.get("data-entry-id")) for block in root.find_class("packet-entry")]
    assert listed == blocks
    return listed


def quick_resources(count: int, **fields) -> list[ResourcePage]:
    """Many published resources, faster than publishing each: pages added live, then indexed
    together."""
    kit = factories.toolkit()
    pages = [
        kit.add_child(
            instance=ResourcePage(
                title=f"Bulk {n}", slug=f"bulk-{n}", summary="S.", resource_type="guide", **fields
            )
        )
        for n in range(count)
    ]
    reindex([page.pk for page in pages])
    return pages


# --- privacy -------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", VISIBLE)
def test_each_visitor_sees_only_the_entries_they_may(catalog, visitors, who):
    order = sorted(catalog.entries, key=lambda key: (key[1], key[0]))  # every kind, every access
    ids = ",".join(str(catalog.entries[key].pk) for key in order)
    response = visitors[who].get("/packet/", {"e": ids})
    visible = [catalog.entries[key].pk for key in order if key in VISIBLE[who]]
    assert shown_ids(response) == visible
    text = text_of(response)
    for key, page in catalog.entries.items():
        assert (page.title in text) == (key in VISIBLE[who]), key
        if key not in VISIBLE[who]:
            assert page.slug not in text, key


def test_drafts_are_shown_to_nobody_not_even_a_superuser(catalog, admin_client):
    ids = ",".join(str(catalog.entries[key].pk) for key in DRAFTS)
    response = admin_client.get("/packet/", {"e": ids})
    assert shown_ids(response) == []
    assert "This packet is empty" in response.content.decode()


def test_a_password_protected_entry_is_dropped_even_for_members(visitors, home):
    shared, protected = factories.resource(title="Shared"), factories.resource(title="Secret pw")
    PageViewRestriction.objects.create(
        page=protected, restriction_type=BaseViewRestriction.PASSWORD, password="x"
    )
    for client in visitors.values():
        response = client.get("/packet/", {"e": f"{protected.pk},{shared.pk}"})
        assert shown_ids(response) == [shared.pk]
        assert "Secret pw" not in response.content.decode()


def test_a_hidden_entry_leaves_no_trace_in_the_links_it_builds(catalog):
    hidden = catalog.entries["members", "resource"]
    public = catalog.entries["public", "resource"]
    response = Client().get(
        "/packet/", {"e": f"{hidden.pk},{public.pk}", f"note-{hidden.pk}": "Secret note"}
    )
    html = response.content.decode()
    assert shown_ids(response) == [public.pk]
    assert f"e={hidden.pk}" not in html and f"note-{hidden.pk}" not in html
    assert "Secret note" not in html


# --- what the address may hold -------------------------------------------------------------------


def test_the_visitors_order_is_kept_and_junk_ids_are_ignored(search_catalog):
    first, second, third = (search_catalog["entries"][name] for name in
                            ("boys episode", "screening tool", "two-day training"))  # fmt: skip
    junk = ["abc", "-5", "0", "99999999999999999999", "1e3", "²", "", "999999", "12.5", "0x10"]
    e = ",".join([str(first.pk), *junk, f" {second.pk} ", str(first.pk), str(third.pk)])
    response = Client().get("/packet/", {"e": e})
    assert shown_ids(response) == [first.pk, second.pk, third.pk]


@pytest.mark.parametrize("e", ["", ",,,", "abc", "-1", "2147483648", "99999999999999999999"])
def test_nothing_valid_gives_the_empty_packet_page(home, e):
    response = Client().get("/packet/", {"e": e, "title": "Kept"})
    assert shown_ids(response) == []
    html = response.content.decode()
    assert "This packet is empty" in html
    assert "Add to packet" in html  # how to fill it
    assert 'class="packet-form"' not in html


def test_no_e_at_all_gives_the_empty_packet_page(home):
    response = Client().get("/packet/")
    assert shown_ids(response) == []
    assert "This packet is empty" in response.content.decode()


def test_ten_thousand_ids_are_answered_quickly_with_a_bounded_query(search_catalog):
    entry = search_catalog["entries"]["screening tool"]
    ids = ",".join([str(entry.pk), *(str(n) for n in range(100_000, 110_000))])
    client = Client()
    client.get("/packet/", {"e": str(entry.pk)})  # warm the per-process caches
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/packet/", {"e": ids})
    assert time.perf_counter() - started < 2
    assert shown_ids(response) == [entry.pk]
    longest = max(len(query["sql"]) for query in captured.captured_queries)
    assert longest < 20_000  # at most MAX_CANDIDATES (500) ids went to the database


def test_a_huge_title_and_note_are_cut_and_control_characters_dropped(search_catalog):
    entry = search_catalog["entries"]["screening tool"]
    response = Client().get(
        "/packet/",
        {
            "e": entry.pk,
            "title": "T\x00" + "t" * 10_000,
            f"note-{entry.pk}": "N\x00" + "n" * 10_000,
        },
    )
    html = page_html(response)
    assert html.get_element_by_id("packet-title").get("value") == "T" + "t" * 199
    assert html.get_element_by_id(f"packet-note-{entry.pk}").text == "N" + "n" * 499
    assert "\x00" not in response.content.decode()


def test_notes_past_the_address_budget_are_left_out_politely(home):
    """Every address the page builds stays under 6,000 bytes (servers refuse a long request
    line): notes are kept in entry order while they fit, and the page says the rest were not."""
    pages = quick_resources(20)
    note = "Read before day one, then " * 19  # ~500 characters, ~700 bytes once encoded
    params = {"e": ",".join(str(page.pk) for page in pages), "title": "T" * 200}
    params |= {f"note-{page.pk}": f"{n}. {note}" for n, page in enumerate(pages)}
    response = Client().get("/packet/", params)
    html = page_html(response)

    kept = [page.pk for page in pages if html.get_element_by_id(f"packet-note-{page.pk}").text]
    assert 0 < len(kept) < len(pages)
    assert kept == [page.pk for page in pages[: len(kept)]]  # in entry order
    notice = " ".join(html.find_class("packet")[0].text_content().split())
    assert "Some notes were left out: the packet’s address can hold about" in notice
    assert "characters of notes; shorten them." in notice

    addresses = [html.get_element_by_id("packet-share-url").get("value")]
    addresses += [link.get("href") for link in html.xpath("//a[@data-packet-action]")]
    exports = html.xpath('//*[@class="packet-share__links"]//a/@href')
    addresses += [href for href in exports if not href.startswith("mailto:")]
    assert len(addresses) == 1 + 19 + 19 + 20 + 3  # share, up, down, remove, exports
    assert all(len(address.encode()) < 6000 for address in addresses)
    form = html.find_class("packet-form")[0]
    sent = [(name, value.replace("\n", "\r\n")) for name, value in form.form_values()]
    submitted = form.get("action") + "?" + urlencode(sent)
    assert len(submitted.encode()) < 6000  # the form as a browser sends it, unchanged


def test_notes_that_fit_are_all_kept_without_a_word(search_catalog):
    entry = search_catalog["entries"]["screening tool"]
    response = Client().get("/packet/", {"e": entry.pk, f"note-{entry.pk}": "n" * 500})
    assert "Some notes were left out" not in response.content.decode()


def test_a_title_or_notes_from_the_address_are_said_to_come_from_it(search_catalog):
    """A crafted address can put any words on the site's page: the page says whose they are."""
    entry = search_catalog["entries"]["screening tool"]
    origin = "The title and notes come from the address you opened."
    for params, shown in [
        ({"e": entry.pk}, False),
        ({"e": entry.pk, "title": "Call 555-0100 now"}, True),
        ({"e": entry.pk, f"note-{entry.pk}": "Visit example.com"}, True),
    ]:
        html = page_html(Client().get("/packet/", params))
        notices = html.find_class("packet-origin")
        assert [" ".join(n.text_content().split()) for n in notices] == ([origin] if shown else [])
        assert all("screen-only" in n.get("class") for n in notices)


def test_title_and_notes_are_escaped_everywhere_on_the_page(search_catalog):
    entry = search_catalog["entries"]["screening tool"]
    payload = '"><img src=x onerror=alert(1)><script>alert(2)</script>'
    response = Client().get(
        "/packet/", {"e": entry.pk, "title": payload, f"note-{entry.pk}": payload}
    )
    html = response.content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert page_html(response).find_class("packet")[0].get("data-packet-title") == payload


def test_past_one_hundred_entries_the_rest_are_left_out_and_the_page_says_so(home):
    pages = quick_resources(103)
    ids = [page.pk for page in pages]
    response = Client().get("/packet/", {"e": ",".join(map(str, ids))})
    assert shown_ids(response) == ids[:100]
    text = " ".join(text_of(response).split())
    assert "A packet holds at most 100 entries, so 3 more were left out." in text


def test_the_cap_counts_only_entries_the_visitor_may_see(home):
    public = quick_resources(100)
    hidden = quick_resources(5)
    for page in hidden:
        factories.members_only(page)
    ids = [page.pk for page in hidden + public]
    response = Client().get("/packet/", {"e": ",".join(map(str, ids))})
    assert shown_ids(response) == [page.pk for page in public]
    assert "left out" not in response.content.decode()


# --- the page's controls -------------------------------------------------------------------------


def link_query(html, entry_id: int, action: str) -> dict | None:
    links = html.xpath(f'//a[@data-packet-action="{action}"][@data-entry-id="{entry_id}"]')
    if not links:
        return None
    parts = urlsplit(links[0].get("href"))
    assert parts.path == "/packet/"
    return parse_qs(parts.query)


def test_move_and_remove_links_change_the_order_and_keep_title_and_notes(search_catalog):
    a, b, c = (search_catalog["entries"][name].pk for name in
               ("screening tool", "interview guide", "boys episode"))  # fmt: skip
    response = Client().get(
        "/packet/", {"e": f"{a},{b},{c}", "title": "MDT day", f"note-{b}": "Read first"}
    )
    html = page_html(response)
    kept = {"title": ["MDT day"], f"note-{b}": ["Read first"]}
    assert link_query(html, a, "up") is None
    assert link_query(html, c, "down") is None
    assert link_query(html, b, "up") == {"e": [f"{b},{a},{c}"], **kept}
    assert link_query(html, b, "down") == {"e": [f"{a},{c},{b}"], **kept}
    assert link_query(html, a, "remove") == {"e": [f"{b},{c}"], **kept}
    assert link_query(html, b, "remove") == {"e": [f"{a},{c}"], "title": ["MDT day"]}
    name = html.xpath(f'//a[@data-packet-action="up"][@data-entry-id="{b}"]')[0].text_content()
    assert name == "Move “Interview guide” up"


def test_the_form_and_share_address_follow_the_contract(search_catalog):
    a, b = (search_catalog["entries"][name].pk for name in ("screening tool", "boys episode"))
    response = Client().get("/packet/", {"e": f"{a},{b}", "title": "T", f"note-{a}": "x"})
    html = page_html(response)
    root = html.find_class("packet")[0]
    assert root.get("data-packet-title") == "T"
    form = html.find_class("packet-form")[0]
    assert (form.get("method"), form.get("action")) == ("get", "/packet/")
    assert form.xpath('.//input[@type="hidden"][@name="e"]')[0].get("value") == f"{a},{b}"
    for pk in (a, b):
        block = html.get_element_by_id(f"packet-entry-{pk}")
        assert block.xpath(f'.//textarea[@name="note-{pk}"]')
    assert form.xpath('.//button[@type="submit"]')[0].text_content() == "Save title and notes"
    share = html.get_element_by_id("packet-share-url")
    assert share.get("readonly") is not None
    assert share.get("value") == f"http://localhost/packet/?e={a},{b}&title=T&note-{a}=x"
    exports = {
        link.text_content(): link.get("href")
        for link in html.find_class("packet-share")[0].iter("a")
    }
    query = f"?e={a},{b}&title=T&note-{a}=x"
    assert exports["Download CSV"] == f"/packet/packet.csv{query}"
    assert exports["Download calendar (.ics)"] == f"/packet/packet.ics{query}"
    assert exports["Plain text for email"] == f"/packet/packet.txt{query}"


def test_every_field_has_a_label_and_no_id_repeats(search_catalog):
    ids = ",".join(str(page.pk) for page in search_catalog["entries"].values())
    html = page_html(Client().get("/packet/", {"e": ids}))
    every_id = [element.get("id") for element in html.iter() if element.get("id")]
    assert len(every_id) == len(set(every_id))
    labelled = {label.get("for") for label in html.iter("label")}
    fields = html.xpath('//input[not(@type="hidden")] | //textarea | //select')
    assert fields and all(field.get("id") in labelled for field in fields)


def test_the_handout_has_a_cover_contents_and_each_entrys_details(search_catalog):
    entries = search_catalog["entries"]
    names = ("screening tool", "two-day training", "boys episode")
    resource, curriculum, episode = (entries[name] for name in names)
    ResourcePage.objects.filter(pk=resource.pk).update(publisher="National Children's Alliance")
    soon = factories.offering(curriculum, 10, registration_url="https://example.org/register/")
    factories.offering(curriculum, 5, status=OfferingStatus.CANCELLED, venue="Cancelled venue")
    factories.offering(curriculum, -5, venue="Past venue")
    online = factories.offering(curriculum, 20, delivery_format="online", venue="")
    PodcastEpisodePage.objects.filter(pk=episode.pk).update(
        duration=datetime.timedelta(minutes=42, seconds=10),
        transcript_cues=[[0, 1, "Host", "Hello"]],
    )
    ids = f"{resource.pk},{curriculum.pk},{episode.pk}"
    response = Client().get(
        "/packet/",
        {"e": ids, "title": "Harrisburg MDT", f"note-{resource.pk}": "Hand out\non day one"},
    )
    html = page_html(response)
    text = " ".join(html.text_content().split())
    assert "<title>Harrisburg MDT · Packet · " in response.content.decode()
    assert '<meta name="robots" content="noindex">' in response.content.decode()
    assert html.find_class("packet-cover")[0].find(".//h1").text_content() == "Harrisburg MDT"
    assert "3 entries" in html.find_class("packet-cover")[0].text_content()
    assert html.xpath('//*[@class="packet-cover"]//time[@data-print-date]')
    contents = [link.get("href") for link in html.find_class("packet-toc")[0].iter("a")]
    assert contents == [f"#packet-entry-{pk}" for pk in ids.split(",")]

    block = html.get_element_by_id(f"packet-entry-{resource.pk}")
    block_text = " ".join(block.text_content().split())
    assert "Screening tool" in block_text and "Ten intake questions." in block_text
    facts = block.find_class("packet-entry__facts")[0]
    facts = {div.find("dt").text_content(): div.find("dd").text_content() for div in facts}
    assert facts == {"Published": "May 2, 2023", "Publisher": "National Children's Alliance"}
    assert "Identification and screening" in block_text  # its tags
    assert "http://localhost" + resource.url in block_text  # its address in full
    note = block.find_class("packet-entry__note")[0]
    assert lxml.html.tostring(note, encoding="unicode").count("<br>") == 1

    offerings = html.get_element_by_id(f"packet-entry-{curriculum.pk}").find_class("offering")
    assert len(offerings) == 2  # the upcoming ones, not the cancelled or the past one
    assert soon.location in offerings[0].text_content()
    assert offerings[0].find(".//a").get("href") == "https://example.org/register/"
    assert online.location == "Online" == offerings[1].find_class("offering__where")[0].text

    episode_text = html.get_element_by_id(f"packet-entry-{episode.pk}").text_content()
    assert "42 min" in episode_text
    # The transcript as the episode page shows it (its section), not the raw WebVTT file.
    transcript = f"http://localhost{episode.url}#transcript-heading"
    assert transcript in episode_text and "transcript/" not in episode_text
    episode_page = page_html(Client().get(episode.url))
    assert episode_page.get_element_by_id("transcript-heading").text_content() == "Transcript"
    assert "Cancelled venue" not in text and "Past venue" not in text


def test_an_episode_without_a_transcript_names_none(search_catalog):
    episode = search_catalog["entries"]["boys episode"]
    html = page_html(Client().get("/packet/", {"e": episode.pk}))
    assert "transcript" not in html.get_element_by_id(f"packet-entry-{episode.pk}").text_content()


# --- QR codes ------------------------------------------------------------------------------------

PATH_STEP = re.compile(r"([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?")


def dark_modules(svg) -> tuple[int, set[tuple[int, int]]]:
    """(size, dark modules as (row, column)) read back from segno's SVG path: `M`/`m` move to a
    row's middle, each `h` draws that many modules."""
    size = int((svg.get("viewBox") or svg.get("viewbox")).split()[2])  # HTML parsers lowercase it
    (path,) = svg.findall("{*}path") or svg.findall("path")
    x = y = 0.0
    dark = set()
    for command, first, second in PATH_STEP.findall(path.get("d")):
        if command == "M":
            x, y = float(first), float(second)
        elif command == "m":
            x, y = x + float(first), y + float(second)
        else:
            dark.update((int(y), column) for column in range(int(x), int(x + float(first))))
            x += float(first)
    return size, dark


def encodes(symbol: tuple[int, set], url: str) -> bool:
    """Whether the symbol is a QR code of `url`: drawn the same as segno draws `url` at the
    symbol's version with some error level and mask (whichever the symbol was made with)."""
    size, dark = symbol
    for border in range(0, 5):
        version = (size - 2 * border - 17) // 4
        if not 1 <= version <= 40 or (size - 2 * border - 17) % 4:
            continue
        for error in "LMQH":
            for mask in range(8):
                try:
                    code = segno.make_qr(
                        url, version=version, error=error, mask=mask, boost_error=False
                    )
                except segno.DataOverflowError:
                    break
                expected = {(row + border, column + border)
                            for row, line in enumerate(code.matrix)
                            for column, module in enumerate(line) if module}  # fmt: skip
                if expected == dark:
                    return True
    return False


def test_each_qr_code_encodes_its_entrys_absolute_address(search_catalog):
    entries = [search_catalog["entries"][name] for name in ("screening tool", "boys episode")]
    response = Client().get("/packet/", {"e": ",".join(str(page.pk) for page in entries)})
    html = page_html(response)
    for page, other in zip(entries, reversed(entries), strict=True):
        (svg,) = html.get_element_by_id(f"packet-entry-{page.pk}").iter("svg", "{*}svg")
        symbol = dark_modules(svg)
        assert encodes(symbol, f"http://localhost{page.url}")
        assert not encodes(symbol, f"http://localhost{other.url}")
        assert svg.get("aria-hidden") == "true"
        markup = lxml.html.tostring(svg, encoding="unicode")
        assert "style" not in markup and "<script" not in markup and "data:" not in markup


def test_qr_codes_use_the_sites_own_address_not_the_requests_host(search_catalog, settings):
    settings.ALLOWED_HOSTS = ["*"]
    page = search_catalog["entries"]["screening tool"]
    html = page_html(Client().get("/packet/", {"e": page.pk}, HTTP_HOST="alias.example.net"))
    (svg,) = html.get_element_by_id(f"packet-entry-{page.pk}").iter("svg", "{*}svg")
    assert encodes(dark_modules(svg), f"http://localhost{page.url}")


# --- cost, cookies and caches --------------------------------------------------------------------


def entries_of_each_kind(count: int) -> list[int]:
    """`count` published entries of each kind, curricula with offerings, episodes with
    transcripts: what makes each kind's extras query something."""
    chapter, show = factories.chapter(), factories.podcast()
    ids = []
    for _ in range(count):
        ids.append(factories.resource(publisher="Publisher").pk)
        curriculum = factories.curriculum(chapter)
        factories.offering(curriculum, 10)
        factories.offering(curriculum, 20)
        ids.append(curriculum.pk)
        episode = factories.episode(show, transcript="WEBVTT\n\n00:00.000 --> 00:01.000\nHi\n")
        ids.append(episode.pk)
    return ids


def test_query_count_does_not_grow_with_the_number_of_entries(home, member_client):
    few, many = entries_of_each_kind(1), entries_of_each_kind(10)
    for client in (Client(), member_client):
        client.get("/packet/", {"e": ",".join(map(str, few))})  # warm the per-process caches
        counts = []
        for ids in (few, many):
            with CaptureQueriesContext(connection) as captured:
                response = client.get("/packet/", {"e": ",".join(map(str, ids))})
            assert shown_ids(response) == ids
            counts.append(len(captured))
        assert counts[0] == counts[1], counts
        assert counts[0] <= 14  # 7 for the packet, the rest the layout's (session, menu…)


@pytest.mark.parametrize("e", ["", "1,2,3"])
def test_an_anonymous_visitor_gets_no_cookie(search_catalog, e):
    ids = e or ",".join(str(page.pk) for page in search_catalog["entries"].values())
    client = Client()
    response = client.get("/packet/", {"e": ids, "title": "T"})
    assert response.status_code == HTTPStatus.OK
    assert "Set-Cookie" not in response.headers and not response.cookies
    assert not client.cookies


def test_one_visitors_packet_page_is_never_served_to_another(catalog, visitors, settings):
    settings.CATALOG_PAGE_CACHE_SECONDS = 300
    ids = ",".join(str(page.pk) for page in catalog.entries.values())
    members_title = catalog.entries["members", "resource"].title
    for who in ("member", "anonymous", "group member", "anonymous"):
        response = visitors[who].get("/packet/", {"e": ids})
        assert (members_title in response.content.decode()) == (who != "anonymous")
        if who != "anonymous":
            assert "private" in response["Cache-Control"]
        else:
            assert "cookie" in response["Vary"].lower()
