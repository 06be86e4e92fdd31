"""Large imports in the background: a confirmed file that writes more than
CATALOG_IMPORT_INLINE_ROWS resources is queued, a worker checks it again and writes it all or not
at all, and the importer follows it on a progress page that refreshes itself."""

import re
from collections.abc import Callable
from http import HTTPStatus
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django_tasks_db.management.commands import db_worker
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from catalog.models import ResourcePage
from tests import factories
from tests.test_import_checks import lock, user_in
from tests.test_imports import csv_text, import_in_admin, row

pytestmark = pytest.mark.django_db

INLINE = 2  # this module's CATALOG_IMPORT_INLINE_ROWS: three rows go to the background


@pytest.fixture(autouse=True)
def _small_inline_limit(settings):
    settings.CATALOG_IMPORT_INLINE_ROWS = INLINE


@pytest.fixture
def kit(home):
    """The toolkit and terms that tests.test_imports.row() names."""
    factories.discipline("Victim advocacy", slug="victim-advocacy")
    factories.audience("CAC staff", slug="cac-staff")
    factories.topic("Identification and screening", slug="identification-and-screening")
    return factories.toolkit(slug="csec-toolkit")


def confirm(client: Client, rows: list[dict], publish: bool = False):
    """Choose a file of `rows` and confirm its preview, as an importer does."""
    return import_in_admin(client, csv_text(rows), **({"publish": "on"} if publish else {}))


def run_worker(backend: str = "imports") -> None:
    """Run every task queued on `backend` in this process, as `manage.py db_worker --backend
    BACKEND --batch` would (the command itself would also take over this process's signals).
    The worker closes its database connection between tasks, as it should; here that connection
    holds the test's transaction, so it is kept open."""
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name=backend,
        startup_delay=False,
        max_tasks=None,
        worker_id=f"test-{backend}-worker",
        excluded_queue_names=[],
    )
    with mock.patch.object(db_worker, "close_old_connections"):
        worker.run()


def job_page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    return response.content.decode()


def test_a_large_file_is_queued_then_the_worker_writes_every_row(admin_client, kit):
    response = confirm(admin_client, [row(n) for n in range(1, 4)], publish=True)
    assert response.status_code == HTTPStatus.FOUND
    assert re.fullmatch(r"/admin/catalog/import/[0-9a-f-]{36}/", response.url)
    assert not ResourcePage.objects.exists()  # nothing written in the request
    waiting = job_page(admin_client, response.url)
    assert "Waiting for the import worker" in waiting
    assert '<meta http-equiv="refresh" content="3">' in waiting  # refreshes without script
    assert "Stop refreshing" in waiting
    stopped = job_page(admin_client, response.url + "?refresh=off")  # WCAG 2.2.1: stoppable
    assert 'http-equiv="refresh"' not in stopped and "refresh every 3 seconds" in stopped
    run_worker()
    assert ResourcePage.objects.live().count() == 3
    done = job_page(admin_client, response.url)
    assert "Done: 3 resources created, 0 updated and 0 unchanged. 3 published." in done
    assert 'http-equiv="refresh"' not in done  # a finished job stops refreshing


def test_a_running_job_shows_how_far_it_has_got(admin_client, kit, monkeypatch):
    from catalog import import_tasks

    url = confirm(admin_client, [row(n) for n in range(1, 4)]).url
    seen = []
    # The page is read while the worker checks the first row: another app process would see the
    # same job row (running) and the same note in the shared cache.
    original = import_tasks.note_progress

    def noting_and_looking(job_id: str, phase: str) -> Callable[[int, int], None]:
        note = original(job_id, phase)

        def both(done: int, total: int) -> None:
            note(done, total)
            if phase == "checking" and done == 1:
                seen.append(job_page(admin_client, url))

        return both

    monkeypatch.setattr(import_tasks, "note_progress", noting_and_looking)
    run_worker()
    assert "Checking 1 of 3 rows." in seen[0]
    assert 'http-equiv="refresh"' in seen[0]


def test_a_row_locked_after_the_preview_stops_the_whole_file(admin_client, django_user_model, kit):
    existing = [row(1)]
    confirm(admin_client, existing)  # one row: imported in the request
    page = ResourcePage.objects.get()
    url = confirm(admin_client, [row(1, title="Changed"), row(2), row(3)]).url
    lock(page, user_in(django_user_model, "Catalog moderators", "holder"))  # since the preview
    run_worker()
    assert ResourcePage.objects.count() == 1  # rows 2 and 3 were not written either
    assert page.get_latest_revision_as_object().title == "Resource 1"
    failed = job_page(admin_client, url)
    assert "The import failed; nothing was imported" in failed
    assert "Line 2: the resource is locked by another user" in failed


def test_a_toolkit_deleted_after_the_preview_stops_the_whole_file(admin_client, kit):
    url = confirm(admin_client, [row(n) for n in range(1, 4)]).url
    kit.delete()
    run_worker()
    assert not ResourcePage.objects.exists()
    assert "Line 2: no toolkit “csec-toolkit”" in job_page(admin_client, url)


def test_the_importers_rights_are_checked_again_when_the_job_runs(client, django_user_model, kit):
    editor = user_in(django_user_model, "Catalog editors", "editor")
    client.force_login(editor)
    url = confirm(client, [row(n) for n in range(1, 4)]).url
    editor.groups.remove(Group.objects.get(name="Catalog editors"))  # since the preview
    run_worker()
    assert not ResourcePage.objects.exists()
    editor.groups.add(Group.objects.get(name="Catalog editors"))  # to see the page again
    assert "you may not add resources to" in job_page(client, url)


def test_only_the_importer_and_superusers_see_a_job(client, admin_client, django_user_model, kit):
    editor = user_in(django_user_model, "Catalog editors", "editor")
    client.force_login(editor)
    url = confirm(client, [row(n) for n in range(1, 4)]).url
    assert client.get(url).status_code == HTTPStatus.OK
    assert admin_client.get(url).status_code == HTTPStatus.OK  # a superuser
    other = Client()
    other.force_login(user_in(django_user_model, "Catalog editors", "other-editor"))
    assert other.get(url).status_code == HTTPStatus.NOT_FOUND
    job_id = url.rstrip("/").rsplit("/", 1)[1]
    assert other.get(url.replace(job_id, "0" * 32)).status_code == HTTPStatus.NOT_FOUND
    assert Client().get(url).status_code == HTTPStatus.FOUND  # anonymous: to the sign-in


def test_a_file_at_the_inline_limit_still_imports_in_the_request(admin_client, kit):
    response = confirm(admin_client, [row(n) for n in range(1, INLINE + 1)])
    assert response.url == "/admin/catalog/import/resources/"
    assert ResourcePage.objects.count() == INLINE
    assert not DBTaskResult.objects.exists()


def test_unchanged_rows_do_not_count_towards_the_limit(admin_client, kit):
    rows = [row(n) for n in range(1, 4)]
    confirm(admin_client, rows[:INLINE])
    confirm(admin_client, rows[INLINE:])
    response = confirm(admin_client, [*rows[:2], row(3, title="Changed")])
    assert response.url == "/admin/catalog/import/resources/"  # one row to write: in the request
    assert not DBTaskResult.objects.exists()
    assert ResourcePage.objects.get(slug="resource-3").get_latest_revision_as_object().title == (
        "Changed"
    )


def test_a_job_that_crashes_writes_nothing_and_says_so(admin_client, kit, monkeypatch):
    from catalog import import_tasks

    url = confirm(admin_client, [row(n) for n in range(1, 4)]).url

    def crash(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(import_tasks, "write_rows", crash)
    run_worker()
    assert not ResourcePage.objects.exists()
    failed = job_page(admin_client, url)
    assert "The import stopped on an unexpected error." in failed
    assert "the database went away" not in failed  # no internals on the page
