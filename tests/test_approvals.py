"""Approving an import's entries at once (catalog.approvals): the dashboard links a moderator to
the pages waiting for them, a confirmation lists them, and POST approves each as its own
"Approve" button would (publishing it, the review's only step being done)."""

import re
from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from wagtail.models import WorkflowState

from catalog.approvals import approve_url
from catalog.models import ResourcePage
from tests.test_import_review import editor, kit, moderator, signed_in  # noqa: F401 - fixtures
from tests.test_imports import csv_text, import_in_admin, row

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(editor, kit):  # noqa: F811 - the fixtures above
    import_in_admin(signed_in(editor), csv_text([row(1), row(2), row(3)]))
    return list(ResourcePage.objects.order_by("slug"))


def approve_link(client) -> str:
    """The dashboard's "approve the N waiting for you" link, or ""."""
    html = client.get("/admin/").content.decode()
    found = re.search(r'<a href="([^"]+)">approve the (\d+|one) waiting for you</a>', html)
    return found.group(1).replace("&amp;", "&") if found else ""


def test_a_moderator_approves_an_imported_batch_from_the_dashboard(moderator, imported):  # noqa: F811
    client = signed_in(moderator)
    url = approve_link(client)
    assert url
    confirmation = client.get(url)
    assert confirmation.status_code == HTTPStatus.OK
    shown = confirmation.content.decode()
    assert all(f"Resource {number}" in shown for number in (1, 2, 3))
    response = client.post(url)
    assert response.status_code == HTTPStatus.FOUND
    pages = ResourcePage.objects.order_by("slug")
    assert [page.live for page in pages] == [True, True, True]
    assert not WorkflowState.objects.active().exists()
    assert approve_link(client) == ""  # nothing left waiting


def test_an_editor_is_offered_no_approval_and_cannot_approve_by_address(editor, imported):  # noqa: F811
    client = signed_in(editor)
    assert approve_link(client) == ""
    url = approve_url([page.pk for page in imported])
    response = client.post(url)
    assert response.status_code == HTTPStatus.FOUND
    assert [page.live for page in ResourcePage.objects.all()] == [False, False, False]
    assert WorkflowState.objects.active().count() == 3


def test_a_page_not_in_review_is_named_and_left_alone(moderator, imported, kit):  # noqa: F811
    client = signed_in(moderator)
    url = approve_url([imported[0].pk, kit.pk])
    shown = client.get(url).content.decode()
    assert "not waiting for your approval" in shown and kit.title in shown
    client.post(url)
    assert ResourcePage.objects.get(pk=imported[0].pk).live
    assert not ResourcePage.objects.get(pk=imported[1].pk).live


@pytest.mark.parametrize("ids", [["x"], ["-1"], ["1" * 20], ["999999"]])
def test_bad_ids_are_not_found(moderator, imported, ids):  # noqa: F811
    url = approve_url([]) + "&".join(f"id={pk}" for pk in ids)
    assert signed_in(moderator).get(url).status_code == HTTPStatus.NOT_FOUND


def test_a_page_the_user_may_not_edit_is_not_named(moderator, imported, django_user_model):  # noqa: F811
    group = Group.objects.create(name="Admin access only")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    outsider = django_user_model.objects.create_user("outsider", password="x")
    outsider.groups.add(group)
    client = Client()
    client.force_login(outsider)
    shown = client.get(approve_url([imported[0].pk])).content.decode()
    assert "A page you may not edit" in shown and "Resource 1" not in shown
