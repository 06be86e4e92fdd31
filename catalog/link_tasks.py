"""Runs of the link check (catalog.links): started from the admin ("Check links now",
catalog.link_check_views) as a background task, or by `manage.py check_links` from cron; each is
a LinkCheckRun row that the admin's progress page and the dashboard read.

The task waits in the database (the "links" django-tasks backend) for a worker, `manage.py
db_worker --backend links`, which `make run` starts. It has a worker of its own, apart from the
imports', so that a long check never holds up an import nor an import the check.

Only one run at a time: asking while one waits or runs gives that one (claim_run). A run still
waiting STALE_AFTER after it was asked for, or running STALE_AFTER after it started, is taken to
have died with its worker: it is marked failed and no longer blocks a new one.
"""

import datetime
import logging
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django_tasks import task

from catalog.links import Progress, check_links
from catalog.models import LinkCheck, LinkCheckRun

logger = logging.getLogger(__name__)

State = LinkCheckRun.State
IN_PROGRESS = (State.WAITING, State.RUNNING)
# Far longer than a check of the whole catalog should take (8 links at a time, 10 s a request).
STALE_AFTER = datetime.timedelta(hours=2)
# Any constant number, the same in every process: the key of claim_run's PostgreSQL lock.
CLAIM_LOCK = 0x4C494E4B  # "LINK"
PROGRESS_EVERY = 5  # links between two writes of the run's counts (one small UPDATE each)


@task(backend="links")
def check_links_later(run_id: int) -> None:
    """The background task that "Check links now" queues."""
    run_check(run_id)


def stale_cutoff() -> datetime.datetime:
    return timezone.now() - STALE_AFTER


def runs_in_progress() -> QuerySet[LinkCheckRun]:
    """Runs waiting or running that are not stale, oldest first."""
    cutoff = stale_cutoff()
    fresh = Q(state=State.WAITING, requested_at__gte=cutoff) | Q(
        state=State.RUNNING, started_at__gte=cutoff
    )
    return LinkCheckRun.objects.filter(fresh).order_by("pk")


def settle_stale_runs() -> None:
    """Mark as failed the runs whose worker must have stopped (see STALE_AFTER)."""
    cutoff = stale_cutoff()
    stale = Q(state=State.WAITING, requested_at__lt=cutoff) | Q(
        state=State.RUNNING, started_at__lt=cutoff
    )
    LinkCheckRun.objects.filter(stale).update(state=State.FAILED, finished_at=timezone.now())


def claim_run(user: User | None) -> tuple[LinkCheckRun, bool]:
    """A new waiting run for `user` (None: the scheduled command) and True, or the run already in
    progress and False. Claims take turns (one_claim_at_a_time), so that two requests at once, a
    double click, cannot both start one."""
    with transaction.atomic():
        one_claim_at_a_time()
        current = runs_in_progress().select_related("started_by").first()
        if current is not None:
            return current, False
        return LinkCheckRun.objects.create(started_by=user), True


def one_claim_at_a_time() -> None:
    """Wait for any other claim to end, and settle stale runs; inside claim_run's transaction.

    PostgreSQL: a transaction-level advisory lock. SQLite: the transaction's first statement is
    a write (the stale runs' UPDATE, even when it changes no row), which holds the database's
    single write lock until the transaction ends.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CLAIM_LOCK])
    settle_stale_runs()


def start_run(user: User) -> tuple[LinkCheckRun, bool]:
    """Queue a check for `user`, or give the run in progress (see claim_run); True if new."""
    run, new = claim_run(user)
    if new:
        result = check_links_later.enqueue(run.pk)
        LinkCheckRun.objects.filter(pk=run.pk).update(task_id=str(result.id)[:64])
        run.refresh_from_db()
    return run, new


def run_check(
    run_id: int, concurrency: int = 8, timeout: float = 10, progress: Progress | None = None
) -> list[LinkCheck] | None:
    """Check every link as the run `run_id`, keeping its row up to date; the stored checks, or
    None if the run was not waiting any more (settled as stale before a worker got to it)."""
    now = timezone.now()
    runs = LinkCheckRun.objects.filter(pk=run_id)
    if not runs.filter(state=State.WAITING).update(state=State.RUNNING, started_at=now):
        logger.warning("Link check run %s was no longer waiting; not started.", run_id)
        return None
    try:
        checks = check_links(concurrency, timeout, note_progress(run_id, progress))
    except Exception:
        runs.update(state=State.FAILED, finished_at=timezone.now())
        logger.exception("Link check run %s stopped on an error.", run_id)
        raise
    broken = sum(not check.ok for check in checks)
    runs.update(state=State.DONE, finished_at=timezone.now(), broken=broken)
    return checks


def note_progress(run_id: int, also: Progress | None = None) -> Progress:
    """A progress callback for check_links that writes the counts to the run every
    PROGRESS_EVERY links (and at the start and the end), and passes them on to `also`."""

    def note(done: int, total: int, broken: int) -> None:
        if also:
            also(done, total, broken)
        if done % PROGRESS_EVERY == 0 or done == total:
            LinkCheckRun.objects.filter(pk=run_id).update(done=done, total=total, broken=broken)

    return note


@dataclass(frozen=True)
class LinkCheckStatus:
    """What the dashboard says about the link check."""

    current: LinkCheckRun | None  # the run in progress
    last: LinkCheckRun | None  # the last run that finished
    stopped: LinkCheckRun | None  # a run that failed after the last one that finished


def link_check_status() -> LinkCheckStatus:
    """The run in progress, the last finished run and a failure since: three small queries."""
    runs = LinkCheckRun.objects.select_related("started_by")
    last = runs.filter(state=State.DONE).order_by("-finished_at").first()
    failed = runs.filter(state=State.FAILED).order_by("-finished_at")
    if last is not None:
        failed = failed.filter(finished_at__gt=last.finished_at)
    return LinkCheckStatus(
        current=runs_in_progress().select_related("started_by").first(),
        last=last,
        stopped=failed.first(),
    )
