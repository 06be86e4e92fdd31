"""Large resource imports in the background (catalog.import_views enqueues them): the task a
worker runs (`manage.py db_worker --backend imports`), the job as its progress page shows it, and
who may see it.

The job is a row of django-tasks-db, which every app process reads: waiting, running, finished
with what the task returned. The task checks every row again when it runs, as the importer may
then (the catalog may have changed since the preview), and writes all rows or none. How far it
has got goes to the shared cache every PROGRESS_EVERY rows.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404
from django_tasks import TaskContext, TaskResultStatus, task
from django_tasks.exceptions import TaskResultDoesNotExist, TaskResultMismatch

from catalog.imports import ImportFileError, check_rows, read_rows, write_rows

PROGRESS_EVERY = 100  # rows between two notes: each is a cache write, a query with the database's
PROGRESS_SECONDS = (
    24 * 3600
)  # a note outlives any import; the finished job's counts stay in its row


@task(backend="imports", takes_context=True)
def import_resources_later(
    context: TaskContext, content: str, user_id: int, publish: bool
) -> dict[str, object]:
    """Check and write a confirmed CSV file as the user `user_id` may now: {"counts": {action:
    count}, "errors": []}, or no counts and the errors that stopped it (nothing written)."""
    job_id = context.task_result.id
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return refused(["The account that started this import is gone or inactive."])
    try:
        rows = check_rows(read_rows(content.encode()), note_progress(job_id, "checking"), user)
    except ImportFileError as error:
        return refused([str(error)])
    bad = [f"Line {row.line}: {'; '.join(row.errors)}" for row in rows if row.errors]
    if bad:
        return refused(bad)
    try:
        counts = write_rows(rows, publish, user, progress=note_progress(job_id, "writing"))
    except ValidationError as error:  # a check catalog.imports missed: write_rows undid all
        return refused([f"Nothing was imported: {'; '.join(error.messages)}"])
    return {"counts": counts, "errors": []}


def refused(errors: list[str]) -> dict[str, object]:
    return {"counts": None, "errors": errors}


def progress_key(job_id: str) -> str:
    return f"catalog-import-progress:{job_id}"


def note_progress(job_id: str, phase: str) -> Callable[[int, int], None]:
    """A progress callback for check_rows/write_rows that notes `phase`, done and total in the
    cache. Notes taken while writing are inside the import's transaction: with the database
    cache they become visible only when it ends, so the page then says "writing" without N."""

    def note(done: int, total: int) -> None:
        if done == 1 or done == total or done % PROGRESS_EVERY == 0:
            progress = {"phase": phase, "done": done, "total": total}
            cache.set(progress_key(job_id), progress, PROGRESS_SECONDS)

    return note


@dataclass
class ImportJob:
    """A background import as its progress page shows it."""

    state: str  # "waiting", "running", "done" or "failed"
    phase: str = ""  # while running: "checking" or "writing", when known
    done: int = 0
    total: int = 0
    counts: dict | None = None
    errors: list[str] | None = None
    publish: bool = False


def import_job(job_id: str, user) -> ImportJob:
    """The job `job_id` as `user` may see it: only its importer and superusers do (404 for the
    rest, as for a job that does not exist)."""
    try:
        result = import_resources_later.get_result(job_id)
    except (TaskResultDoesNotExist, TaskResultMismatch) as error:
        raise Http404 from error
    if result.kwargs.get("user_id") != user.pk and not user.is_superuser:
        raise Http404
    publish = bool(result.kwargs.get("publish"))
    if result.status == TaskResultStatus.READY:
        return ImportJob("waiting", publish=publish)
    if result.status == TaskResultStatus.RUNNING:
        progress = cache.get(progress_key(result.id)) or {}
        return ImportJob("running", publish=publish, **progress)
    if result.status == TaskResultStatus.SUCCESSFUL:
        outcome = result.return_value
        state = "done" if outcome["counts"] is not None else "failed"
        return ImportJob(state, counts=outcome["counts"], errors=outcome["errors"], publish=publish)
    # The task itself failed (a bug, the database gone): its transaction was rolled back.
    return ImportJob("failed", errors=["The import stopped on an unexpected error."])
