"""Whether Wagtail's page edit form would refuse someone's changes to a page, by Wagtail's own
locks: what an import (catalog.importing) must refuse too, so that it changes no more than the
editor could."""

from wagtail.locks import BasicLock, ScheduledForPublishLock, WorkflowLock
from wagtail.models import Page


def lock_against(page: Page, user) -> str:
    """Why the page's edit form would refuse `user`'s changes ("" if it would not), by Wagtail's
    own locks. The command line (no user) is held back by a person's lock and by a schedule, not
    by a workflow, as a superuser would be."""
    lock = page.get_lock()
    if lock is None or (user is None and isinstance(lock, WorkflowLock)):
        return ""
    if user is not None and not lock.for_user(user):
        return ""
    if isinstance(lock, BasicLock):
        return "locked by another user"
    if isinstance(lock, ScheduledForPublishLock):
        return "scheduled to be published"
    return "awaiting review by others in a workflow"
