"""Editorial roles: editors write and submit for review, moderators approve and publish."""

from http import HTTPStatus
from importlib import import_module

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page, Workflow, WorkflowContentType

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


# --- Taxonomy terms under review (issue 12, finding 3) -----------------------------------------

TERM_MODELS = ("discipline", "audience", "topic")


def codenames(group: str) -> set[str]:
    return set(Group.objects.get(name=group).permissions.values_list("codename", flat=True))


def test_moderators_publish_lock_and_unlock_terms_editors_only_draft_them(db):
    for model in TERM_MODELS:
        moderated = {f"publish_{model}", f"lock_{model}", f"unlock_{model}"}
        assert moderated <= codenames("Catalog moderators"), model
        assert not moderated & codenames("Catalog editors"), model
        assert {f"add_{model}", f"change_{model}"} <= codenames("Catalog editors"), model


def test_the_review_workflow_covers_the_taxonomy(home):
    for term in (factories.discipline(), factories.audience(), factories.topic()):
        assert term.get_workflow().name == "Catalog review", term


def test_the_taxonomy_roles_migration_can_run_again(db):
    from django.apps import apps

    roles = import_module("catalog.migrations.0011_taxonomy_review_roles")
    before = (codenames("Catalog moderators"), WorkflowContentType.objects.count())
    roles.review_taxonomy(apps, None)
    assert (codenames("Catalog moderators"), WorkflowContentType.objects.count()) == before


def test_terms_that_exist_before_the_migration_stay_live():
    # Each model's new "live" column is added with a default of True, which existing rows take.
    migration = import_module("catalog.migrations.0010_taxonomy_drafts_and_review").Migration
    live = {op.model_name: op.field.default for op in migration.operations if op.name == "live"}
    assert live == dict.fromkeys(TERM_MODELS, True)
