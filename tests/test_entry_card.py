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
