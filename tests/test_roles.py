"""Editorial roles: editors write and submit for review, moderators approve and publish."""

from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page, Workflow

from catalog.models import HomePage, ResourcePage
from tests import factories
from tests.test_admin import resource_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def kit(home):
    return factories.toolkit()


def client_for(client, django_user_model, group: str):
    user = django_user_model.objects.create_user(group.split()[-1], password="x")
    user.groups.add(Group.objects.get(name=group))
    client.force_login(user)
    return client


@pytest.fixture
def editor(client, django_user_model):
    return client_for(client, django_user_model, "Catalog editors")


@pytest.fixture
def moderator(client, django_user_model):
    return client_for(client, django_user_model, "Catalog moderators")


def add_resource(client, kit, action: str):
    data = {k: v for k, v in resource_form().items() if k != "action-publish"}
    if action:
        data[f"action-{action}"] = action
    return client.post(f"/admin/pages/add/catalog/resourcepage/{kit.pk}/", data)


def test_an_editor_can_write_but_not_publish(editor, kit):
    response = add_resource(editor, kit, "publish")
    assert response.status_code in (HTTPStatus.FORBIDDEN, HTTPStatus.FOUND)
    assert not ResourcePage.objects.live().exists()


def test_an_editor_submits_for_review_by_the_moderators(editor, kit):
    response = add_resource(editor, kit, "submit")
    assert response.status_code == HTTPStatus.FOUND
    page = ResourcePage.objects.get()
    assert not page.live
    assert page.workflow_in_progress
    state = page.current_workflow_state
    assert state.workflow.name == "Catalog review"
    task = state.current_task_state.task.specific
    assert list(task.groups.values_list("name", flat=True)) == ["Catalog moderators"]


def test_a_moderator_publishes(moderator, kit):
    response = add_resource(moderator, kit, "publish")
    assert response.status_code == HTTPStatus.FOUND
    assert ResourcePage.objects.get().live


def test_editors_edit_taxonomy_moderators_may_also_delete_it(editor, kit):
    editors = Group.objects.get(name="Catalog editors")
    moderators = Group.objects.get(name="Catalog moderators")
    codenames = set(editors.permissions.values_list("codename", flat=True))
    assert {"add_discipline", "change_topic", "access_admin"} <= codenames
    assert "delete_discipline" not in codenames
    assert "delete_discipline" in set(moderators.permissions.values_list("codename", flat=True))


def test_the_review_workflow_covers_the_whole_catalog(home):
    workflow = Workflow.objects.get(name="Catalog review")
    page = factories.resource()
    assert page.get_workflow() == workflow
    assert HomePage.objects.get().get_workflow() == workflow
    assert Page.objects.get(depth=1).get_workflow() != workflow


def test_only_moderators_may_make_an_entry_members_only(client, django_user_model, kit):
    page = factories.resource(kit)
    for group, allowed in (("Catalog editors", False), ("Catalog moderators", True)):
        user = django_user_model.objects.create_user(group, password="x")
        user.groups.add(Group.objects.get(name=group))
        assert page.permissions_for_user(user).can_set_view_restrictions() is allowed, group
