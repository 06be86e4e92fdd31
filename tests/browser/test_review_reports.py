"""A moderator keeps the catalog current in a real browser (issue 17): marks entries as reviewed
from the "Due for review" report (one row's button, then ticked rows through the confirmation
page) and from an entry's menu (a review date shows on the live page, so marking is for those
who may publish), and an editor opens "Create an entry" from an empty cell of the coverage
matrix. Every page is checked with axe under the admin's Content Security Policy."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from catalog.models import CatalogEntryPage
from tests.browser.guard import KnownViolation

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

REPORT = "/admin/reports/due-for-review/"
# Not ours (as in test_admin_editing): Wagtail's rich-text editor adds <style> elements.
DRAFTAIL_STYLES = KnownViolation(
    "style-src-elem",
    "/static/wagtailadmin/js/vendor.js",
    "Draftail's placeholder and list-numbering <style> elements",
)


def sign_in(page: Page, audit, username: str) -> None:
    page.goto("/admin/login/")
    audit(page, "admin: sign in")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("changeme")
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    audit(page, "admin: dashboard")


def due_titles(page: Page) -> list[str]:
    return page.locator("table.catalog-review td.title a").all_inner_texts()


def test_a_moderator_marks_entries_as_reviewed(demo, page, audit, guard):
    guard.tolerate(DRAFTAIL_STYLES)
    today = timezone.localdate()
    sign_in(page, audit, "moderator")
    page.get_by_role("link", name=re.compile(r"entries due for review")).click()
    expect(page).to_have_url(re.compile(re.escape(REPORT)))
    audit(page, "admin: due for review")
    titles = due_titles(page)
    assert len(titles) >= 3

    first = titles[0]
    page.get_by_role("button", name=re.compile(rf"^Mark as reviewed\W+{re.escape(first)}$")).click()
    expect(page.get_by_text("1 entry marked as reviewed.")).to_be_visible()
    audit(page, "admin: due for review, one marked")
    assert first not in due_titles(page)
    assert CatalogEntryPage.objects.get(title=first).last_reviewed == today

    second, third = due_titles(page)[:2]
    page.get_by_label(f"Select {second}").check()
    page.get_by_label(f"Select {third}").check()
    page.get_by_role("button", name="Mark the ticked entries as reviewed…").click()
    expect(page.get_by_role("heading", name="Mark as reviewed")).to_be_visible()
    audit(page, "admin: mark as reviewed, confirm")
    page.get_by_role("button", name="Yes, mark as reviewed").click()
    expect(page.get_by_text("2 entries marked as reviewed.")).to_be_visible()
    audit(page, "admin: due for review, two marked")
    assert not {second, third} & set(due_titles(page))

    # From the entry's own menu, with a confirmation first.
    fourth = CatalogEntryPage.objects.get(title=due_titles(page)[0])
    page.goto(f"/admin/pages/{fourth.pk}/edit/")
    audit(page, "admin: edit an entry due for review", exclude=(".Draftail-Editor",))
    expect(page.get_by_text("Last reviewed on")).to_be_visible()
    page.get_by_role("button", name="Actions", exact=True).first.click()
    page.get_by_role("link", name="Mark as reviewed").click()
    audit(page, "admin: mark one entry as reviewed, confirm")
    page.get_by_role("button", name="Yes, mark as reviewed").click()
    expect(page.get_by_text("1 entry marked as reviewed.")).to_be_visible()
    fourth.refresh_from_db()
    assert fourth.last_reviewed == today


def test_an_empty_coverage_cell_opens_a_new_entry_with_its_pair(demo, page, audit, guard):
    guard.tolerate(DRAFTAIL_STYLES)
    sign_in(page, audit, "editor")
    page.goto("/admin/reports/coverage/")
    audit(page, "admin: coverage")
    empty = page.locator("td.coverage-empty").first
    expect(empty).to_contain_text("None")
    empty.get_by_role("link", name=re.compile(r"^Create an entry for .+ and .+")).click()
    expect(page).to_have_url(re.compile(r"/admin/reports/coverage/add/\?discipline="))
    audit(page, "admin: new resource for a pair")
    assert page.locator("input[name=disciplines]:checked").count() == 1
    assert page.locator("input[name=audiences]:checked").count() == 1
