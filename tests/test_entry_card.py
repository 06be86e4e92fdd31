"""A result card, whole: what a search draws for each entry (catalog_tags.entry_card)."""

import datetime
import re

import pytest

from tests import factories

pytestmark = pytest.mark.django_db

CARD = re.compile(r'<article class="entry-card">.*?</article>', re.S)


def test_a_members_only_spanish_entry_s_card_in_a_member_s_search(member_client, home):
    entry = factories.members_only(
        factories.resource(
            title="Guía de <detección>",
            summary="Detección y cribado & derivación.",
            language="es",
            publication_date=datetime.date(2025, 3, 7),
            topics=[factories.topic("Screening")],
        )
    )
    html = member_client.get("/search/", {"q": "guía"}).content.decode()
    [card] = CARD.findall(html)
    href = entry.url
    assert card == (
        '<article class="entry-card">\n'
        '  <p class="entry-card__type">Guide <span class="badge">Members only</span></p>\n'
        f'  <h3 class="entry-card__title" lang="es"><a href="{href}"><mark>Guía</mark> de '
        "&lt;detección&gt;</a></h3>\n"
        '  <p class="entry-card__summary" lang="es">Detección y cribado &amp; derivación.</p>\n'
        "  \n"
        '  <p class="entry-card__date"><time datetime="2025-03-07">March 7, 2025</time></p>\n'
        '  <dl class="tag-groups">\n<div>\n  <dt>Topics</dt>\n  <dd><ul class="tags"><li>'
        '<a href="/browse/topics/screening/">Screening</a></li></ul></dd>\n</div>\n</dl>\n'
        '  <p class="packet-control screen-only"><a class="packet-add" '
        f'href="/packet/?e={entry.pk}" data-packet-id="{entry.pk}" '
        f'data-packet-title="Guía de &lt;detección&gt;" data-packet-url="{href}">Add to packet'
        '<span class="visually-hidden">: Guía de &lt;detección&gt;</span></a></p>\n'
        "</article>"
    )


def test_a_page_of_cards_works_out_each_address_once_and_the_packet_s_once(
    client, home, monkeypatch
):
    """Wagtail's `get_url` reverses a URL each call: a card asks once for its title's link and
    "Add to packet" both, and the page reverses the packet's address once for all its cards."""
    from wagtail.models import Page

    from catalog.templatetags import packet_tags

    entries = [factories.resource(title=f"Screening guide {n}") for n in range(3)]
    addresses, packet_reversed = [], []
    get_url, reverse = Page.get_url, packet_tags.reverse

    def counted_get_url(page, *args, **kwargs):
        addresses.append(page.pk)
        return get_url(page, *args, **kwargs)

    def counted_reverse(name, *args, **kwargs):
        packet_reversed.append(name)
        return reverse(name, *args, **kwargs)

    monkeypatch.setattr(Page, "get_url", counted_get_url)
    monkeypatch.setattr(packet_tags, "reverse", counted_reverse)
    html = client.get("/search/", {"q": "screening"}).content.decode()
    cards = CARD.findall(html)
    assert len(cards) == 3
    assert sorted(pk for pk in addresses if pk in {entry.pk for entry in entries}) == sorted(
        entry.pk for entry in entries
    )
    assert packet_reversed == ["packet"]
    for entry in entries:  # each card still has its own "Add to packet"
        assert html.count(f'href="/packet/?e={entry.pk}" data-packet-id="{entry.pk}"') == 1


def test_a_term_on_many_cards_is_drawn_once_and_anew_when_renamed(client, home, monkeypatch):
    """A tag link is the same on every card that lists its term: drawn once per process (and
    per "Exit this page" mode), drawn again once the term's name changes."""
    from catalog.templatetags import catalog_tags

    catalog_tags.term_tag.cache_clear()
    catalog_tags.listed_group.cache_clear()  # equal terms of earlier tests are drawn already
    screening = factories.topic("Screening")
    for n in range(3):
        factories.resource(title=f"Screening guide {n}", topics=[screening])
    drawn = []
    format_html = catalog_tags.format_html

    def counted(template, *args):
        if template == catalog_tags.TAG:
            drawn.append(args)
        return format_html(template, *args)

    monkeypatch.setattr(catalog_tags, "format_html", counted)
    link = '<a href="/browse/topics/screening/">Screening</a>'
    assert client.get("/search/", {"q": "guide"}).content.decode().count(link) == 3
    assert client.get("/search/", {"q": "guide"}).content.decode().count(link) == 3
    assert drawn == [("/browse/topics/screening/", "Screening")]
    exit_link = '<a href="/browse/topics/screening/?exit=1">Screening</a>'
    html = client.get("/search/", {"q": "guide", "exit": "1"}).content.decode()
    assert html.count(exit_link) == 3
    screening.name = "Screening & intake"
    screening.save_revision().publish()
    renamed = '<a href="/browse/topics/screening/">Screening &amp; intake</a>'
    assert client.get("/search/", {"q": "guide"}).content.decode().count(renamed) == 3
    assert len(drawn) == 3


def test_cards_of_one_date_format_it_once(client, home, monkeypatch):
    """Django's date format is slow for a card's two spellings of its date: a process formats
    each date once (per language), however many cards and pages show it."""
    from catalog.templatetags import catalog_tags

    catalog_tags.card_dates.cache_clear()
    for n in range(3):
        factories.resource(title=f"Screening guide {n}", publication_date=datetime.date(2024, 5, 2))
    formatted = []
    date_filter = catalog_tags.date_filter

    def counted(value, spelling):
        formatted.append((value, spelling))
        return date_filter(value, spelling)

    monkeypatch.setattr(catalog_tags, "date_filter", counted)
    for _ in range(2):
        html = client.get("/search/", {"q": "guide"}).content.decode()
        assert html.count('<time datetime="2024-05-02">May 2, 2024</time>') == 3
    assert formatted == [
        (datetime.date(2024, 5, 2), "Y-m-d"),
        (datetime.date(2024, 5, 2), "F j, Y"),
    ]
