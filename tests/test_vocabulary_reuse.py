"""The vocabulary a process keeps between requests (catalog.vocabulary, issue 13): read once per
content version and per set of closed sections, never stale, never another reader's."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from catalog.vocabulary import load_vocabulary
from tests import factories

pytestmark = pytest.mark.django_db


def request_for(user=None):
    request = RequestFactory().get("/search/")
    request.user = user or AnonymousUser()
    return request


def names(user=None, kind: str = "topic") -> list[str]:
    return [term.name for term in load_vocabulary(request_for(user)).of(kind)]


def test_a_second_request_reads_no_term_table():
    factories.topic("Housing")
    names()
    with CaptureQueriesContext(connection) as captured:
        assert names() == ["Housing"]
    assert not any("catalog_topic" in query["sql"] for query in captured.captured_queries)


def test_a_renamed_or_unpublished_term_shows_on_the_very_next_request():
    housing = factories.topic("Housing")
    assert names() == ["Housing"]
    housing.name = "Housing and shelter"
    housing.save_revision().publish()
    assert names() == ["Housing and shelter"]
    housing.unpublish()
    assert names() == []


def test_each_reader_gets_the_chapters_they_may_see(django_user_model):
    factories.chapter(title="Open chapter")
    factories.members_only(factories.chapter(title="Members' chapter"))
    member = django_user_model.objects.create_user("member")
    assert names(kind="chapter") == ["Open chapter"]
    assert names(member, kind="chapter") == ["Members' chapter", "Open chapter"]
    assert names(kind="chapter") == ["Open chapter"]


def test_a_request_changing_its_lists_changes_no_other_requests():
    factories.topic("Housing")
    load_vocabulary(request_for()).of("topic").clear()
    assert names() == ["Housing"]
