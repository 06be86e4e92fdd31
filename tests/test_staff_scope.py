"""Staff with admin access and rights on one section see that section only (issue 12, finding 2):
every report and its CSV/XLSX export, the coverage matrix and its CSV, the dashboard's counts
and the resources export. Superusers still see the whole catalog."""

import io
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.models import GroupPagePermission

from catalog.models import CatalogEntryPage, LinkCheck
from tests import factories
from tests.privacy_catalog import Catalog, body, build_catalog

pytestmark = pytest.mark.django_db

REPORTS = ("/admin/reports/due-for-review/", "/admin/reports/missing-tags/",
           "/admin/reports/broken-links/")  # fmt: skip


@pytest.fixture
def catalog(home) -> Catalog:
    """The privacy catalog, plus an untagged entry, a broken link and a review in progress both
    inside the podcast and outside it, so every report has something on each side."""
    catalog = build_catalog()
    for parent, make in ((catalog.kit, factories.resource), (catalog.show, factories.episode)):
        untagged = make(parent, title=f"Untagged under {parent.title}")
        LinkCheck.objects.create(page=untagged, url="https://example.org/gone", ok=False,
                                 status_code=404, checked_at=timezone.now())  # fmt: skip
        untagged.get_workflow().start(untagged, user=None)
    # Reviewed two years ago: every entry is due for review.
    CatalogEntryPage.objects.update(last_reviewed=timezone.localdate() - timedelta(days=730))
    return catalog


@pytest.fixture
def podcast_staff(catalog, django_user_model) -> Client:
    """A user with admin access whose group may add, change and publish the podcast only."""
    group = Group.objects.create(name="Podcast producers")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for action in ("add", "change", "publish"):
        GroupPagePermission.objects.create(group=group, page=catalog.show, permission_type=action)
    user = django_user_model.objects.create_user("producer", password="x")
    user.groups.add(group)
    client = Client()
    client.force_login(user)
    return client


def titles_outside_the_podcast(catalog: Catalog) -> set[str]:
    entries = CatalogEntryPage.objects.not_descendant_of(catalog.show)
    return set(entries.values_list("title", flat=True))


def titles_in_the_podcast(catalog: Catalog) -> set[str]:
    return set(CatalogEntryPage.objects.child_of(catalog.show).values_list("title", flat=True))


def text_of_export(response) -> str:
    """A CSV export's text, or every cell of an XLSX one."""
    assert response.status_code == HTTPStatus.OK
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response["Content-Type"].startswith("text/csv"):
        return content.decode("utf-8-sig")
    sheet = load_workbook(io.BytesIO(content)).active
    return "\n".join(str(cell) for row in sheet.iter_rows(values_only=True) for cell in row)


@pytest.mark.parametrize("url", REPORTS)
@pytest.mark.parametrize("output", ["html", "csv", "xlsx"])
def test_reports_and_their_exports_show_only_the_section(podcast_staff, admin_client, catalog,
                                                         url, output):  # fmt: skip
    params = {} if output == "html" else {"export": output}
    text = {}
    for who, client in (("staff", podcast_staff), ("admin", admin_client)):
        response = client.get(url, params)
        text[who] = body(response) if output == "html" else text_of_export(response)
    outside, inside = titles_outside_the_podcast(catalog), titles_in_the_podcast(catalog)
    assert {title for title in outside if title in text["staff"]} == set()
    assert {title for title in inside if title in text["staff"]}  # the section itself is there
    assert {title for title in outside if title in text["admin"]}  # superusers see everything


def test_the_coverage_matrix_counts_only_the_section(podcast_staff, admin_client, catalog):
    pair = f"discipline={catalog.terms['discipline'].slug}&amp;audience="
    pair += catalog.terms["audience"].slug
    cell = f'<td><a href="/search/?{pair}">%d<span'
    # The producer may see the public and members-only episodes (not the group-only one);
    # a superuser counts every live entry of the three kinds.
    assert cell % 2 in body(podcast_staff.get("/admin/reports/coverage/"))
    assert cell % 9 in body(admin_client.get("/admin/reports/coverage/"))
    rows = body(podcast_staff.get("/admin/reports/coverage/", {"export": "csv"})).splitlines()
    assert rows[1:] == ["Forensic interviewing,2"]


def test_the_dashboard_counts_only_the_section(podcast_staff, admin_client, catalog):
    staff, admin = body(podcast_staff.get("/admin/")), body(admin_client.get("/admin/"))
    assert "1 page awaiting review" in staff
    assert "2 pages awaiting review" in admin
    # The four episodes of the privacy catalog and the untagged one are due.
    assert "5 entries due for review" in staff
    assert f"{CatalogEntryPage.objects.count()} entries due for review" in admin
    assert "1 entry missing a discipline, audience or topic" in staff
    assert "2 entries missing a discipline, audience or topic" in admin
    assert "1 broken link<" in staff
    assert "2 broken links" in admin


def test_the_resources_export_holds_only_what_the_user_may_edit(podcast_staff, admin_client,
                                                                 catalog):  # fmt: skip
    staff = body(podcast_staff.get("/admin/catalog/export.csv")).lstrip("\ufeff")
    assert staff.splitlines()[1:] == []  # the producer may edit no resource
    admin = body(admin_client.get("/admin/catalog/export.csv"))
    assert catalog.entries["draft", "resource"].title in admin
    assert catalog.entries["group", "resource"].title in admin


def test_a_section_editor_exports_their_own_toolkits_resources(client, django_user_model, catalog):
    other_kit = factories.toolkit(slug="other-kit")
    mine = factories.resource(other_kit, title="Resource in the other kit", slug="mine")
    group = Group.objects.create(name="Other kit editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(group=group, page=other_kit, permission_type="change")
    user = django_user_model.objects.create_user("kit-editor", password="x")
    user.groups.add(group)
    client.force_login(user)
    lines = body(client.get("/admin/catalog/export.csv")).splitlines()
    assert [line.split(",")[:3] for line in lines[1:]] == [["other-kit", "mine", mine.title]]


def test_the_page_chooser_offers_no_other_sections_drafts_or_restricted_pages(
    podcast_staff, admin_client, catalog
):
    """Linking to a page, staff see what they may see on the site and their own section."""
    entries = catalog.entries
    hidden = {
        entries[key].title
        for key in entries
        if key[0] in ("draft", "group") and key[1] != "episode"
    }
    shown = {entries[("public", "resource")].title, entries[("members", "resource")].title}
    listing = body(podcast_staff.get(f"/admin/choose-page/{catalog.kit.pk}/"))
    assert all(title in listing for title in shown)
    assert not [title for title in hidden if title in listing]
    draft = entries[("draft", "resource")]
    search = body(podcast_staff.get("/admin/choose-page/search/", {"q": draft.title}))
    assert draft.title not in search.replace(f'value="{draft.title}"', "")
    own_draft = entries[("draft", "episode")]  # their own section's drafts stay choosable
    assert own_draft.title in body(podcast_staff.get(f"/admin/choose-page/{catalog.show.pk}/"))
    assert draft.title in body(admin_client.get(f"/admin/choose-page/{catalog.kit.pk}/"))
