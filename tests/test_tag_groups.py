"""An entry's tags, on its page and on its result card: a list of groups (`<dl>`), each a label
and links to the terms' browse pages, names escaped, nothing when the entry has no live tag."""

import re

import pytest

from tests import factories

pytestmark = pytest.mark.django_db

GROUPS = re.compile(r'<dl class="tag-groups">(.*?)</dl>', re.S)
GROUP = re.compile(r'<div>\s*<dt>(.*?)</dt>\s*<dd><ul class="tags">(.*?)</ul></dd>\s*</div>', re.S)
LINK = re.compile(r'<li><a href="([^"]*)">(.*?)</a></li>')


def tag_groups(html: str) -> list[list[tuple[str, list[tuple[str, str]]]]]:
    """Each `<dl class="tag-groups">` of a page: [(label, [(href, name), …]), …]."""
    return [
        [(label, LINK.findall(links)) for label, links in GROUP.findall(found)]
        for found in GROUPS.findall(html)
    ]


@pytest.fixture
def tagged(home):
    return factories.resource(
        title="Screening <tool>",
        summary="A screening tool for intake.",
        disciplines=[factories.discipline("Medical & Mental Health")],
        audiences=[factories.audience("Caregivers <families>", safety_exit=True)],
        topics=[factories.topic("Screening"), factories.topic("Draft topic", live=False)],
    )


def test_an_entry_page_and_its_card_list_its_live_tags_by_group(client, tagged):
    browse = "/browse/{}/?exit=1"
    expected = [
        ("Disciplines", [(browse.format("disciplines/medical-mental-health"),
                          "Medical &amp; Mental Health")]),
        ("Audiences", [(browse.format("audiences/caregivers-families"),
                        "Caregivers &lt;families&gt;")]),
        ("Topics", [(browse.format("topics/screening"), "Screening")]),
    ]  # fmt: skip
    # The entry concerns caregivers: its page shows "Exit this page", and its links carry it.
    assert tag_groups(client.get(tagged.url).content.decode()) == [expected]
    search = client.get("/search/", {"q": "screening"}).content.decode()
    card = [(label, [(href.replace("?exit=1", ""), name) for href, name in links])
            for label, links in expected]  # fmt: skip
    assert tag_groups(search) == [card]  # the search page itself concerns no one at risk


def test_an_entry_without_live_tags_shows_no_list(client, home):
    entry = factories.resource(title="Untagged", topics=[factories.topic("Hidden", live=False)])
    assert 'class="tag-groups"' not in client.get(entry.url).content.decode()
    search = client.get("/search/", {"q": "untagged"}).content.decode()
    assert "Untagged" in search and 'class="tag-groups"' not in search
