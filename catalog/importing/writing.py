"""Writing checked rows: every entry a new revision, then into review (or published), all in one
transaction, so that a file is imported whole or not at all.

What becomes of each new revision follows what Wagtail's edit form does with "Submit for
moderation" (wagtail/admin/views/pages/edit.py):

- an entry with no workflow in progress is submitted to the workflow of its part of the tree
  (`page.get_workflow()`, the Catalog review workflow), so it waits in the moderators' queue;
- one whose reviewer asked for changes is resubmitted to that task (`workflow_state.resume()`);
- one already in review stays in it, now with the new revision (an approval publishes the latest
  revision); the check let such a row through only for those who may review it;
- one that no workflow covers stays a draft, and the summary says so.

An importer who may publish, and asks to, publishes instead (Wagtail then ends any review in
progress); where they may not publish, the entry goes to review as above. The command line (no
user) submits or publishes as a superuser would.
"""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import ngettext
from wagtail.models import Page, Revision, WorkflowState

from catalog.importing.files import Row
from catalog.importing.kinds import Kind
from catalog.importing.notices import one_notice_per_reviewer

COUNTS = ("create", "update", "unchanged", "published", "review", "draft")


class ImportWriteError(ValueError):
    """A row the page itself refused when saved (a rule the check does not know of): nothing
    of the file was written."""


def latest(page: Page) -> Page:
    """The entry as its latest revision has it (a draft, if it has unpublished changes)."""
    revision = page.latest_revision
    return page.with_content_json(revision.content) if revision else page


@transaction.atomic
def write_rows(
    kind: Kind,
    rows: list[Row],
    publish: bool,
    user=None,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, int]:
    """Create and update the checked rows (none may have errors): {count name: number}."""
    if any(row.errors for row in rows):
        raise ValueError("Rows with errors cannot be written: check them first.")
    done = dict.fromkeys(COUNTS, 0)
    with one_notice_per_reviewer(user):  # one email per moderator, not one per entry
        for number, row in enumerate(rows, start=1):
            done[row.action] += 1
            if progress:
                progress(number, len(rows))
            if row.action == "unchanged":
                continue
            page, revision = save(kind, row, user)
            done[after_saving(page, revision, row.page, publish, user)] += 1
    return done


def save(kind: Kind, row: Row, user) -> tuple[Page, Revision]:
    page = latest(row.page) if row.page else kind.model(live=False, slug=row.slug)
    for name, value in row.fields.items():
        kind.by_name[name].apply(page, value)
    try:
        if row.page is None:
            if row.parent is None:  # checked rows have one; write_rows takes no other
                raise ValueError("A new entry's row has no parent: check it first.")
            row.parent.add_child(instance=page)
        return page, page.save_revision(user=user, log_action=True)
    except ValidationError as error:
        raise ImportWriteError(f"Line {row.line}: {' '.join(error.messages)}") from error


def after_saving(page: Page, revision: Revision, existing: Page | None, publish: bool, user) -> str:
    """Publish the new revision or put it in review, as the edit form would; which it was."""
    if publish and (user is None or page.permissions_for_user(user).can_publish()):
        revision.publish(user=user)
        return "published"
    state = existing.current_workflow_state if existing else None
    if state and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        state.resume(user)
        return "review"
    if state:
        return "review"
    workflow = page.get_workflow()
    if workflow is None:
        return "draft"
    workflow.start(page, user)
    return "review"


def summary(kind: Kind, done: dict[str, int]) -> list[str]:
    """What an import did, in sentences for the importer."""
    sentences = [
        f"{kind.counted(done['create'])} created, {done['update']} updated and "
        f"{done['unchanged']} unchanged."
    ]
    if count := done.get("published"):
        sentences.append(ngettext("%(count)s published.", "%(count)s published.", count)
                         % {"count": count})  # fmt: skip
    if count := done.get("review"):
        sentences.append(
            ngettext(
                "%(count)s submitted for review: moderators find it under “Awaiting your "
                "review” on their dashboard.",
                "%(count)s submitted for review: moderators find them under “Awaiting your "
                "review” on their dashboard.",
                count,
            )
            % {"count": count}
        )
    if count := done.get("draft"):
        sentences.append(
            ngettext(
                "%(count)s saved as a draft only: no review workflow covers its part of the "
                "catalog, so it waits for someone who may publish.",
                "%(count)s saved as drafts only: no review workflow covers their part of the "
                "catalog, so they wait for someone who may publish.",
                count,
            )
            % {"count": count}
        )
    return sentences
