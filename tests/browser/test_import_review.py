"""An import in a real browser goes to review (issue 17): an editor imports a file in the Wagtail
admin (choose → preview → confirm), then a moderator approves the batch from the
dashboard (the catalog panel's "approve the N waiting for you"), and the pages go live. The
import page is checked with axe in each state (form, preview, done) under the admin's Content
Security Policy."""

import csv
import io
import re

import pytest
from playwright.sync_api import Page, expect

from catalog.models import ChapterPage, CurriculumPage, ResourcePage, ToolkitPage

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLES = ["Sample: intake screening pocket card", "Sample: caregiver guide to the CAC visit"]


def import_file() -> bytes:
    """Two new resources for the demo's toolkit, tagged with the demo's terms by name."""
    toolkit = ToolkitPage.objects.get().slug
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow(["parent", "slug", "title", "summary", "type", "disciplines", "audiences"])
    writer.writerow(
        [
            toolkit,
            "sample-pocket-card",
            TITLES[0],
            "Five questions to ask at intake.",
            "Checklist",
            "Victim advocacy | Forensic interviewing",
            "CAC staff",
        ]
    )
    writer.writerow([toolkit, "sample-caregiver-guide", TITLES[1], "What a caregiver can expect.",
                     "Guide", "", "Caregivers"])  # fmt: skip
    return output.getvalue().encode()


def sign_in(page: Page, audit, username: str) -> None:
    page.goto("/admin/login/")
    audit(page, f"admin: sign in ({username})")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("changeme")
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    audit(page, f"admin: dashboard ({username})")


def test_an_editors_import_is_approved_by_a_moderator_and_goes_live(demo, page, context, audit):
    sign_in(page, audit, "editor")
    page.get_by_role("link", name="Import and export").click()
    expect(page).to_have_url(re.compile(r"/admin/catalog/import/resources/$"))
    expect(page.get_by_role("link", name="Resources", exact=True)).to_have_attribute(
        "aria-current", "page"
    )
    expect(page.get_by_label("Publish them now")).to_have_count(0)  # an editor may not publish
    audit(page, "admin: import, the form")

    page.get_by_label("CSV file").set_input_files(
        {"name": "new-resources.csv", "mimeType": "text/csv", "buffer": import_file()}
    )
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", name="new-resources.csv")).to_be_visible()
    expect(page.get_by_text("All 2 rows are good.")).to_be_visible()
    expect(page.get_by_label("CSV file")).to_have_count(0)  # no empty file field under it
    expect(page.get_by_role("link", name="Choose another file")).to_be_visible()
    audit(page, "admin: import, the preview")
    assert not ResourcePage.objects.filter(title__in=TITLES).exists()

    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.get_by_text("2 resources created, 0 updated and 0 unchanged.")).to_be_visible()
    expect(page.get_by_text("2 submitted for review")).to_be_visible()
    audit(page, "admin: import, done")
    imported = ResourcePage.objects.filter(title__in=TITLES)
    assert [page.live for page in imported] == [False, False]

    context.clear_cookies()
    sign_in(page, audit, "moderator")
    panel = page.locator("section").filter(
        has=page.get_by_role("heading", name="Awaiting your review")
    )
    for title in TITLES:
        expect(panel.get_by_role("link", name=title)).to_be_visible()
    # The batch at once, from the catalog panel: a confirmation naming each entry, then approval.
    page.get_by_role("link", name=f"approve the {len(TITLES)} waiting for you").click()
    audit(page, "admin: approve the imported entries, the confirmation")
    for title in TITLES:
        expect(page.get_by_role("link", name=title)).to_be_visible()
    page.get_by_role("button", name="Yes, approve").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.get_by_text(f"{len(TITLES)} pages approved.")).to_be_visible()
    for title in TITLES:
        expect(panel.get_by_role("link", name=title)).to_have_count(0)  # no longer waiting
    audit(page, "admin: dashboard, the batch approved")

    assert [page.live for page in ResourcePage.objects.filter(title__in=TITLES)] == [True, True]
    resource = ResourcePage.objects.get(title=TITLES[0])
    assert {term.name for term in resource.disciplines.all()} == {
        "Forensic interviewing", "Victim advocacy"
    }  # fmt: skip
    page.goto(resource.url)
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLES[0])
    audit(page, "the imported resource, live")


def test_a_moderator_sees_bad_rows_then_publishes_a_curriculum_at_once(demo, page, audit):
    chapter = ChapterPage.objects.get().slug
    header = "parent,slug,title,summary,agenda\n"
    agenda = '"Day 1\n09:00-10:00 Opening"'
    good = f"{chapter},sample-refresher,Sample: a refresher,One morning.,{agenda}\n"
    sign_in(page, audit, "moderator")
    page.goto("/admin/catalog/import/curricula/")
    audit(page, "admin: import curricula, the form")
    bad = good.replace("09:00-10:00", "10:00-09:00")
    page.get_by_label("CSV file").set_input_files(
        {"name": "bad.csv", "mimeType": "text/csv", "buffer": (header + bad).encode()}
    )
    page.get_by_role("button", name="Check the file").click()
    expect(
        page.get_by_text("Line 2: agenda, “Opening”: the session ends before it starts")
    ).to_be_visible()
    expect(page.get_by_role("button", name="Import", exact=True)).to_have_count(0)
    audit(page, "admin: import curricula, a bad row")

    page.get_by_role("link", name="Choose another file").click()
    page.get_by_label("CSV file").set_input_files(
        {"name": "good.csv", "mimeType": "text/csv", "buffer": (header + good).encode()}
    )
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_text("The row is good.")).to_be_visible()
    audit(page, "admin: import curricula, the preview with publishing")
    page.get_by_label("Publish them now").check()
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.get_by_text("1 published.")).to_be_visible()
    audit(page, "admin: import curricula, published")
    assert CurriculumPage.objects.get(slug="sample-refresher").live
