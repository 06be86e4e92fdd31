"""The editors' "Nothing to open" report: resources, live or draft, with neither a file nor a
link, with their publisher and last published date, for those who see the other reports."""

import csv
import io
import re
from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import GroupPagePermission

from catalog.models import ResourcePage
from tests import factories

pytestmark = pytest.mark.django_db

URL = "/admin/reports/nothing-to-open/"


@pytest.fixture
def resources(home):
    kit = factories.toolkit()
    return {
        "ask": factories.resource(kit, title="Ask us", publisher="Example Press"),
        "draft": factories.resource(kit, title="Draft with nothing", live=False),
        "file": factories.resource(kit, title="Has a file", document=factories.document()),
        "link": factories.resource(kit, title="Has a link", external_url="https://x.example/"),
        "private": factories.members_only(factories.resource(kit, title="Members only")),
        "episode": factories.episode(title="An episode"),  # not a resource: never listed
    }


def titles(client) -> list[str]:
    response = client.get(URL)
    assert response.status_code == HTTPStatus.OK
    return [page.title for page in response.context["object_list"]]


def test_lists_exactly_the_resources_with_nothing_to_open(admin_client, resources):
    assert titles(admin_client) == ["Ask us", "Draft with nothing", "Members only"]


def test_each_row_shows_publisher_status_and_last_published(admin_client, resources):
    html = admin_client.get(URL).content.decode()
    row = re.search(r"<tr>\s*<td class=\"title\"><a [^>]*>Ask us</a>.*?</tr>", html, re.S)
    assert row and "<td>Example Press</td>" in row.group(0)
    draft = re.search(r"<td class=\"title\"><a [^>]*>Draft with nothing</a>.*?</tr>", html, re.S)
    assert draft and '<td class="updated">Never</td>' in draft.group(0)
    assert "Has a file" not in html and "Has a link" not in html


def test_the_export_carries_publisher_and_last_published(admin_client, resources):
    response = admin_client.get(URL, {"export": "csv"})
    content = b"".join(response.streaming_content) if response.streaming else response.content
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    assert [row["Title"] for row in rows] == ["Ask us", "Draft with nothing", "Members only"]
    ask = rows[0]
    assert ask["Publisher"] == "Example Press"
    assert ask["Last published"].startswith(str(resources["ask"].last_published_at.date()))
    assert rows[1]["Last published"] == ""


def test_a_file_or_link_takes_the_resource_off_the_report(admin_client, resources):
    page = ResourcePage.objects.get(pk=resources["ask"].pk)
    page.external_url = "https://press.example/now-online"
    page.save_revision().publish()
    assert "Ask us" not in titles(admin_client)


def test_editors_and_moderators_see_it_as_the_other_reports(editor, moderator, resources):
    for client in (editor, moderator):
        assert titles(client) == ["Ask us", "Draft with nothing", "Members only"]
        menu = client.get("/admin/").content.decode()
        assert '"label": "Nothing to open"' in menu  # the sidebar's reports menu
        assert '"url": "/admin/reports/nothing-to-open/"' in menu
        assert client.get("/admin/reports/missing-tags/").status_code == HTTPStatus.OK


def test_not_for_visitors_or_members(client, member_client, resources):
    assert client.get(URL).status_code == HTTPStatus.FOUND  # to the admin's sign-in
    assert member_client.get(URL).status_code in (HTTPStatus.FOUND, HTTPStatus.FORBIDDEN)
    assert client.get(URL, {"export": "csv"}).status_code == HTTPStatus.FOUND


def test_staff_with_one_section_see_only_its_resources(django_user_model, resources, home):
    other_kit = factories.toolkit(title="Other toolkit")
    factories.resource(other_kit, title="Elsewhere")
    group = Group.objects.create(name="Other toolkit editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(group=group, page=other_kit, permission_type="change")
    user = django_user_model.objects.create_user("scoped", password="x")
    user.groups.add(group)
    scoped = Client()
    scoped.force_login(user)
    assert titles(scoped) == ["Elsewhere"]


def test_its_query_count_does_not_grow_with_rows(admin_client, home):
    kit = factories.toolkit()
    factories.resource(kit, publisher="Press")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(URL).status_code == HTTPStatus.OK
        return len(captured)

    queries()  # warm caches (site root paths, content types)
    few = queries()
    for number in range(6):
        factories.resource(kit, title=f"More {number}", live=number % 2 == 0, publisher="Press")
    assert queries() == few
