"""Keeping entries current (issue 17): the "Due for review" report counts from the last review,
or from the first publication, and "Mark as reviewed" (a row's button, the ticked rows, the page
explorer's bulk actions, the entry's menu) records who and when without a new revision."""

import csv
import datetime
import html
import io
import re
from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import GroupPagePermission, PageLogEntry, Revision

from catalog.models import CatalogEntryPage
from catalog.review import MARK_REVIEWED, mark_reviewed_url, months_later, review_cutoff
from tests import factories

pytestmark = pytest.mark.django_db

URL = "/admin/reports/due-for-review/"
TODAY = timezone.localdate()


def days_ago(days: int) -> datetime.date:
    return TODAY - datetime.timedelta(days=days)


def first_published(page, days: int):
    """Pretend `page` was first published `days` ago."""
    when = timezone.now() - datetime.timedelta(days=days)
    CatalogEntryPage.objects.filter(pk=page.pk).update(first_published_at=when)
    page.refresh_from_db()
    return page


@pytest.fixture
def reviewer(django_user_model):
    return django_user_model.objects.create_user(
        "rita", password="x", first_name="Rita", last_name="Reviewer"
    )


@pytest.fixture
def kit(home):
    return factories.toolkit(title="Toolkit")


@pytest.fixture
def entries(kit, reviewer, settings):
    settings.CATALOG_REVIEW_MONTHS = 12
    stale = factories.resource(kit, title="Stale", last_reviewed=days_ago(400))
    CatalogEntryPage.objects.filter(pk=stale.pk).update(last_reviewed_by=reviewer)
    return {
        "stale": stale,
        "old": first_published(factories.resource(kit, title="Old, never reviewed"), 500),
        "new": factories.resource(kit, title="Published just now"),
        "fresh": factories.resource(kit, title="Fresh", last_reviewed=days_ago(10)),
        "draft": factories.resource(kit, title="Never published", live=False),
    }


def titles(client, url: str = URL) -> list[str]:
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    return [page.title for page in response.context["object_list"]]


def row(report_html: str, title: str) -> str:
    match = re.search(rf"<tr>(?:(?!</tr>).)*>{re.escape(title)}</a>.*?</tr>", report_html, re.S)
    assert match, title
    return match.group(0)


def row_action(report_html: str, title: str) -> str:
    form = re.search(r'<form method="post" action="([^"]+)"', row(report_html, title))
    assert form
    return html.unescape(form.group(1))


# --- When an entry is due ------------------------------------------------------------------------


def test_months_later_keeps_the_day_or_takes_the_months_last():
    assert months_later(datetime.date(2025, 1, 31), 1) == datetime.date(2025, 2, 28)
    assert months_later(datetime.date(2024, 1, 31), 1) == datetime.date(2024, 2, 29)
    assert months_later(datetime.date(2025, 11, 15), 3) == datetime.date(2026, 2, 15)
    assert months_later(datetime.date(2026, 3, 31), -1) == datetime.date(2026, 2, 28)


@pytest.mark.parametrize("months", [1, 12, 18])
def test_an_entry_is_due_exactly_when_its_due_date_has_come(settings, months):
    """The report's filter (clock started on or before the cutoff) and the due date it shows
    (start + months) agree on every day, month ends and a leap day included."""
    settings.CATALOG_REVIEW_MONTHS = months
    day = datetime.date(2024, 1, 1)
    while day < datetime.date(2025, 4, 1):
        cutoff = review_cutoff(day)
        for offset in range(-3, 4):
            start = cutoff + datetime.timedelta(days=offset)
            assert (start <= cutoff) == (months_later(start, months) <= day), (day, start)
        day += datetime.timedelta(days=1)


def test_first_publication_counts_as_the_first_review(admin_client, entries):
    # The oldest first; a just-published entry and a draft never published are not due.
    assert titles(admin_client) == ["Old, never reviewed", "Stale"]


def test_the_review_period_is_a_setting(admin_client, entries, settings):
    settings.CATALOG_REVIEW_MONTHS = 15
    assert titles(admin_client) == ["Old, never reviewed"]
    settings.CATALOG_REVIEW_MONTHS = 1
    assert "Fresh" not in titles(admin_client)
    assert "Published just now" not in titles(admin_client)


def test_each_row_says_when_last_reviewed_by_whom_and_when_due(admin_client, entries):
    page = admin_client.get(URL).content.decode()
    stale = row(page, "Stale")
    assert f'<time datetime="{days_ago(400).isoformat()}">' in stale
    assert "<td>Rita Reviewer</td>" in stale
    due = months_later(days_ago(400), 12)
    assert f'<time datetime="{due.isoformat()}">' in stale
    assert f"Overdue by {(TODAY - due).days} days" in stale
    old = row(page, "Old, never reviewed")
    published = entries["old"].first_published_at
    assert "Never" in old and "first published" in old
    assert "<td>—</td>" in old  # nobody reviewed it
    due = months_later(timezone.localtime(published).date(), 12)
    assert f'<time datetime="{due.isoformat()}">' in old
    assert ">Guide<" in old  # the resource's type


def test_the_export_has_the_review_columns(admin_client, entries):
    response = admin_client.get(URL, {"export": "csv"})
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = {line["Title"]: line for line in csv.DictReader(io.StringIO(content))}
    stale = rows["Stale"]
    due = months_later(days_ago(400), 12)
    assert (stale["Type"], stale["Last reviewed"], stale["Reviewed by"]) == (
        "Guide",
        str(days_ago(400)),
        "Rita Reviewer",
    )
    assert (stale["Due"], stale["Days overdue"]) == (str(due), str((TODAY - due).days))
    assert rows["Old, never reviewed"]["Last reviewed"] == ""
    assert rows["Old, never reviewed"]["First published"]
    assert set(rows) == {"Stale", "Old, never reviewed"}


def test_its_query_count_does_not_grow_with_rows(admin_client, kit, reviewer):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(URL).status_code == HTTPStatus.OK
        return len(captured)

    factories.resource(kit, last_reviewed=days_ago(400))
    queries()  # warm caches
    few = queries()
    for number in range(5):
        page = factories.resource(kit, title=f"More {number}", last_reviewed=days_ago(500))
        CatalogEntryPage.objects.filter(pk=page.pk).update(last_reviewed_by=reviewer)
    assert queries() == few


# --- Mark as reviewed ---------------------------------------------------------------------------


def reviewed(page) -> tuple:
    page = CatalogEntryPage.objects.get(pk=page.pk)
    return page.last_reviewed, page.last_reviewed_by_id


def test_a_rows_button_marks_the_entry_without_a_revision(admin_client, admin_user, entries):
    stale = entries["stale"]
    revisions = Revision.objects.count()
    latest = CatalogEntryPage.objects.get(pk=stale.pk).latest_revision_id

    action = row_action(admin_client.get(URL).content.decode(), "Stale")
    response = admin_client.post(action, follow=True)

    assert response.redirect_chain[-1][0] == URL
    assert "1 entry marked as reviewed." in response.content.decode()
    assert reviewed(stale) == (TODAY, admin_user.pk)
    assert (Revision.objects.count(), stale.latest_revision_id) == (revisions, latest)
    entry = PageLogEntry.objects.get(page=stale, action=MARK_REVIEWED)
    assert (entry.user, entry.data) == (admin_user, {"reviewed": TODAY.isoformat()})
    assert (
        "Marked as reviewed"
        in admin_client.get(f"/admin/pages/{stale.pk}/history/").content.decode()
    )
    assert titles(admin_client) == ["Old, never reviewed"]


def test_ticked_rows_are_confirmed_then_marked_together(admin_client, admin_user, entries):
    stale, old = entries["stale"], entries["old"]
    report = admin_client.get(URL).content.decode()
    form = re.search(r'<form id="catalog-review-selected" method="get" action="([^"]+)"', report)
    assert form and f'value="{stale.pk}"' in report and 'form="catalog-review-selected"' in report

    confirm = admin_client.get(form.group(1), {"id": [stale.pk, old.pk], "next": URL})
    assert confirm.status_code == HTTPStatus.OK
    text = confirm.content.decode()
    assert "Stale" in text and "Old, never reviewed" in text and "Yes, mark as reviewed" in text
    assert reviewed(stale) != (TODAY, admin_user.pk)  # a GET changes nothing
    assert not PageLogEntry.objects.filter(action=MARK_REVIEWED).exists()

    url = mark_reviewed_url([stale.pk, old.pk], URL)
    response = admin_client.post(url, follow=True)
    assert "2 entries marked as reviewed." in response.content.decode()
    assert reviewed(stale) == reviewed(old) == (TODAY, admin_user.pk)
    assert PageLogEntry.objects.filter(action=MARK_REVIEWED).count() == 2
    assert titles(admin_client) == []


def test_the_page_explorer_offers_it_as_a_bulk_action(admin_client, kit, entries):
    listing = admin_client.get(f"/admin/pages/{kit.pk}/").content.decode()
    assert "/admin/bulk/wagtailcore/page/mark_reviewed/" in listing
    # "Select all" in the explorer sends id=all with the folder: non-entries are left out.
    home = kit.get_parent()
    url = f"/admin/bulk/wagtailcore/page/mark_reviewed/?id=all&childOf={home.pk}"
    confirm = admin_client.get(url).content.decode()
    assert "Toolkit: not a catalog entry" in confirm


def test_the_entrys_menu_offers_it(admin_client, entries, kit):
    stale = entries["stale"]
    edit = admin_client.get(f"/admin/pages/{stale.pk}/edit/").content.decode()
    assert html.escape(mark_reviewed_url([stale.pk], f"/admin/pages/{stale.pk}/edit/")) in edit
    assert "Mark as reviewed" in edit
    assert "Last reviewed on" in edit and "by Rita Reviewer" in edit  # the read-only panel
    assert "mark_reviewed" not in admin_client.get(f"/admin/pages/{kit.pk}/edit/").content.decode()


@pytest.fixture
def other_section_editor(django_user_model, home) -> tuple[Client, object]:
    """Staff who may edit and publish one other toolkit only (its moderators)."""
    other_kit = factories.toolkit(title="Other toolkit")
    group = Group.objects.create(name="Other toolkit editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for permission in ("change", "publish"):
        GroupPagePermission.objects.create(group=group, page=other_kit, permission_type=permission)
    user = django_user_model.objects.create_user("scoped", password="x")
    user.groups.add(group)
    client = Client()
    client.force_login(user)
    return client, factories.resource(other_kit, title="Theirs")


def test_an_entry_the_user_may_not_edit_is_refused(other_section_editor, entries):
    client, theirs = other_section_editor
    stale = entries["stale"]
    before = reviewed(stale)

    confirm = client.get(mark_reviewed_url([stale.pk])).content.decode()
    assert "A page you may not edit" in confirm and "Yes, mark as reviewed" not in confirm
    assert "Stale" not in confirm  # another section's title is not shown
    response = client.post(mark_reviewed_url([stale.pk], URL), follow=True)
    assert response.status_code == HTTPStatus.OK
    text = response.content.decode()
    assert "1 page was not marked as reviewed (a page you may not edit)." in text
    assert "Stale" not in text
    assert reviewed(stale) == before
    assert not PageLogEntry.objects.filter(action=MARK_REVIEWED).exists()

    # Together with one of their own: theirs is marked, the other left as it was.
    response = client.post(mark_reviewed_url([stale.pk, theirs.pk], URL), follow=True)
    assert "1 entry marked as reviewed. 1 page was not marked" in response.content.decode()
    assert reviewed(stale) == before
    assert reviewed(theirs)[0] == TODAY


def test_an_entry_locked_by_someone_else_is_refused(editor, admin_user, entries):
    stale = entries["stale"]
    CatalogEntryPage.objects.filter(pk=stale.pk).update(locked=True, locked_by=admin_user)
    before = reviewed(stale)
    response = editor.post(mark_reviewed_url([stale.pk], URL), follow=True)
    assert "Stale: locked by another user" in response.content.decode()
    assert reviewed(stale) == before


@pytest.mark.parametrize(
    "query",
    ["id=abc", "id=999999", "id=1e3", "id=all&childOf=abc", "id=all&childOf=999999"],
)
def test_bad_ids_are_not_found(admin_client, entries, query):
    url = f"/admin/bulk/wagtailcore/page/mark_reviewed/?{query}"
    assert admin_client.get(url).status_code == HTTPStatus.NOT_FOUND
    assert admin_client.post(url).status_code == HTTPStatus.NOT_FOUND
    assert not PageLogEntry.objects.filter(action=MARK_REVIEWED).exists()


def test_nothing_ticked_says_so(admin_client, entries):
    response = admin_client.get(
        f"/admin/bulk/wagtailcore/page/mark_reviewed/?next={URL}", follow=True
    )
    assert "Tick the entries you have reviewed first." in response.content.decode()


def test_marking_needs_the_csrf_token(admin_user, entries):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    stale = entries["stale"]
    before = reviewed(stale)
    assert client.post(mark_reviewed_url([stale.pk])).status_code == HTTPStatus.FORBIDDEN
    assert reviewed(stale) == before


def test_publishing_an_older_draft_keeps_the_newer_review(admin_client, admin_user, entries):
    stale = CatalogEntryPage.objects.get(pk=entries["stale"].pk).specific
    stale.title = "Stale, reworded"
    draft = stale.save_revision()  # saved before the review, with its old date
    admin_client.post(mark_reviewed_url([stale.pk]))
    assert reviewed(stale) == (TODAY, admin_user.pk)

    Revision.objects.get(pk=draft.pk).publish()

    page = CatalogEntryPage.objects.get(pk=stale.pk)
    assert page.title == "Stale, reworded"
    assert (page.last_reviewed, page.last_reviewed_by_id) == (TODAY, admin_user.pk)
    # What the draft knew, and would have put back.
    assert Revision.objects.get(pk=draft.pk).content["last_reviewed"] == str(days_ago(400))


def test_an_editor_who_may_not_publish_is_refused(editor, entries):
    """The live page shows the review date: marking is a change visitors see, so it is for
    those who may publish the entry, not an editor's alone."""
    stale = entries["stale"]
    before = reviewed(stale)
    confirm = editor.get(mark_reviewed_url([stale.pk])).content.decode()
    assert "Stale: only those who may publish it mark it as reviewed" in confirm
    assert "Yes, mark as reviewed" not in confirm
    editor.post(mark_reviewed_url([stale.pk], URL), follow=True)
    assert reviewed(stale) == before
    assert not PageLogEntry.objects.filter(action=MARK_REVIEWED).exists()


def test_the_report_offers_the_button_only_to_those_who_may_mark(editor, admin_client, entries):
    assert "Mark as reviewed<span" not in row(editor.get(URL).content.decode(), "Stale")
    assert "Mark as reviewed<span" in row(admin_client.get(URL).content.decode(), "Stale")
