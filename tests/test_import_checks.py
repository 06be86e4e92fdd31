"""The resource import refuses what the edit form would refuse (issue 12, finding 10: locks) and
checks a file in a number of queries that does not grow with its rows (finding 12)."""

import datetime
import io
from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import GroupPagePermission

from catalog.importing.checking import check_rows
from catalog.importing.files import read_rows
from catalog.importing.resources import RESOURCES
from catalog.models import ResourcePage
from tests import factories
from tests.test_imports import csv_file, csv_text, row, run_import, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def resource(home, tmp_path) -> ResourcePage:
    """One published resource, imported from a file like the ones these tests upload."""
    factories.discipline("Victim advocacy", slug="victim-advocacy")
    factories.audience("CAC staff", slug="cac-staff")
    factories.topic("Identification and screening", slug="identification-and-screening")
    factories.toolkit(slug="csec-toolkit")
    run_import(csv_file([row(1)], tmp_path, name="first.csv"), "--publish")
    return ResourcePage.objects.get()


def user_in(django_user_model, group: str, username: str):
    user = django_user_model.objects.create_user(username, password="x")
    user.groups.add(Group.objects.get(name=group))
    return user


def preview(client, tmp_path, *rows: dict) -> str:
    """The admin's preview of a file of `rows`."""
    response = upload(client, csv_text(list(rows)))
    assert response.status_code == HTTPStatus.OK
    return response.content.decode()


def lock(page: ResourcePage, user) -> None:
    page.locked, page.locked_by, page.locked_at = True, user, timezone.now()
    page.save()


def test_a_resource_locked_by_someone_else_is_a_bad_row(admin_client, django_user_model,
                                                        resource, tmp_path):  # fmt: skip
    lock(resource, user_in(django_user_model, "Catalog moderators", "holder"))
    html = preview(admin_client, tmp_path, row(1, title="Changed"), row(2))
    assert "Line 2: the resource is locked by another user" in html
    assert "Line 3" not in html  # the new resource beside it is fine
    assert 'name="upload"' not in html  # nothing can be confirmed
    with pytest.raises(CommandError, match="1 bad row"):  # the command line too
        call_command("import_resources", str(csv_file([row(1, title="Changed")], tmp_path)),
                     stdout=io.StringIO(), stderr=io.StringIO())  # fmt: skip
    assert ResourcePage.objects.get().title == "Resource 1"


def test_the_lock_holder_imports_and_unchanged_rows_of_a_locked_resource_pass(
    client, admin_client, django_user_model, resource, tmp_path
):
    holder = user_in(django_user_model, "Catalog moderators", "holder")
    lock(resource, holder)
    assert "The row is good." in preview(admin_client, tmp_path, row(1))  # nothing to change
    client.force_login(holder)
    assert "The row is good." in preview(client, tmp_path, row(1, title="Changed"))


def test_a_resource_awaiting_review_is_locked_to_those_who_cannot_review(
    client, django_user_model, resource, tmp_path
):
    editor = user_in(django_user_model, "Catalog editors", "editor")
    resource.get_workflow().start(resource, editor)
    client.force_login(editor)
    html = preview(client, tmp_path, row(1, title="Changed"))
    assert "Line 2: the resource is awaiting review by others in a workflow" in html
    client.force_login(user_in(django_user_model, "Catalog moderators", "moderator"))
    assert "The row is good." in preview(client, tmp_path, row(1, title="Changed"))


def test_a_resource_scheduled_to_be_published_is_locked(admin_client, resource, tmp_path):
    draft = resource.get_latest_revision_as_object()
    draft.title = "Coming soon"
    draft.go_live_at = timezone.now() + datetime.timedelta(days=3)
    draft.save_revision().publish()  # scheduled: it goes live in three days
    html = preview(admin_client, tmp_path, row(1, title="Changed"))
    assert "Line 2: the resource is scheduled to be published" in html


def test_checking_costs_the_same_queries_for_10_rows_as_for_100(django_user_model, resource,
                                                                tmp_path):  # fmt: skip
    run_import(csv_file([row(number) for number in range(2, 101)], tmp_path), "--publish")
    editor = user_in(django_user_model, "Catalog editors", "editor")

    def queries_to_check(count: int) -> int:
        """Half the rows change existing resources, half add new ones."""
        changed = [row(number, title=f"Changed {number}") for number in range(1, count // 2 + 1)]
        new = [row(1000 + number) for number in range(count // 2)]
        content = csv_text(changed + new)
        user = django_user_model.objects.get(pk=editor.pk)  # no permissions cached from before
        with CaptureQueriesContext(connection) as captured:
            rows = check_rows(RESOURCES, read_rows(content, RESOURCES.header, []), user=user)
        assert [row.action for row in rows] == ["update"] * (count // 2) + ["create"] * (count // 2)
        return len(captured)

    assert queries_to_check(100) == queries_to_check(10)


def test_a_file_over_the_limit_is_refused_with_the_real_limit(admin_client, home):
    file = SimpleUploadedFile("big.csv", b"parent,title,summary,type\n" + b"x" * 2_200_000)
    html = admin_client.post("/admin/catalog/import/resources/", {"file": file}).content.decode()
    assert "The file is larger than 2 MB; split it into several files." in html


def test_the_size_message_names_whatever_limit_is_enforced(admin_client, home, monkeypatch):
    """The message reads the limit it enforces: lowering it changes both, so they cannot drift."""
    monkeypatch.setattr("catalog.importing.files.MAX_BYTES", 1024 * 1024 // 2)
    file = SimpleUploadedFile("big.csv", b"parent,title,summary,type\n" + b"x" * 600_000)
    html = admin_client.post("/admin/catalog/import/resources/", {"file": file}).content.decode()
    assert "The file is larger than 0.5 MB; split it into several files." in html


def test_a_bad_parent_names_only_the_parents_the_importer_may_add_to(django_user_model, home):
    """An editor of one toolkit is not told the titles of another section's toolkits."""
    theirs = factories.toolkit(title="Their toolkit", slug="theirs")
    factories.toolkit(title="Another section's toolkit", slug="hidden")
    group = Group.objects.create(name="Their toolkit's editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(group=group, page=theirs, permission_type="add")
    user = django_user_model.objects.create_user("scoped", password="x")
    user.groups.add(group)
    client = Client()
    client.force_login(user)
    html = upload(client, csv_text([row(1, parent="nope")])).content.decode()
    assert "no toolkit “nope”: the toolkits you may add to are “Their toolkit”" in html
    assert "Another section" not in html
