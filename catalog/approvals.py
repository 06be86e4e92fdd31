"""Approving many entries in review at once: an import sends a moderator dozens or hundreds of
entries (catalog.importing), which Wagtail lets them approve only one at a time.

"Approve" is a page bulk action (the page explorer's bulk bar, and an address with the pages'
ids that the dashboard's catalog panel links to): a confirmation page on GET lists what will be
approved, each title linked to its editor for a last look; POST approves each page's current
review task as its own "Approve" button would (Wagtail's `Task.on_action`), which publishes the
page when that task was the workflow's last. A page is approved only where the user may approve
its current task; the others are named and left as they are.
"""

from django.contrib import messages
from django.db import transaction
from django.db.models import F
from django.shortcuts import redirect
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.models import Page, TaskState, WorkflowState

from catalog.bulk_actions import CatalogPageBulkAction, bulk_action_url

BATCH = 200  # pages linked from the dashboard at once: the address stays under gunicorn's limit


def may_approve(page: Page, user) -> bool:
    """Whether `user` may approve `page`'s current review task."""
    state = page.current_workflow_task_state
    if state is None:
        return False
    return any(
        name == "approve" for name, _label, _modal in state.task.specific.get_actions(page, user)
    )


def reviewable_page_ids(user, limit: int = BATCH) -> list[int]:
    """The pages waiting for `user`'s approval (their current task is one `user` moderates),
    the longest waiting first."""
    states = TaskState.objects.reviewable_by(user).filter(
        workflow_state__status=WorkflowState.STATUS_IN_PROGRESS,
        workflow_state__current_task_state=F("pk"),
    )
    ids = states.order_by("started_at").values_list("workflow_state__object_id", flat=True)
    return [int(pk) for pk in ids[:limit]]


def approve_url(page_ids: list[int], next_url: str = "") -> str:
    """The address of "Approve" for these pages: GET confirms, POST approves."""
    return bulk_action_url("approve", page_ids, next_url)


class ApproveBulkAction(CatalogPageBulkAction):
    """Approve the chosen pages' current review task (`?id=…`, repeated)."""

    display_name = "Approve"
    action_type = "approve"
    aria_label = "Approve the selected pages in review"
    template_name = "catalog/admin/confirm_approve.html"
    action_priority = 60

    def check_perm(self, page: Page) -> bool:
        user = self.request.user
        # Named only to those who may edit it: another section's draft title stays unsaid.
        page.approval_label = (
            page.get_admin_display_title()
            if page.permissions_for_user(user).can_edit()
            else "A page you may not edit"
        )
        return may_approve(page, user)

    def prepare_action(self, objects, objects_without_access):
        self.refused = objects_without_access["items_with_no_access"]
        if not objects:
            messages.error(self.request, "None of these pages is waiting for your approval.")
            return redirect(self.next_url)
        return None

    @classmethod
    @transaction.atomic
    def execute_action(cls, objects, user=None, **kwargs):
        approved = 0
        for page in objects:
            state = page.current_workflow_task_state
            if state is None or not may_approve(page, user):  # changed since the confirmation
                continue
            state.task.specific.on_action(state.specific, user, "approve")
            approved += 1
        return approved, 0

    def get_success_message(self, num_parent_objects: int, num_child_objects: int) -> str:
        message = ngettext(
            "%(count)d page approved.", "%(count)d pages approved.", num_parent_objects
        ) % {"count": num_parent_objects}
        if self.refused:
            message += " " + ngettext(
                "%(count)d page was left as it is: it is not waiting for your approval.",
                "%(count)d pages were left as they are: they are not waiting for your approval.",
                len(self.refused),
            ) % {"count": len(self.refused)}
        return message


hooks.register("register_bulk_action", ApproveBulkAction)
