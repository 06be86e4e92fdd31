"""A change in the admin and the catalog index rows it rewrites commit together, or not at all.

Requests that change something run their view in one transaction
(catalog.middleware.AtomicWritesMiddleware); reading requests open none.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.index.backend import IndexBackend
from catalog.models import IndexEntry
from tests import factories

pytestmark = pytest.mark.django_db


class IndexDown(Exception):
    """The index could not be written (a full disk, a lost connection)."""


def test_an_unpublish_whose_index_write_fails_is_undone(admin_client, home, monkeypatch):
    toolkit = factories.toolkit(home)
    resource = factories.resource(toolkit, title="Screening guide")
    assert IndexEntry.objects.filter(pk=resource.pk).exists()

    def fail(self, page_ids, documents):
        raise IndexDown

    monkeypatch.setattr(IndexBackend, "replace", fail)
    with pytest.raises(IndexDown):
        admin_client.post(f"/admin/pages/{resource.pk}/unpublish/")

    resource.refresh_from_db()
    assert resource.live  # the unpublish was rolled back with the failed index write
    assert IndexEntry.objects.filter(pk=resource.pk).exists()


def test_the_same_unpublish_goes_through_when_the_index_is_written(admin_client, home):
    toolkit = factories.toolkit(home)
    resource = factories.resource(toolkit, title="Screening guide")
    admin_client.post(f"/admin/pages/{resource.pk}/unpublish/")
    resource.refresh_from_db()
    assert not resource.live
    assert not IndexEntry.objects.filter(pk=resource.pk).exists()


def test_a_reading_request_opens_no_transaction(client):
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/healthz/").status_code == 200
    assert not [query for query in captured if "SAVEPOINT" in query["sql"].upper()]
