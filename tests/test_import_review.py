"""Imports enter review (issue 17): new and changed entries are submitted to the Catalog review
workflow as the edit form's "Submit for moderation" would, in the import's own transaction; a
moderator may publish at once instead, an editor never (not even by a forged form)."""

from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.test import Client
from wagtail.models import Page, WorkflowPage, WorkflowState

from catalog.models import ResourcePage
from tests import factories
from tests.test_import_background import run_worker
from tests.test_import_checks import user_in
from tests.test_imports import confirm, csv_text, import_in_admin, row, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def kit(home):
    factories.discipline("Victim advocacy", slug="victim-advocacy")
    factories.audience("CAC staff", slug="cac-staff")
    factories.topic("Identification and screening", slug="identification-and-screening")
    return factories.toolkit(title="CSEC Toolkit", slug="csec-toolkit")


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def editor(django_user_model):
    return user_in(django_user_model, "Catalog editors", "editor")


@pytest.fixture
def moderator(django_user_model):
    return user_in(django_user_model, "Catalog moderators", "moderator")


def in_review(page: Page) -> WorkflowState | None:
    return WorkflowState.objects.active().filter(object_id=str(page.pk)).first()


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_an_editors_import_waits_in_the_moderators_queue(editor, moderator, kit):
    response = import_in_admin(signed_in(editor), csv_text([row(1), row(2)]))
    assert response.status_code == HTTPStatus.FOUND
    pages = list(ResourcePage.objects.order_by("slug"))
    assert [page.live for page in pages] == [False, False]
    states = [in_review(page) for page in pages]
    assert [(state.status, state.workflow.name, state.requested_by) for state in states] == [
        (WorkflowState.STATUS_IN_PROGRESS, "Catalog review", editor)
    ] * 2
    assert states[0].current_task_state.revision == pages[0].latest_revision
    followed = signed_in(editor).get(response.url)  # the import page, with what it did
    dashboard = signed_in(moderator).get("/admin/").content.decode()
    panel = dashboard[dashboard.index("Awaiting your review") :]
    assert "Resource 1" in panel and "Resource 2" in panel
    assert followed.status_code == HTTPStatus.OK


def test_the_success_message_counts_what_went_to_review(editor, kit):
    client = signed_in(editor)
    response = import_in_admin(client, csv_text([row(1)]))
    assert messages_of(client.get(response.url))[:2] == [
        "1 resource created, 0 updated and 0 unchanged.",
        "1 submitted for review: moderators find it under “Awaiting your review” on their "
        "dashboard.",
    ]
    again = import_in_admin(client, csv_text([row(1), row(2), row(3)]))
    assert messages_of(client.get(again.url))[:2] == [
        "2 resources created, 0 updated and 1 unchanged.",
        "2 submitted for review: moderators find them under “Awaiting your review” on their "
        "dashboard.",
    ]


def test_a_moderator_may_publish_at_once(moderator, kit):
    client = signed_in(moderator)
    preview = upload(client, csv_text([row(1)]))
    assert 'name="publish"' in preview.content.decode()
    confirm(client, preview, publish="on")
    page = ResourcePage.objects.get()
    assert page.live and not page.has_unpublished_changes
    assert in_review(page) is None


def test_a_moderator_who_does_not_publish_submits_for_review(moderator, kit):
    import_in_admin(signed_in(moderator), csv_text([row(1)]))
    page = ResourcePage.objects.get()
    assert not page.live
    assert in_review(page).status == WorkflowState.STATUS_IN_PROGRESS


def test_an_editor_is_not_offered_publishing_and_a_forged_publish_does_not_publish(editor, kit):
    client = signed_in(editor)
    assert 'name="publish"' not in client.get("/admin/catalog/import/resources/").content.decode()
    preview = upload(client, csv_text([row(1)]))
    assert 'name="publish"' not in preview.content.decode()
    response = confirm(client, preview, publish="on")  # as if the field were there
    assert response.status_code == HTTPStatus.FOUND
    page = ResourcePage.objects.get()
    assert not page.live
    assert in_review(page).status == WorkflowState.STATUS_IN_PROGRESS


def test_an_entry_sent_back_for_changes_is_resubmitted(editor, moderator, kit):
    client = signed_in(editor)
    import_in_admin(client, csv_text([row(1)]))
    page = ResourcePage.objects.get()
    state = in_review(page)
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, moderator, "reject")
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    import_in_admin(client, csv_text([row(1, title="Fixed title")]))
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS  # the same review, resumed
    assert WorkflowState.objects.filter(object_id=str(page.pk)).count() == 1
    page.refresh_from_db()
    assert state.current_task_state.revision == page.latest_revision
    assert page.latest_revision.as_object().title == "Fixed title"


def test_a_moderators_change_to_an_entry_in_review_stays_in_that_review(editor, moderator, kit):
    import_in_admin(signed_in(editor), csv_text([row(1)]))
    page = ResourcePage.objects.get()
    state = in_review(page)
    import_in_admin(signed_in(moderator), csv_text([row(1, title="Moderator's title")]))
    assert in_review(page) == state
    assert WorkflowState.objects.filter(object_id=str(page.pk)).count() == 1
    page.refresh_from_db()
    assert page.latest_revision.as_object().title == "Moderator's title"


def test_a_moderators_publish_ends_a_review_in_progress(editor, moderator, kit):
    import_in_admin(signed_in(editor), csv_text([row(1)]))
    page = ResourcePage.objects.get()
    state = in_review(page)
    import_in_admin(signed_in(moderator), csv_text([row(1, title="Published")]), publish="on")
    page.refresh_from_db()
    assert (page.live, page.title) == (True, "Published")
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_CANCELLED


def test_an_entry_no_workflow_covers_stays_a_draft_and_the_message_says_so(editor, kit):
    WorkflowPage.objects.all().delete()  # no part of the tree has a workflow
    client = signed_in(editor)
    response = import_in_admin(client, csv_text([row(1)]))
    page = ResourcePage.objects.get()
    assert not page.live and in_review(page) is None
    assert "1 saved as a draft only: no review workflow covers its part of the catalog, so it " \
        "waits for someone who may publish." in messages_of(client.get(response.url))  # fmt: skip


def test_a_row_the_page_refuses_when_saved_undoes_the_whole_import(editor, kit, monkeypatch):
    original = ResourcePage.clean

    def refuse_one(page: ResourcePage) -> None:
        original(page)
        if page.title == "Resource 2":
            raise ValidationError("A rule only the page knows.")

    monkeypatch.setattr(ResourcePage, "clean", refuse_one)
    client = signed_in(editor)
    response = import_in_admin(client, csv_text([row(1), row(2)]))
    assert response.status_code == HTTPStatus.OK
    assert "Nothing was imported. Line 3: A rule only the page knows." in messages_of(response)
    assert not ResourcePage.objects.exists()
    assert not WorkflowState.objects.exists()  # the first row's review was undone too


def test_a_background_import_enters_review_too(editor, moderator, kit, settings):
    settings.CATALOG_IMPORT_INLINE_ROWS = 1
    client = signed_in(editor)
    response = import_in_admin(client, csv_text([row(1), row(2)]), publish="on")
    assert "/admin/catalog/import/" in response.url and response.url.count("-") == 4  # a job
    run_worker()
    pages = list(ResourcePage.objects.all())
    assert len(pages) == 2 and not any(page.live for page in pages)
    assert all(in_review(page).requested_by == editor for page in pages)
    done = client.get(response.url).content.decode()
    assert "2 submitted for review" in done


def test_staff_without_page_rights_can_neither_import_nor_export(django_user_model, kit):
    from django.contrib.auth.models import Permission

    group = Group.objects.create(name="Admin access only")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    client = signed_in(user_in(django_user_model, "Admin access only", "staff"))
    for url in ("/admin/catalog/import/resources/", "/admin/catalog/export/curricula.csv",
                "/admin/catalog/import/episodes/template.csv"):  # fmt: skip
        assert client.get(url).status_code in (HTTPStatus.FOUND, HTTPStatus.FORBIDDEN), url
    response = client.post("/admin/catalog/import/resources/", {"file": csv_text([row(1)])})
    assert response.status_code in (HTTPStatus.FOUND, HTTPStatus.FORBIDDEN)
    assert not ResourcePage.objects.exists()
