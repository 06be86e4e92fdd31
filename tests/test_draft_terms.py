"""A taxonomy term that was never published shows nowhere on the public site (issue 12, no. 3).

An editor may tag entries with a draft term (so a new term and its entries can be reviewed
together); visitors see the term only once a moderator publishes it.
"""

from http import HTTPStatus

import pytest

from catalog.models import CurriculumPage, Discipline
from catalog.related import related_entries
from tests import factories

pytestmark = pytest.mark.django_db

DRAFT_NAMES = ("Zebra discipline", "Zebra audience", "Zebra topic")


@pytest.fixture
def tagged(home):
    """Live and draft terms on a resource, a curriculum's agenda and offering, and an episode."""
    medical = factories.discipline("Medical")
    drafts = {
        "disciplines": factories.discipline(DRAFT_NAMES[0], live=False),
        "audiences": factories.audience(DRAFT_NAMES[1], live=False, safety_exit=True),
        "topics": factories.topic(DRAFT_NAMES[2], live=False),
    }
    tags = {field: [term] for field, term in drafts.items()}
    resource = factories.resource(
        title="Zebra screening tool", **{**tags, "disciplines": [medical, drafts["disciplines"]]}
    )
    session = {"title": "Intake", "disciplines": [drafts["disciplines"].pk, medical.pk]}
    curriculum = factories.curriculum(
        title="Two-day training",
        agenda=[{"type": "day", "value": {"title": "Day 1", "sessions": [session]}}],
        **{**tags, "disciplines": [medical, drafts["disciplines"]]},
    )
    factories.offering(curriculum)
    episode = factories.episode(title="Episode one", **tags)
    return {"medical": medical, "drafts": drafts, "pages": [resource, curriculum, episode]}


def public_urls(tagged) -> list[str]:
    resource, curriculum, episode = tagged["pages"]
    chapter_index = curriculum.get_parent().get_parent()
    return [
        "/",
        resource.url,
        curriculum.url,
        episode.url,
        f"{episode.get_parent().url}feed/",
        "/search/",
        "/search/?q=zebra",
        "/search/?discipline=zebra-discipline&audience=zebra-audience&topic=zebra-topic",
        "/search/suggest/?q=zebra",
        "/search/export.csv?q=zebra",
        tagged["medical"].get_absolute_url(),
        f"{chapter_index.url}upcoming/",
        f"{chapter_index.url}calendar/",
    ]


def body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def test_a_draft_term_is_named_on_no_public_page(client, tagged):
    for url in public_urls(tagged):
        response = client.get(url)
        assert response.status_code == HTTPStatus.OK, url
        text = body(response)
        for name in DRAFT_NAMES:
            assert name not in text, (url, name)
    # The live term beside them still shows: the pages do list tags.
    resource, curriculum, _episode = tagged["pages"]
    assert "Medical" in body(client.get(resource.url))
    assert "Medical" in body(client.get(curriculum.url))


def test_a_draft_terms_browse_page_and_calendar_are_not_found(client, tagged):
    for term in tagged["drafts"].values():
        assert client.get(term.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    chapter_index = tagged["pages"][1].get_parent().get_parent()
    calendar = f"{chapter_index.url}calendar/zebra-discipline/"
    assert client.get(calendar).status_code == HTTPStatus.NOT_FOUND
    assert client.get(f"{chapter_index.url}calendar/medical/").status_code == HTTPStatus.OK


def test_a_draft_term_in_a_search_link_is_dropped_like_an_unknown_one(client, tagged):
    response = client.get("/search/", {"discipline": ["zebra-discipline", "no-such-term"]})
    assert response.status_code == HTTPStatus.OK
    filterset = response.context["search"].filterset
    assert filterset.ignored == [("Discipline", "zebra-discipline"), ("Discipline", "no-such-term")]
    choices = [value for value, _label in filterset.form.fields["discipline"].choices]
    assert "zebra-discipline" not in choices
    assert "medical" in choices


def test_the_agenda_shows_only_published_disciplines(tagged):
    curriculum = CurriculumPage.objects.get(pk=tagged["pages"][1].pk)
    session = curriculum.agenda[0].value["sessions"][0]
    assert [term.name for term in session.live_disciplines()] == ["Medical"]


def test_entries_sharing_only_a_draft_term_are_not_related(rf, home):
    draft = factories.topic("Zebra topic", live=False)
    entry, other = factories.resource(topics=[draft]), factories.resource(topics=[draft])
    assert related_entries(entry, rf.get("/")) == []
    draft.save_revision().publish()
    assert [related.pk for related in related_entries(entry, rf.get("/"))] == [other.pk]


def test_the_coverage_report_has_no_column_or_row_for_a_draft_term(admin_client, tagged):
    text = body(admin_client.get("/admin/reports/coverage/"))
    assert "Medical" in text
    for name in DRAFT_NAMES[:2]:
        assert name not in text


def test_publishing_the_term_shows_it(client, tagged):
    draft = tagged["drafts"]["disciplines"]
    draft.save_revision().publish()
    assert Discipline.objects.live().filter(pk=draft.pk).exists()
    assert client.get(draft.get_absolute_url()).status_code == HTTPStatus.OK
    assert DRAFT_NAMES[0] in body(client.get(tagged["pages"][0].url))


def test_a_draft_audience_s_exit_this_page_takes_effect_when_it_is_published(client, home):
    """The entry page applies the one rule (catalog.safety_exit) to its published audiences, as
    its related entries and the search do: a moderator's unpublished mark changes nothing yet."""
    draft = factories.audience("Zebra audience", live=False, safety_exit=True)
    entry = factories.resource(audiences=[draft])
    assert "exit-this-page__button" not in body(client.get(entry.url))
    draft.save_revision().publish()
    assert "exit-this-page__button" in body(client.get(entry.url))
