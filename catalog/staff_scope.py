"""What a member of staff sees in the catalog's reports, dashboard and exports: the pages they
may edit. A user with admin access and rights on one section (the podcast, say) sees that
section only; superusers see everything. Wagtail's page permission policy decides, as it does
for its own reports and the page explorer. The page chooser (linking to a page) offers what the
user may see on the site besides, never another section's drafts or restricted pages.
"""

from typing import TypeVar

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast
from django.http import HttpRequest
from wagtail.models import Page, WorkflowState
from wagtail.permission_policies.pages import PagePermissionPolicy

from catalog.privacy import visibility_for

Pages = TypeVar("Pages", bound=QuerySet)  # a PageQuerySet stays one, with its own methods


def editable_pages(user) -> QuerySet:
    """Every page `user` may change (with "add" alone: the pages they own, as Wagtail has it)."""
    return PagePermissionPolicy().instances_user_has_permission_for(user, "change")


def editable_by(user, pages: Pages) -> Pages:
    """The pages of `pages` that `user` may change; `None` is the command line, which may all."""
    if user is None or (user.is_active and user.is_superuser):
        return pages
    return pages.filter(pk__in=editable_pages(user).values("pk"))


def editable_workflow_states(user) -> QuerySet:
    """The pages' workflows in progress that `user` could act on, as Wagtail's workflow report
    lists them (object ids are text there, hence the cast)."""
    states = WorkflowState.objects.active().filter(
        base_content_type=ContentType.objects.get_for_model(Page)
    )
    if user is None or (user.is_active and user.is_superuser):
        return states
    page_ids = editable_by(user, Page.objects.all()).values_list(
        Cast("id", output_field=CharField()), flat=True
    )
    return states.filter(object_id__in=page_ids)


def choosable_by(request: HttpRequest, pages: QuerySet) -> QuerySet:
    """The pages of `pages` the page chooser offers: those the user may see on the site (live,
    outside the sections closed to them) and those they may explore in the admin (the pages they
    may edit, and the way down to them)."""
    user = request.user
    if user.is_active and user.is_superuser:
        return pages
    visible = visibility_for(request).apply(Page.objects.all())
    explorable = PagePermissionPolicy().explorable_instances(user)
    return pages.filter(Q(pk__in=visible.values("pk")) | Q(pk__in=explorable.values("pk")))
