"""One email per moderator for an import, not one per entry.

Wagtail emails the reviewers of a task (and superusers) each time a page is submitted for
review: an import of 500 entries would send each moderator 500 emails. Wagtail's submission
notifiers are wrapped (`connect`): outside an import they send as Wagtail does; while an import
writes (`one_notice_per_reviewer`), they only note who would have been told about which entry,
and once the import has committed each of those people gets one email that lists its entries.
An import that fails sends nothing, as it wrote nothing.

Recipients are worked out by Wagtail's own notifiers (group members of the task, superusers,
notification preferences, the importer left out), once per task rather than once per entry.
"""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import ngettext
from wagtail.admin import signal_handlers as wagtail_notifiers
from wagtail.models import Page, TaskState, WorkflowState
from wagtail.signals import task_submitted, workflow_submitted

# Wagtail's submission notifiers, with the signal and the dispatch_uid it connects them with.
WRAPPED = (
    (task_submitted, TaskState, "group_approval_task_submitted_email_notification",
     wagtail_notifiers.task_submission_email_notifier),
    (workflow_submitted, WorkflowState, "workflow_state_submitted_email_notification",
     wagtail_notifiers.workflow_submission_email_notifier),
)  # fmt: skip
LISTED = 50  # entries named in one email; the rest are counted
logger = logging.getLogger(__name__)


@dataclass
class Batch:
    """Who would have been told about which entries, during one import."""

    entries: dict[int, set[int]] = field(default_factory=dict)  # user id → page ids
    recipients: dict[tuple, set[int]] = field(default_factory=dict)  # memo: key → user ids


_batch: ContextVar[Batch | None] = ContextVar("catalog_import_notices", default=None)


class Batched:
    """One of Wagtail's notifiers: sends as usual outside an import, notes inside one."""

    def __init__(self, notifier) -> None:
        self.notifier = notifier

    def __call__(self, instance=None, **kwargs) -> bool:
        batch = _batch.get()
        if batch is None:
            return self.notifier(instance=instance, **kwargs)
        if not self.notifier.can_handle(instance, **kwargs):
            return False
        state = instance if isinstance(instance, WorkflowState) else instance.workflow_state
        user = kwargs.get("user")
        key = (type(self.notifier), getattr(instance, "task_id", None), user.pk if user else None)
        if key not in batch.recipients:
            recipients = self.notifier.get_valid_recipients(instance, **kwargs)
            batch.recipients[key] = {recipient.pk for recipient in recipients}
        for user_id in batch.recipients[key]:
            batch.entries.setdefault(user_id, set()).add(int(state.object_id))
        return True


def connect() -> None:
    """Put the wrapped notifiers in Wagtail's place, whichever app connected first: a receiver
    connected under the same dispatch_uid as an existing one is ignored."""
    for signal, sender, uid, notifier in WRAPPED:
        signal.disconnect(sender=sender, dispatch_uid=uid)
        signal.connect(Batched(notifier), sender=sender, dispatch_uid=uid, weak=False)


@contextmanager
def one_notice_per_reviewer(importer=None) -> Iterator[None]:
    """Within: submissions are noted, not emailed; after the commit, one email per person."""
    batch = Batch()
    token = _batch.set(batch)
    try:
        yield
    finally:
        _batch.reset(token)
    if batch.entries:
        transaction.on_commit(lambda: send_notices(batch, importer))


def send_notices(batch: Batch, importer=None) -> int:
    """Email each noted person the entries that now await their review; how many were sent."""
    users = get_user_model().objects.in_bulk(batch.entries)
    ids = set().union(*batch.entries.values())
    titles = dict(Page.objects.filter(pk__in=ids).values_list("pk", "title"))
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    sent = 0
    for user_id, page_ids in batch.entries.items():
        user = users.get(user_id)
        if user is None or not user.email:
            continue
        entries = sorted(
            (titles[pk], base + reverse("wagtailadmin_pages:edit", args=[pk]))
            for pk in page_ids
            if pk in titles
        )
        count = len(entries)
        context = {
            "user": user,
            "importer": importer,
            "entries": entries[:LISTED],
            "unlisted": count - min(count, LISTED),
            "dashboard": base + reverse("wagtailadmin_home"),
        }
        subject = ngettext(
            "%(count)s imported catalog entry awaits your review",
            "%(count)s imported catalog entries await your review",
            count,
        ) % {"count": count}
        body = render_to_string("catalog/admin/import/review_notice.txt", context)
        try:
            sent += send_mail(subject, body, None, [user.email])
        except Exception:  # as Wagtail's notifiers: a mail server down must not fail the import
            logger.exception("Could not send the import's review notice to user %s", user.pk)
    return sent
