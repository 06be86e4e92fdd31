"""An editor checks the links from the dashboard in a real browser (issue 17): "Check links now",
the run's page, the dashboard's "Last checked … by …", and a run in progress. Every page is
checked with axe and at 320 px. The links are not asked for real: the demo's point at the
internet, so the check's one request function answers here: 404, the link is broken."""

import re
from unittest import mock

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from catalog.models import LinkCheck, LinkCheckRun
from tests.browser.test_admin_editing import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def status_here(url: str, method: str, timeout: float) -> int:
    return 404


@pytest.fixture(autouse=True)
def _checks_run_at_once(settings):
    """The check runs in the request (django-tasks' immediate backend), as tests/test_link_tasks.py
    explains; the database queue and its worker are tested there."""
    settings.TASKS = {
        **settings.TASKS,
        "links": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    }


def test_an_editor_checks_the_links_from_the_dashboard(demo, page: Page, audit):
    sign_in(page, audit, "editor")
    panel = page.locator(".catalog-panel")
    expect(panel).to_contain_text("Links have not been checked yet.")
    expect(panel).not_to_contain_text("manage.py")
    panel.get_by_role("link", name="Check links now").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check links")
    audit(page, "admin: check links")

    with mock.patch("catalog.links.status_of", side_effect=status_here):
        page.get_by_label("Then show the progress, refreshed every 5 seconds").uncheck()
        page.get_by_role("button", name="Check links now").click()
    run = LinkCheckRun.objects.get()
    expect(page).to_have_url(re.compile(rf"/admin/catalog/link-check/{run.pk}/$"))
    total = LinkCheck.objects.count()
    assert total and run.total == total
    status = page.locator(".link-check [role=status]")
    expect(status).to_contain_text(re.compile(rf"Finished: {total} links? checked, {total} broken"))
    audit(page, "admin: link check finished")

    page.get_by_role("link", name="See the broken links").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Broken links")
    expect(page.get_by_text("Complex trauma and polyvictimization")).to_be_visible()
    audit(page, "admin: broken links after a check")

    page.goto("/admin/")
    expect(panel).to_contain_text(re.compile(r"Last checked just now by \w+"))
    audit(page, "admin: dashboard after a check")

    running = LinkCheckRun.objects.create(
        state=LinkCheckRun.State.RUNNING, started_at=timezone.now(), done=4, total=10, broken=1
    )
    page.reload()
    panel.get_by_role("link", name="Checking links: 4 of 10").click()
    expect(page).to_have_url(re.compile(rf"/admin/catalog/link-check/{running.pk}/$"))
    expect(status).to_contain_text("Checking links: 4 of 10. 1 broken link so far.")
    expect(page.get_by_role("link", name="Refresh", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Check links now")).to_have_count(0)
    audit(page, "admin: link check in progress")
