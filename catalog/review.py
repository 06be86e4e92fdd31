"""Keeping entries current: when an entry is due for review, and "Mark as reviewed".

An entry's review clock starts when it is first published (publishing is its first review) and
starts again each time an editor marks it as reviewed; it is due `CATALOG_REVIEW_MONTHS`
calendar months later. A draft that was never published and never marked is not due: there is
nothing on the site to check yet.

Marking as reviewed sets the entry's review date and reviewer straight on its row and records it
in the page's history, without a new revision: the entry's content did not change (its page
shows the new date, which is the point of the review), so there is no draft to approve. As the
live page shows the date, only those who may publish the entry mark it (nothing visitors see
changes on an editor's word alone); editors see what is due and ask a moderator.
Revisions still carry the review fields, so CatalogEntryPage.with_content_json takes them from
the row whenever a revision is loaded: publishing an older draft never puts back an older review.

One bulk action does the work from three places: the page explorer's bulk actions, the "Due for
review" report (a button per row, and ticked rows through the confirmation page) and the "Mark
as reviewed" item in an entry's header menu.
"""

import calendar
import datetime

from django.conf import settings
from django.db.models import F, QuerySet
from django.db.models.functions import Coalesce, TruncDate
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.locks import BasicLock
from wagtail.log_actions import log
from wagtail.models import Page

from catalog.bulk_actions import CatalogPageBulkAction, bulk_action_url
from catalog.models import CatalogEntryPage

MARK_REVIEWED = "catalog.mark_reviewed"


def months_later(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` calendar months later (earlier when negative), or that month's last
    day when it is shorter: 31 January + 1 month is 28 (or 29) February."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def review_cutoff(today: datetime.date | None = None) -> datetime.date:
    """The latest day a review clock may have started on for the entry to be due by `today`:
    an entry is due exactly when its clock started on this day or before."""
    today = today or timezone.localdate()
    cutoff = months_later(today, -settings.CATALOG_REVIEW_MONTHS)
    if today.day == calendar.monthrange(today.year, today.month)[1]:
        # On a month's last day, every later day of a longer month has come due too.
        cutoff = cutoff.replace(day=calendar.monthrange(cutoff.year, cutoff.month)[1])
    return cutoff


def review_due(review_since: datetime.date) -> datetime.date:
    """When an entry whose review clock started on `review_since` is due for review."""
    return months_later(review_since, settings.CATALOG_REVIEW_MONTHS)


def with_review_since(entries: QuerySet) -> QuerySet:
    """Each entry with `review_since`: the day it was last marked reviewed, or else the day it
    was first published (in the site's time zone); none for a draft never published."""
    return entries.annotate(review_since=Coalesce("last_reviewed", TruncDate("first_published_at")))


def due_for_review(entries: QuerySet) -> QuerySet:
    """The entries due for review, the longest waiting first. Drafts never published and never
    reviewed are left out: there is nothing on the site to review yet."""
    due = with_review_since(entries).filter(review_since__lte=review_cutoff())
    return due.order_by(F("review_since").asc(), "title")


def mark_reviewed(pages: list[Page], user) -> int:
    """Mark `pages` (catalog entries) as reviewed today by `user`, in their history; no
    revision. Returns how many were marked."""
    today = timezone.localdate()
    ids = [page.pk for page in pages]
    CatalogEntryPage.objects.filter(pk__in=ids).update(last_reviewed=today, last_reviewed_by=user)
    for page in pages:
        log(instance=page, action=MARK_REVIEWED, user=user, data={"reviewed": today.isoformat()})
    return len(ids)


def refusal(page: Page, user) -> str:
    """Why `user` may not mark `page` as reviewed, in words that name the page ("" if they
    may). A page they may not edit is not named: its title could be another section's draft."""
    if not page.permissions_for_user(user).can_edit():
        return "a page you may not edit"
    title = page.get_admin_display_title()
    if not issubclass(page.specific_class or Page, CatalogEntryPage):
        return f"{title}: not a catalog entry"
    if page.locked and BasicLock(page).for_user(user):
        return f"{title}: locked by another user"
    if not page.permissions_for_user(user).can_publish():
        # Its live page shows the review date: a change visitors see, so a moderator's to make.
        return f"{title}: only those who may publish it mark it as reviewed"
    return ""


class MarkReviewedBulkAction(CatalogPageBulkAction):
    """Mark as reviewed the entries chosen (`?id=…`, repeated; `id=all` with the page
    explorer's `childOf`): a confirmation page on GET, the marking on POST."""

    display_name = "Mark as reviewed"
    action_type = "mark_reviewed"
    aria_label = "Mark the selected entries as reviewed"
    template_name = "catalog/admin/confirm_mark_reviewed.html"
    action_priority = 70

    def dispatch(self, request, *args, **kwargs):
        if not request.GET.getlist("id"):
            messages.warning(request, "Tick the entries you have reviewed first.")
            return redirect(self.next_url)
        return super().dispatch(request, *args, **kwargs)

    def check_perm(self, page: Page) -> bool:
        page.review_refusal = refusal(page, self.request.user)
        return not page.review_refusal

    def prepare_action(self, objects, objects_without_access):
        self.refused = objects_without_access["items_with_no_access"]
        if not objects:
            messages.error(self.request, self.refused_message())
            return redirect(self.next_url)
        return None

    def refused_message(self) -> str:
        reasons = "; ".join(page.review_refusal for page in self.refused)
        return ngettext(
            "%(count)d page was not marked as reviewed (%(reasons)s).",
            "%(count)d pages were not marked as reviewed (%(reasons)s).",
            len(self.refused),
        ) % {"count": len(self.refused), "reasons": reasons}

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        return mark_reviewed(objects, user), 0

    def get_success_message(self, num_parent_objects: int, num_child_objects: int) -> str:
        message = ngettext(
            "%(count)d entry marked as reviewed.",
            "%(count)d entries marked as reviewed.",
            num_parent_objects,
        ) % {"count": num_parent_objects}
        return f"{message} {self.refused_message()}" if self.refused else message


def mark_reviewed_url(page_ids: list[int], next_url: str = "") -> str:
    """The address of "Mark as reviewed" for these pages: GET confirms, POST marks."""
    return bulk_action_url("mark_reviewed", page_ids, next_url)


class MarkReviewedMenuItem(PageMenuItem):
    """The entry's header menu item: opens the confirmation page."""

    label = "Mark as reviewed"
    icon_name = "tick"
    priority = 62

    def is_shown(self, user) -> bool:
        return isinstance(self.page, CatalogEntryPage) and not refusal(self.page, user)

    @property
    def url(self) -> str:
        return mark_reviewed_url([self.page.pk], self.next_url or "")


@hooks.register("register_page_header_buttons")
def mark_reviewed_menu_item(page, user, view_name, next_url=None):
    yield MarkReviewedMenuItem(page=page, next_url=next_url)


hooks.register("register_bulk_action", MarkReviewedBulkAction)


@hooks.register("register_log_actions")
def register_review_log_action(actions) -> None:
    actions.register_action(MARK_REVIEWED, "Mark as reviewed", "Marked as reviewed")
