"""Related entries: what shares the most tags with an entry, topics counting double."""

import pytest

from catalog.related import related_entries
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def terms(home):
    return {
        "screening": factories.topic("Screening"),
        "housing": factories.topic("Housing"),
        "advocacy": factories.discipline("Advocacy"),
        "medical": factories.discipline("Medical"),
        "staff": factories.audience("Staff"),
    }


def test_ranked_by_shared_terms_with_topics_counting_double(rf, terms):
    entry = factories.resource(
        topics=[terms["screening"], terms["housing"]],
        disciplines=[terms["advocacy"]],
        audiences=[terms["staff"]],
    )
    both_topics = factories.curriculum(topics=[terms["screening"], terms["housing"]])  # 4
    topic_and_discipline = factories.episode(
        topics=[terms["screening"]], disciplines=[terms["advocacy"]]
    )  # 3
    discipline_and_audience = factories.resource(
        disciplines=[terms["advocacy"]], audiences=[terms["staff"]]
    )  # 2
    factories.resource(disciplines=[terms["medical"]])  # shares nothing

    related = related_entries(entry, rf.get("/"))

    expected = [both_topics, topic_and_discipline, discipline_and_audience]
    assert [entry.pk for entry in related] == [entry.pk for entry in expected]


def test_at_most_four_and_never_the_entry_itself(rf, terms):
    entry = factories.resource(topics=[terms["screening"]])
    for _ in range(6):
        factories.resource(topics=[terms["screening"]])
    related = related_entries(entry, rf.get("/"))
    assert len(related) == 4
    assert entry.pk not in [other.pk for other in related]


def test_an_untagged_entry_has_no_related_entries_section(client, terms):
    entry = factories.resource()
    factories.resource()
    response = client.get(entry.url)
    assert response.context["related_entries"] == []
    assert 'id="related-heading"' not in response.content.decode()


def test_related_entries_appear_on_the_detail_page(client, terms):
    entry = factories.resource(topics=[terms["housing"]])
    neighbour = factories.episode(title="A safe place to stay", topics=[terms["housing"]])
    html = client.get(entry.url).content.decode()
    assert 'id="related-heading"' in html
    assert f'href="{neighbour.url}"' in html
