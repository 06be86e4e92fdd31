"""Browse pages: every entry with one discipline, audience or topic, reached from its tag links."""

import re

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


def test_tag_links_lead_to_the_browse_page_listing_the_entry(client, home):
    interviewing = factories.discipline("Forensic interviewing", description="Interviewers.")
    page = factories.resource(title="Interview guide", disciplines=[interviewing])

    html = client.get(page.url).content.decode()
    link = re.search(r'href="(/browse/disciplines/[^"]+)">Forensic interviewing<', html).group(1)
    assert link == "/browse/disciplines/forensic-interviewing/"

    response = client.get(link)
    assert response.status_code == 200
    assert response.context["term"] == interviewing
    listed = response.context["search"].page.object_list
    assert [entry.title for entry in listed] == ["Interview guide"]
    assert "Interviewers." in response.content.decode()


@pytest.mark.parametrize("vocabulary", ["disciplines", "audiences", "topics"])
def test_browse_lists_every_entry_type_with_the_term_and_nothing_else(client, home, vocabulary):
    make_term = {
        "disciplines": factories.discipline,
        "audiences": factories.audience,
        "topics": factories.topic,
    }[vocabulary]
    term, other = make_term(), make_term()
    tagged = [
        factories.resource(**{vocabulary: [term]}),
        factories.curriculum(**{vocabulary: [term, other]}),
        factories.episode(**{vocabulary: [term]}),
    ]
    factories.resource(**{vocabulary: [other]})

    response = client.get(term.get_absolute_url())

    listed = response.context["search"].page.object_list
    assert sorted(entry.pk for entry in listed) == sorted(page.pk for page in tagged)


@pytest.mark.parametrize(
    "url",
    [
        "/browse/colours/red/",
        "/browse/disciplines/no-such-term/",
        "/browse/topics/%FF/",
        "/browse/__class__/x/",
    ],
)
def test_unknown_vocabularies_and_terms_are_not_found(client, home, url):
    factories.discipline("Medical")
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("page", ["abc", "-3", "0", "99999999999999999999", "1e9999", "\x00"])
def test_bad_page_numbers_still_give_a_page(client, home, page):
    term = factories.topic()
    factories.resource(topics=[term])
    response = client.get(term.get_absolute_url(), {"page": page})
    assert response.status_code == 200
    assert len(response.context["search"].page.object_list) == 1


def test_slugs_are_made_from_names_and_stay_unique_urls(home):
    term = factories.discipline("Child protective services / child welfare")
    assert term.slug == "child-protective-services-child-welfare"
    assert term.get_absolute_url() == "/browse/disciplines/child-protective-services-child-welfare/"
