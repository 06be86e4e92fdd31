"""The dashboard's line about links (issue 17): how many are broken, when they were last checked
and by whom, a check in progress, and "Check links now"; never a shell command."""

import datetime
import re

import pytest
from django.utils import timezone

from catalog.models import LinkCheckRun

pytestmark = pytest.mark.django_db

State = LinkCheckRun.State


def dashboard(client) -> str:
    html = client.get("/admin/").content.decode()
    assert "manage.py" not in html
    return " ".join(html.split())  # the line wraps in the template


def finished(hours_ago: float, state: str = State.DONE, **fields) -> LinkCheckRun:
    when = timezone.now() - datetime.timedelta(hours=hours_ago)
    run = LinkCheckRun.objects.create(state=state, started_at=when, finished_at=when, **fields)
    LinkCheckRun.objects.filter(pk=run.pk).update(requested_at=when)
    return run


def test_never_checked(admin_client, home):
    html = dashboard(admin_client)
    assert "0 broken links</a>." in html
    assert "Links have not been checked yet." in html
    assert '<a href="/admin/catalog/link-check/">Check links now</a>' in html


def test_last_checked_by_someone_or_by_the_scheduled_check(admin_client, django_user_model, home):
    ana = django_user_model.objects.create_user("ana", first_name="Ana", last_name="Editor")
    finished(5)  # the command, earlier
    finished(3, started_by=ana, total=120, broken=1)
    html = dashboard(admin_client)
    assert "Last checked <time" in html
    assert re.search(r">3\s+hours ago</time> by Ana Editor\.", html)
    assert "Check links now</a>" in html
    finished(0.5)
    assert re.search(r">30\s+minutes ago</time> by the scheduled check\.", dashboard(admin_client))


def test_a_check_in_progress_and_one_that_stopped(admin_client, home):
    finished(3)
    stopped = finished(1, state=State.FAILED)
    html = dashboard(admin_client)
    assert f'<a href="/admin/catalog/link-check/{stopped.pk}/">The last check stopped' in html
    running = LinkCheckRun.objects.create(
        state=State.RUNNING, started_at=timezone.now(), done=40, total=120
    )
    html = dashboard(admin_client)
    assert (
        f'<a href="/admin/catalog/link-check/{running.pk}/">Checking links: 40 of 120</a>' in html
    )
    assert "Check links now" not in html and "Last checked" not in html
    LinkCheckRun.objects.filter(pk=running.pk).update(state=State.WAITING)
    assert "A link check is waiting to start</a>" in dashboard(admin_client)


def test_one_broken_link_is_singular(admin_client, home):
    from catalog.models import LinkCheck
    from tests import factories

    entry = factories.resource(title="Gone", external_url="https://example.org/gone")
    LinkCheck.objects.create(
        page=entry, url=entry.external_url, ok=False, status_code=404, checked_at=timezone.now()
    )
    assert "1 broken link</a>." in dashboard(admin_client)
