"""The checked file kept between preview and confirmation (only its id is posted back, for its
uploader alone, until it is imported or expires), and the template file to start from."""

import csv
import datetime
import io
from http import HTTPStatus

import pytest
from django.test import Client
from django.utils import timezone

from catalog.models import CurriculumPage, ImportUpload, PodcastEpisodePage, ResourcePage
from tests import factories
from tests.test_import_checks import user_in
from tests.test_imports import confirm, csv_text, row, upload, upload_id

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog(home):
    """Parents for every kind, and terms, named as the demo names them."""
    for name in ("Victim advocacy", "Forensic interviewing"):
        factories.discipline(name)
    factories.audience("CAC staff", slug="cac-staff")
    factories.topic("Identification and screening", slug="identification-and-screening")
    factories.podcast(title="One in Ten", slug="one-in-ten")
    factories.chapter(title="Children's Advocacy Centers of Pennsylvania", slug="pennsylvania")
    return factories.toolkit(title="CSEC Toolkit", slug="csec-toolkit")


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_the_preview_shows_the_files_name_and_posts_back_only_its_id(admin_client, catalog):
    preview = upload(admin_client, csv_text([row(1)]))
    html = preview.content.decode()
    assert "entries.csv" in html
    assert 'type="file"' not in html  # no empty file field under the preview
    assert ">Choose another file</a>" in html
    assert "Import</button>" in html
    assert 'name="content"' not in html  # the file stays on the server
    kept = ImportUpload.objects.get(pk=upload_id(preview))
    assert (kept.kind, kept.filename, kept.content) == (
        "resources",
        "entries.csv",
        csv_text([row(1)]),
    )
    assert confirm(admin_client, preview).status_code == HTTPStatus.FOUND
    assert ResourcePage.objects.count() == 1
    assert not ImportUpload.objects.exists()  # deleted once imported


def test_someone_elses_upload_is_not_found(admin_client, django_user_model, catalog):
    preview = upload(admin_client, csv_text([row(1)]))
    other = signed_in(user_in(django_user_model, "Catalog moderators", "other"))
    response = confirm(other, preview)
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "no longer waiting to be imported" in messages_of(response)[0]
    assert not ResourcePage.objects.exists()
    assert ImportUpload.objects.exists()  # still its uploader's to confirm


def test_an_upload_used_once_cannot_be_imported_again(admin_client, catalog):
    preview = upload(admin_client, csv_text([row(1)]))
    confirm(admin_client, preview)
    again = confirm(admin_client, preview)
    assert again.status_code == HTTPStatus.NOT_FOUND
    assert any("imported already" in message for message in messages_of(again))
    assert ResourcePage.objects.count() == 1


def test_an_expired_upload_says_so_and_is_deleted(admin_client, catalog, settings):
    settings.CATALOG_IMPORT_UPLOAD_HOURS = 24
    preview = upload(admin_client, csv_text([row(1)]))
    ImportUpload.objects.update(uploaded_at=timezone.now() - datetime.timedelta(hours=25))
    response = confirm(admin_client, preview)
    assert response.status_code == HTTPStatus.GONE
    assert messages_of(response) == [
        "“entries.csv” was checked more than 24 hours ago, and files are kept that long. Choose "
        "the file again to check it against the catalog as it is now."
    ]
    assert 'type="file"' in response.content.decode()  # the form to choose it again
    assert not ImportUpload.objects.exists()
    assert not ResourcePage.objects.exists()


@pytest.mark.parametrize("upload_value", ["not-a-uuid", "", "0" * 32])
def test_a_made_up_upload_id_is_a_readable_404(admin_client, catalog, upload_value):
    response = admin_client.post("/admin/catalog/import/resources/", {"upload": upload_value})
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert messages_of(response)


def test_an_upload_confirms_only_on_its_own_kinds_page(admin_client, catalog):
    preview = upload(admin_client, csv_text([row(1)]))
    response = confirm(admin_client, preview, kind="curricula")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert not ResourcePage.objects.exists()


def test_storing_an_upload_deletes_expired_ones(admin_client, django_user_model, catalog):
    other = signed_in(user_in(django_user_model, "Catalog moderators", "other"))
    upload(other, csv_text([row(1)]))
    ImportUpload.objects.update(uploaded_at=timezone.now() - datetime.timedelta(hours=25))
    upload(admin_client, csv_text([row(2)]))
    assert list(ImportUpload.objects.values_list("user__username", flat=True)) == ["admin"]


def test_a_file_with_bad_rows_is_not_kept(admin_client, catalog):
    upload(admin_client, csv_text([row(1, type="podcast")]))
    assert not ImportUpload.objects.exists()


@pytest.mark.parametrize(
    ("kind", "model"),
    [("resources", ResourcePage), ("curricula", CurriculumPage), ("episodes", PodcastEpisodePage)],
)
def test_the_template_downloads_and_imports_back_cleanly(admin_client, catalog, kind, model):
    page = admin_client.get(f"/admin/catalog/import/{kind}/").content.decode()
    assert f'href="/admin/catalog/import/{kind}/template.csv"' in page
    assert f'href="/admin/catalog/export/{kind}.csv"' in page
    response = admin_client.get(f"/admin/catalog/import/{kind}/template.csv")
    assert response["Content-Disposition"] == f'attachment; filename="{kind}-template.csv"'
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    header, example = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert header[:3] == ["parent", "slug", "title"] and len(example) == len(header)
    values = dict(zip(header, example, strict=True))
    assert values["disciplines"] == "Forensic interviewing | Victim advocacy"  # the site's terms
    preview = upload(admin_client, response.content, kind=kind)
    assert "The row is good." in preview.content.decode()
    confirm(admin_client, preview, kind=kind)
    entry = model.objects.get()
    assert entry.title.startswith("Sample:")
    assert {term.name for term in entry.disciplines.all()} == {"Victim advocacy",
                                                               "Forensic interviewing"}  # fmt: skip


def test_the_template_names_a_parent_the_editor_may_add_to(client, django_user_model, catalog):
    from django.contrib.auth.models import Group
    from wagtail.models import GroupPagePermission

    factories.toolkit(title="Another toolkit", slug="another")
    group = Group.objects.create(name="Another toolkit's editors")
    group.permissions.add(*Group.objects.get(name="Catalog editors").permissions.all())
    GroupPagePermission.objects.create(
        group=group, page=factories.toolkit(title="Theirs", slug="theirs"), permission_type="add"
    )
    client.force_login(user_in(django_user_model, "Another toolkit's editors", "limited"))
    text = client.get("/admin/catalog/import/resources/template.csv").content.decode("utf-8-sig")
    assert next(csv.DictReader(io.StringIO(text)))["parent"] == "theirs"


def test_unknown_kinds_are_404(admin_client, catalog):
    assert admin_client.get("/admin/catalog/import/pages/").status_code == HTTPStatus.NOT_FOUND
    export = admin_client.get("/admin/catalog/export/pages.csv", follow=True)
    assert export.status_code == HTTPStatus.NOT_FOUND
    assert admin_client.get("/admin/catalog/import/").url == "/admin/catalog/import/resources/"


def test_a_files_name_and_cells_are_shown_as_text(admin_client, catalog):
    script = '<img src=x onerror="alert(1)">'
    preview = upload(admin_client, csv_text([row(1, title=script)]), name=f"{script}.csv")
    html = preview.content.decode()
    assert script not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html


def test_a_row_gone_bad_since_the_preview_is_shown_and_nothing_written(admin_client, catalog):
    preview = upload(admin_client, csv_text([row(1), row(2)]))
    catalog.delete()  # the toolkit, since the preview
    response = confirm(admin_client, preview)
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "2 rows must be fixed; nothing was imported" in html
    assert "Line 2: no toolkit “csec-toolkit”: there are no toolkits yet" in html
    assert not ResourcePage.objects.exists()
    assert not ImportUpload.objects.exists()
