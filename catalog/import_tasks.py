"""Large imports in the background (catalog.import_views enqueues them): the task a worker runs
(`manage.py db_worker --backend imports`), the job as its progress page shows it, and who may
see it.

The job is a row of django-tasks-db, which every app process reads: waiting, running, finished
with what the task returned. The task checks every row again when it runs, as the importer may
then (the catalog may have changed since the preview), and writes all rows or none, submitting
them for review or publishing them as an import in the request would (catalog.importing.writing).
How far it has got goes to the shared cache every PROGRESS_EVERY rows.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypedDict

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.http import Http404
from django_tasks import TaskContext, TaskResultStatus, task
from django_tasks.exceptions import TaskResultDoesNotExist, TaskResultMismatch

from catalog.importing.checking import check_rows
from catalog.importing.files import ImportFileError, read_rows
from catalog.importing.kinds import Kind
from catalog.importing.registry import KINDS
from catalog.importing.writing import ImportWriteError, summary, write_rows

PROGRESS_EVERY = 100  # rows between two notes: each is a cache write, a query with the database's
# A note outlives any import; the finished job's counts stay in its row.
PROGRESS_SECONDS = 24 * 3600


class ImportOutcome(TypedDict):
    """What the task returns (kept as JSON in the job's row): counts, or the errors that stopped
    it with nothing written."""

    counts: dict[str, int] | None
    errors: list[str]


@task(backend="imports", takes_context=True)
def import_resources_later(
    context: TaskContext, content: str, user_id: int, publish: bool, kind: str = "resources"
) -> ImportOutcome:
    """Check and write a confirmed file of `kind` entries as the user `user_id` may now:
    {"counts": {count name: number}, "errors": []}, or no counts and the errors that stopped it
    (nothing written). (Named before curricula and episodes could be imported too: queued jobs
    keep the name.)"""
    job_id = context.task_result.id
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return refused(["The account that started this import is gone or inactive."])
    entries = KINDS[kind]
    try:
        rows = read_rows(content, entries.header, entries.required)
    except ImportFileError as error:
        return refused([str(error)])
    check_rows(entries, rows, user, note_progress(job_id, "checking"))
    bad = [f"Line {row.line}: {'; '.join(row.errors)}" for row in rows if row.errors]
    if bad:
        return refused(bad)
    try:
        counts = write_rows(entries, rows, publish, user, note_progress(job_id, "writing"))
    except ImportWriteError as error:  # a rule the check does not know: write_rows undid all
        return refused([f"Nothing was imported: {error}"])
    return {"counts": counts, "errors": []}


def refused(errors: list[str]) -> ImportOutcome:
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

    kind: Kind
    state: str  # "waiting", "running", "done" or "failed"
    phase: str = ""  # while running: "checking" or "writing", when known
    done: int = 0
    total: int = 0
    outcome: list[str] = field(default_factory=list)  # when done: what it did, in sentences
    errors: list[str] = field(default_factory=list)


def import_job(job_id: str, user) -> ImportJob:
    """The job `job_id` as `user` may see it: only its importer and superusers do (404 for the
    rest, as for a job that does not exist)."""
    try:
        result = import_resources_later.get_result(job_id)
    except (TaskResultDoesNotExist, TaskResultMismatch) as error:
        raise Http404 from error
    if result.kwargs.get("user_id") != user.pk and not user.is_superuser:
        raise Http404
    kind = KINDS[result.kwargs.get("kind", "resources")]
    if result.status == TaskResultStatus.READY:
        return ImportJob(kind, "waiting")
    if result.status == TaskResultStatus.RUNNING:
        progress = cache.get(progress_key(result.id)) or {}
        return ImportJob(kind, "running", **progress)
    # A finished task's return value is never None; the library types it so for unfinished ones.
    if result.status == TaskResultStatus.SUCCESSFUL and (outcome := result.return_value):
        if outcome["counts"] is None:
            return ImportJob(kind, "failed", errors=outcome["errors"])
        return ImportJob(kind, "done", outcome=summary(kind, outcome["counts"]))
    # The task itself failed (a bug, the database gone): its transaction was rolled back.
    return ImportJob(kind, "failed", errors=["The import stopped on an unexpected error."])
