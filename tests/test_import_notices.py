"""An import tells each moderator once (catalog.importing.notices): Wagtail emails a task's
reviewers for every page submitted, which for an import of hundreds of entries floods their
inboxes; during an import those emails are gathered into one per person, sent after the commit."""

import pytest
from django.core import mail
from django.db import transaction

from catalog.models import ResourcePage
from tests.test_import_review import editor, kit, moderator, signed_in  # noqa: F401 - fixtures
from tests.test_imports import csv_text, import_in_admin, row

pytestmark = pytest.mark.django_db


@pytest.fixture
def reachable(editor, moderator):  # noqa: F811 - the fixtures above
    moderator.email = "moderator@example.org"
    moderator.save()
    editor.email = "editor@example.org"
    editor.save()
    return moderator


def test_an_import_of_three_entries_sends_the_moderator_one_email_naming_all_three(
    editor,  # noqa: F811
    reachable,
    kit,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        import_in_admin(signed_in(editor), csv_text([row(1), row(2), row(3)]))
    assert ResourcePage.objects.count() == 3
    to_moderator = [message for message in mail.outbox if message.to == [reachable.email]]
    assert len(to_moderator) == 1, [message.subject for message in mail.outbox]
    message = to_moderator[0]
    assert message.subject == "3 imported catalog entries await your review"
    assert all(f"Resource {number}" in message.body for number in (1, 2, 3))
    assert "/admin/pages/" in message.body
    assert not [message for message in mail.outbox if message.to == [editor.email]]


def test_nothing_is_sent_before_the_import_commits(editor, reachable, kit):  # noqa: F811
    # Without the commit (the test's transaction never commits), nobody is told.
    import_in_admin(signed_in(editor), csv_text([row(1)]))
    assert ResourcePage.objects.count() == 1
    assert mail.outbox == []


def test_one_submission_outside_an_import_still_gets_wagtails_own_email(
    editor,  # noqa: F811
    reachable,
    kit,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    page = ResourcePage(
        title="By hand", summary="Made in the editor.", slug="by-hand", resource_type="guide"
    )
    kit.add_child(instance=page)
    page.save_revision(user=editor)
    with transaction.atomic():
        page.get_workflow().start(page, editor)
    subjects = [message.subject for message in mail.outbox if message.to == [reachable.email]]
    assert len(subjects) == 1
    assert "By hand" in subjects[0]
