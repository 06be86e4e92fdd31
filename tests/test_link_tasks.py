"""Link checks from the admin (issue 17): "Check links now" queues a run that a background task
carries out while its page shows how far it has got; one run at a time; only staff who see the
reports may start one; the cron command records its runs too.

Links are served by the local server of tests/test_link_check.py (never the internet), which the
link check may ask here only because these tests allow loopback addresses. The task runs at once
(django-tasks' immediate backend) except in the one test that goes through the database queue
and its worker, as production does.
"""

import datetime
import io
import logging
import re
from http import HTTPStatus
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from catalog import link_tasks
from catalog.models import LinkCheck, LinkCheckRun
from tests import factories
from tests.test_import_background import run_worker
from tests.test_link_check import server  # noqa: F401 - the local server fixture

pytestmark = pytest.mark.django_db

START = "/admin/catalog/link-check/"
IMMEDIATE = {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
QUEUED = {"BACKEND": "django_tasks_db.DatabaseBackend"}
State = LinkCheckRun.State


@pytest.fixture(autouse=True)
def _loopback_and_immediate_tasks(settings):
    settings.CATALOG_LINK_CHECK_ALLOW_PRIVATE = True
    settings.TASKS = {**settings.TASKS, "links": IMMEDIATE}


@pytest.fixture
def linked(home, server):  # noqa: F811
    """Three links: two that answer, one missing."""
    factories.resource(title="Fine", external_url=f"{server}/ok")
    factories.resource(title="Gone", external_url=f"{server}/missing")
    factories.resource(title="Also fine", external_url=f"{server}/ok?again")


def page_of(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    return response.content.decode()


def a_run(state: str, **fields) -> LinkCheckRun:
    """A run in `state`, as the task would have left it."""
    now = timezone.now()
    times = {"started_at": now} if state != State.WAITING else {}
    if state in (State.DONE, State.FAILED):
        times["finished_at"] = now
    return LinkCheckRun.objects.create(state=state, **times, **fields)


def test_check_links_now_runs_the_check_and_records_the_run(admin_client, admin_user, linked):
    response = admin_client.post(START, {"refresh": "on"})
    run = LinkCheckRun.objects.get()
    assert response.status_code == HTTPStatus.FOUND
    assert response.url == f"/admin/catalog/link-check/{run.pk}/?refresh=on"
    assert (run.state, run.started_by, run.total, run.done, run.broken) == (
        State.DONE, admin_user, 3, 3, 1
    )  # fmt: skip
    assert run.task_id and run.started_at <= run.finished_at
    assert LinkCheck.objects.count() == 3
    html = page_of(admin_client, response.url)
    assert "Finished: 3 links checked, 1 broken." in html
    assert 'href="/admin/reports/broken-links/"' in html
    assert 'http-equiv="refresh"' not in html  # a finished run stops refreshing
    assert "Check links now" in html  # and may be run again


def test_a_get_shows_the_button_and_starts_nothing(admin_client, linked):
    html = page_of(admin_client, START)
    assert "Links have not been checked yet." in html
    assert re.search(r'<form method="post" action="/admin/catalog/link-check/">', html)
    assert "Check links now</button>" in html
    assert not LinkCheckRun.objects.exists()
    assert not LinkCheck.objects.exists()


@pytest.mark.parametrize(
    ("state", "fields", "expected"),
    [
        (State.WAITING, {}, "Waiting for the background worker to start the check."),
        (State.RUNNING, {"done": 40, "total": 120, "broken": 3},
         "Checking links: 40 of 120. 3 broken links so far."),
        (State.RUNNING, {"done": 1, "total": 120, "broken": 1}, "1 broken link so far."),
        (State.DONE, {"done": 1, "total": 1, "broken": 0}, "Finished: 1 link checked, 0 broken."),
        (State.FAILED, {}, "This check stopped before it finished"),
    ],
)  # fmt: skip
def test_the_progress_page_says_where_the_run_is(
    admin_client, django_user_model, state, fields, expected
):
    user = django_user_model.objects.create_user("ana", first_name="Ana", last_name="Editor")
    run = a_run(state, started_by=user, **fields)
    html = page_of(admin_client, f"/admin/catalog/link-check/{run.pk}/")
    assert expected in html
    assert "Ana Editor" in html
    in_progress = state in (State.WAITING, State.RUNNING)
    assert ("Check links now</button>" in html) is not in_progress
    assert 'http-equiv="refresh"' not in html  # only when asked for, below


def test_the_page_refreshes_itself_only_when_asked_and_can_stop(admin_client):
    run = a_run(State.RUNNING, done=2, total=9)
    url = f"/admin/catalog/link-check/{run.pk}/"
    asked = page_of(admin_client, f"{url}?refresh=on")
    assert '<meta http-equiv="refresh" content="5">' in asked
    assert f'<a href="{url}">Stop refreshing</a>' in asked
    plain = page_of(admin_client, url)
    assert 'http-equiv="refresh"' not in plain
    assert f'<a href="{url}?refresh=on">refresh every 5 seconds</a>' in plain
    for junk in ("yes", "on&refresh=off", "%00", "x" * 5000):
        assert 'http-equiv="refresh"' not in page_of(admin_client, f"{url}?refresh={junk}")


def test_while_a_run_is_in_progress_asking_again_shows_it(admin_client, linked):
    for state in (State.WAITING, State.RUNNING):
        LinkCheckRun.objects.all().delete()
        current = a_run(state, done=1, total=3)
        with mock.patch.object(link_tasks, "check_links_later") as task:
            response = admin_client.post(START)
        assert response.url == f"/admin/catalog/link-check/{current.pk}/"
        assert list(LinkCheckRun.objects.all()) == [current]
        task.enqueue.assert_not_called()
        html = page_of(admin_client, response.url)
        assert "The links are being checked already" in html
        assert "Check links now</button>" not in html
        assert "Check links now</button>" not in page_of(admin_client, START)
    assert not LinkCheck.objects.exists()


def test_a_run_unfinished_after_two_hours_is_stale_and_blocks_nothing(admin_client, linked):
    long_ago = timezone.now() - link_tasks.STALE_AFTER - datetime.timedelta(minutes=1)
    stuck = a_run(State.RUNNING, done=1, total=3)
    never_picked = a_run(State.WAITING)
    LinkCheckRun.objects.filter(pk=stuck.pk).update(started_at=long_ago)
    LinkCheckRun.objects.filter(pk=never_picked.pk).update(requested_at=long_ago)
    response = admin_client.post(START)
    new = LinkCheckRun.objects.latest("pk")
    assert response.url == f"/admin/catalog/link-check/{new.pk}/"
    assert new.state == State.DONE
    stuck.refresh_from_db()
    never_picked.refresh_from_db()
    assert (stuck.state, never_picked.state) == (State.FAILED, State.FAILED)
    assert "This check stopped before it finished" in page_of(
        admin_client, f"/admin/catalog/link-check/{stuck.pk}/"
    )
    # A worker that gets to the stale run at last leaves it alone.
    assert link_tasks.run_check(never_picked.pk) is None
    never_picked.refresh_from_db()
    assert never_picked.state == State.FAILED


def test_a_check_that_fails_marks_its_run_failed_and_logs_why(admin_client, linked, caplog):
    with (
        mock.patch.object(link_tasks, "check_links", side_effect=RuntimeError("disk full")),
        caplog.at_level(logging.ERROR, logger="catalog.link_tasks"),
    ):
        response = admin_client.post(START)
    run = LinkCheckRun.objects.get()
    assert run.state == State.FAILED and run.finished_at
    logged = [r for r in caplog.records if r.name == "catalog.link_tasks" and r.exc_info]
    assert f"run {run.pk} stopped on an error" in logged[0].getMessage()
    assert str(logged[0].exc_info[1]) == "disk full"
    assert "This check stopped before it finished" in page_of(admin_client, response.url)
    # Another may start at once.
    admin_client.post(START)
    assert LinkCheckRun.objects.latest("pk").state == State.DONE


def test_only_staff_who_see_the_reports_may_start_a_check(client, member_client, editor, linked):
    for refused in (client, member_client):
        response = refused.post(START)
        assert response.status_code in (HTTPStatus.FOUND, HTTPStatus.FORBIDDEN)
        assert not response.url.startswith(START)  # to sign in or the dashboard
        assert refused.get(START).status_code in (HTTPStatus.FOUND, HTTPStatus.FORBIDDEN)
    assert not LinkCheckRun.objects.exists()
    assert editor.get("/admin/reports/broken-links/").status_code == HTTPStatus.OK
    assert editor.post(START).status_code == HTTPStatus.FOUND
    assert LinkCheckRun.objects.get().started_by.username == "editors"
    run = LinkCheckRun.objects.get()
    response = member_client.get(f"/admin/catalog/link-check/{run.pk}/")
    assert response.status_code in (HTTPStatus.FOUND, HTTPStatus.FORBIDDEN)


def test_a_post_without_the_csrf_token_is_refused(admin_user, linked):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    assert client.post(START).status_code == HTTPStatus.FORBIDDEN
    assert not LinkCheckRun.objects.exists()


def test_bad_addresses_and_methods(admin_client):
    assert admin_client.get("/admin/catalog/link-check/4242/").status_code == HTTPStatus.NOT_FOUND
    huge = "/admin/catalog/link-check/99999999999999999999999999/"
    assert admin_client.get(huge).status_code == HTTPStatus.NOT_FOUND
    assert admin_client.get("/admin/catalog/link-check/abc/").status_code == HTTPStatus.NOT_FOUND
    for method in (admin_client.put, admin_client.delete):
        assert method(START).status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert not LinkCheckRun.objects.exists()
    run = a_run(State.DONE)
    response = admin_client.post(f"/admin/catalog/link-check/{run.pk}/")
    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED  # a run's page starts nothing
    assert list(LinkCheckRun.objects.all()) == [run]


def test_the_command_records_a_run_with_no_user(linked):
    output = io.StringIO()
    call_command("check_links", "--timeout", "2", stdout=output)
    run = LinkCheckRun.objects.get()
    assert (run.state, run.started_by, run.total, run.done, run.broken) == (
        State.DONE, None, 3, 3, 1
    )  # fmt: skip
    assert run.finished_at and not run.task_id
    assert "3 links checked, 1 broken." in output.getvalue()


def test_the_command_leaves_the_work_to_a_run_in_progress(linked):
    current = a_run(State.RUNNING, done=1, total=3)
    output = io.StringIO()
    call_command("check_links", "--timeout", "2", stdout=output)
    assert "A link check is already in progress (1 / 3 links)" in output.getvalue()
    assert list(LinkCheckRun.objects.all()) == [current]
    assert not LinkCheck.objects.exists()


def test_through_the_database_queue_and_its_worker(admin_client, settings, linked, monkeypatch):
    settings.TASKS = {**settings.TASKS, "links": QUEUED}
    monkeypatch.setattr(link_tasks, "PROGRESS_EVERY", 1)
    url = admin_client.post(START, {"refresh": "on"}).url
    run = LinkCheckRun.objects.get()
    assert run.state == State.WAITING and not LinkCheck.objects.exists()
    queued = DBTaskResult.objects.get(id=run.task_id)
    assert queued.backend_name == "links"
    waiting = page_of(admin_client, url)
    assert "Waiting for the background worker" in waiting
    assert '<meta http-equiv="refresh" content="5">' in waiting
    seen = []  # the page as another process sees it while the worker checks the links
    original = link_tasks.note_progress

    def noting_and_looking(run_id, also=None):
        note = original(run_id, also)

        def both(done: int, total: int, broken: int) -> None:
            note(done, total, broken)
            if done == 2:
                seen.append(page_of(admin_client, url))

        return both

    monkeypatch.setattr(link_tasks, "note_progress", noting_and_looking)
    run_worker("links")
    assert "Checking links: 2 of 3." in seen[0]
    run.refresh_from_db()
    assert (run.state, run.done, run.broken) == (State.DONE, 3, 1)
    assert LinkCheck.objects.count() == 3
    assert DBTaskResult.objects.get(id=run.task_id).status == TaskResultStatus.SUCCESSFUL
    assert "Finished: 3 links checked, 1 broken." in page_of(admin_client, url)


def test_claims_take_turns_before_looking_for_a_run_in_progress():
    """Two claims at once (a double click) must not both see no run in progress and both start
    one: before looking, each takes PostgreSQL's advisory lock or, on SQLite, writes, which takes
    the database's one write lock. (Four threads claiming at once on PostgreSQL made one run in
    each of 20 tries with the lock, and four runs without it.)"""
    with CaptureQueriesContext(connection) as queries:
        link_tasks.claim_run(None)
    statements = [
        query["sql"].upper()
        for query in queries.captured_queries
        if not query["sql"].upper().startswith(("SAVEPOINT", "RELEASE"))
    ]
    first = statements[0]
    if connection.vendor == "postgresql":
        assert first.startswith("SELECT PG_ADVISORY_XACT_LOCK")
    else:
        assert first.startswith('UPDATE "CATALOG_LINKCHECKRUN"')
    looking = [sql for sql in statements if sql.startswith("SELECT") and "LINKCHECKRUN" in sql]
    assert looking and statements.index(looking[0]) > 0
