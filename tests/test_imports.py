"""Resources from and to CSV: all or nothing, re-import updates, export round-trips, and the
admin's choose → preview → confirm flow."""

import csv
import io
import re
from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Revision

from catalog.importing.resources import RESOURCES
from catalog.models import ResourcePage
from tests import factories

pytestmark = pytest.mark.django_db

COLUMNS = RESOURCES.header


@pytest.fixture
def kit(home):
    factories.discipline("Victim advocacy", slug="victim-advocacy")
    factories.audience("CAC staff", slug="cac-staff")
    factories.topic("Identification and screening", slug="identification-and-screening")
    return factories.toolkit(title="CSEC Toolkit", slug="csec-toolkit")


def row(number: int, **changes) -> dict:
    return {
        "parent": "csec-toolkit", "slug": f"resource-{number}", "title": f"Resource {number}",
        "summary": f"What resource {number} is for.", "type": "guide",
        "url": f"https://example.org/{number}", "publisher": "NCA",
        "publication_date": "2021-03-31", "language": "en",
        "disciplines": "Victim advocacy", "audiences": "cac-staff",
        "topics": "identification-and-screening", **changes,
    }  # fmt: skip


def csv_text(rows: list[dict], columns: list[str] = COLUMNS, delimiter: str = ",") -> str:
    output = io.StringIO()
    writer = csv.DictWriter(output, fieldnames=columns, delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    return output.getvalue()


def csv_file(rows: list[dict], tmp_path, delimiter=",", bom=False, name="resources.csv"):
    path = tmp_path / name
    text = csv_text(rows, delimiter=delimiter)
    path.write_text(("\ufeff" if bom else "") + text, encoding="utf-8", newline="")
    return path


def run_import(path, *options) -> str:
    output = io.StringIO()
    call_command("import_resources", str(path), *options, stdout=output, stderr=output)
    return output.getvalue()


def upload(client, content: str | bytes, kind: str = "resources", name: str = "entries.csv"):
    """The admin's preview of a file (the first step)."""
    data = content.encode() if isinstance(content, str) else content
    file = SimpleUploadedFile(name, data, content_type="text/csv")
    return client.post(f"/admin/catalog/import/{kind}/", {"file": file})


def upload_id(preview) -> str:
    """The id of the kept file that the preview's confirmation form posts."""
    match = re.search(r'name="upload" value="([0-9a-f-]{36})"', preview.content.decode())
    assert match, "the preview offers no confirmation"
    return match[1]


def confirm(client, preview, kind: str = "resources", **extra):
    return client.post(f"/admin/catalog/import/{kind}/", {"upload": upload_id(preview), **extra})


def import_in_admin(client, content: str | bytes, kind: str = "resources", **extra):
    """Choose the file, then confirm its preview, as an editor does."""
    preview = upload(client, content, kind)
    assert preview.status_code == HTTPStatus.OK
    return confirm(client, preview, kind, **extra)


def test_a_valid_file_creates_drafts_with_every_field(kit, tmp_path):
    text = run_import(csv_file([row(1), row(2, language="Spanish", type="Fact sheet")], tmp_path))
    assert "checked 2 / 2 rows" in text
    assert "2 resources created, 0 updated and 0 unchanged." in text
    assert "2 submitted for review" in text
    page = ResourcePage.objects.get(slug="resource-2")
    assert not page.live
    draft = page.get_latest_revision_as_object()
    assert (draft.title, draft.resource_type, draft.language, draft.external_url) == (
        "Resource 2", "fact-sheet", "es", "https://example.org/2"
    )  # fmt: skip
    assert [term.slug for term in draft.disciplines.all()] == ["victim-advocacy"]


def test_publish_on_request(kit, tmp_path):
    assert "1 published." in run_import(csv_file([row(1)], tmp_path), "--publish")
    assert ResourcePage.objects.get().live


def test_three_bad_rows_among_fifty_change_nothing_and_are_all_reported(kit, tmp_path):
    rows = [row(number) for number in range(1, 51)]
    rows[9] = row(10, type="podcast")  # line 11: the header is line 1
    rows[24] = row(25, publication_date="31/03/2021")  # line 26
    rows[39] = row(40, audiences="Judges", parent="no-such-toolkit")  # line 41
    with pytest.raises(CommandError, match=r"3 bad rows: nothing was imported\."):
        output = io.StringIO()
        call_command("import_resources", str(csv_file(rows, tmp_path)), stdout=output,
                     stderr=output)  # fmt: skip
    errors = [line for line in output.getvalue().splitlines() if line.startswith("line ")]
    assert errors == [
        "line 11: type “podcast” is not one of Fact sheet, Guide, Screening tool, Protocol, "
        "Report, Video, Webinar recording, Template and 1 more",
        "line 26: publication_date “31/03/2021” is not a date like 2021-03-31",
        "line 41: no toolkit “no-such-toolkit”: the toolkits are “CSEC Toolkit”; "
        "audiences: unknown “Judges” — choose from CAC staff",
    ]
    assert not ResourcePage.objects.exists()


def test_one_bad_row_is_counted_in_the_singular(kit, tmp_path):
    with pytest.raises(CommandError, match=r"^1 bad row: nothing was imported\.$"):
        run_import(csv_file([row(1, type="podcast")], tmp_path))


def test_importing_the_same_file_again_updates_nothing_and_duplicates_nothing(kit, tmp_path):
    path = csv_file([row(1), row(2)], tmp_path)
    run_import(path, "--publish")
    revisions = Revision.objects.count()
    assert "0 resources created, 0 updated and 2 unchanged." in run_import(path, "--publish")
    assert ResourcePage.objects.count() == 2
    assert Revision.objects.count() == revisions
    changed = csv_file([row(1, title="Resource one"), row(2)], tmp_path, name="changed.csv")
    assert "0 resources created, 1 updated and 1 unchanged." in run_import(changed, "--publish")
    assert ResourcePage.objects.get(slug="resource-1").title == "Resource one"


def test_export_then_import_changes_nothing(kit, tmp_path):
    run_import(csv_file([row(1), row(2, summary="Two\nlines, “quoted”; and more")], tmp_path),
               "--publish")  # fmt: skip
    exported = tmp_path / "export.csv"
    call_command("export_resources", str(exported))
    assert exported.read_bytes().startswith(b"\xef\xbb\xbf")  # a BOM, for spreadsheets
    assert "0 resources created, 0 updated and 2 unchanged." in run_import(exported, "--publish")


def test_the_export_names_terms_types_and_languages_as_the_admin_does(kit, tmp_path):
    run_import(csv_file([row(1, language="es", disciplines="victim-advocacy")], tmp_path))
    text = io.StringIO()
    call_command("export_resources", stdout=text)
    exported = next(csv.DictReader(io.StringIO(text.getvalue().lstrip("\ufeff"))))
    assert (exported["type"], exported["language"], exported["disciplines"]) == (
        "Guide", "Spanish", "Victim advocacy"
    )  # fmt: skip


def test_semicolons_bom_quoted_newlines_and_unicode(kit, tmp_path):
    rows = [row(1, title="Niños y jóvenes — guía 🧭", summary="First line\nsecond; line")]
    run_import(csv_file(rows, tmp_path, delimiter=";", bom=True), "--publish")
    page = ResourcePage.objects.get()
    assert (page.title, page.summary) == ("Niños y jóvenes — guía 🧭", "First line\nsecond; line")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"title,summary\nA,B\n", "missing: parent, type"),
        ("parent,title,summary,type\nk,Café,x,guide\n".encode("latin-1"), "not UTF-8"),
        (b"", "missing: parent, title, summary, type"),
        (
            b"parent,title,summary,type\nk,A," + b"x" * 200_000 + b",guide\n",
            "Line 2: the file cannot be read",
        ),  # a cell over the CSV reader's size limit
        (b"parent,title,summary,type,notes\nk,A,B,guide,x\n", "columns this import does not know"),
    ],
)
def test_files_that_cannot_be_read_get_a_clear_error(kit, tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        run_import(path)


def test_the_admin_previews_then_imports_on_confirmation(admin_client, kit):
    preview = upload(admin_client, csv_text([row(1), row(2)]))
    assert preview.status_code == HTTPStatus.OK
    html = preview.content.decode()
    assert "All 2 rows are good." in html
    assert "2 resources will be added or changed" in html
    assert not ResourcePage.objects.exists()  # a preview writes nothing
    response = confirm(admin_client, preview, publish="on")
    assert response.status_code == HTTPStatus.FOUND
    assert ResourcePage.objects.live().count() == 2


def test_the_admin_preview_lists_every_bad_row(admin_client, kit):
    content = csv_text([row(1), row(2, title=""), row(3, url="javascript:alert(1)")])
    html = upload(admin_client, content).content.decode()
    assert "2 rows must be fixed; nothing was imported" in html
    assert "Line 3: title is empty" in html
    assert "Line 4: url “javascript:alert(1)” is not a web address" in html
    assert 'name="upload"' not in html  # no confirmation
    assert not ResourcePage.objects.exists()


def test_the_admin_export_downloads_the_import_format(admin_client, kit):
    factories.resource(factories.toolkit(slug="other"), title="Existing", slug="existing")
    response = admin_client.get("/admin/catalog/export/resources.csv")
    assert response["Content-Disposition"] == 'attachment; filename="resources.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(r["parent"], r["slug"], r["title"]) for r in rows] == [
        ("other", "existing", "Existing")
    ]


def test_columns_a_file_leaves_out_are_left_as_they_are(kit, tmp_path):
    run_import(csv_file([row(1)], tmp_path), "--publish")
    path = tmp_path / "titles.csv"
    path.write_text(
        "parent,slug,title,summary,type\ncsec-toolkit,resource-1,New title,New summary,guide\n",
        encoding="utf-8",
    )
    assert "0 resources created, 1 updated" in run_import(path, "--publish")
    page = ResourcePage.objects.get()
    assert (page.title, page.publisher, page.external_url) == (
        "New title", "NCA", "https://example.org/1"
    )  # fmt: skip
    assert [term.slug for term in page.disciplines.all()] == ["victim-advocacy"]


def test_a_nul_character_is_a_bad_row_not_a_crash(kit, tmp_path):
    path = csv_file([row(1), row(2, title="A\x00B")], tmp_path)
    output = io.StringIO()
    with pytest.raises(CommandError, match="1 bad row"):
        call_command("import_resources", str(path), stdout=output, stderr=output)
    assert "line 3: title contains a NUL character" in output.getvalue()
    assert not ResourcePage.objects.exists()


def test_an_empty_date_or_language_keeps_the_resources_own(kit, tmp_path):
    run_import(csv_file([row(1, language="es")], tmp_path), "--publish")
    again = csv_file([row(1, publication_date="", language="")], tmp_path, name="again.csv")
    assert "0 updated and 1 unchanged" in run_import(again, "--publish")
    page = ResourcePage.objects.get()
    assert (page.publication_date.isoformat(), page.language) == ("2021-03-31", "es")


def test_the_parent_may_be_named_by_its_title(kit, tmp_path):
    run_import(csv_file([row(1, parent="csec toolkit")], tmp_path))
    assert ResourcePage.objects.get().get_parent().slug == "csec-toolkit"


def test_rows_the_importer_may_not_write_are_refused(client, django_user_model, kit):
    from django.contrib.auth.models import Group
    from wagtail.models import GroupPagePermission

    other = factories.toolkit(slug="other-toolkit")
    group = Group.objects.create(name="Other toolkit editors")
    for codename in ("add_page", "change_page"):
        GroupPagePermission.objects.create(group=group, page=other, permission_type=codename[:-5])
    group.permissions.add(*Group.objects.get(name="Catalog editors").permissions.all())
    user = django_user_model.objects.create_user("limited", password="x")
    user.groups.add(group)
    client.force_login(user)
    html = upload(client, csv_text([row(1), row(2, parent="other-toolkit")])).content.decode()
    assert "Line 2: you may not add resources to “CSEC Toolkit”" in html
    assert "Line 3:" not in html  # their own toolkit is fine
    assert 'name="upload"' not in html


def test_export_and_import_keep_drafts_as_they_stand(kit, tmp_path):
    run_import(csv_file([row(1)], tmp_path), "--publish")
    draft = ResourcePage.objects.get().get_latest_revision_as_object()
    draft.title = "Draft title"
    draft.save_revision()
    exported = tmp_path / "export.csv"
    call_command("export_resources", str(exported))
    assert "Draft title" in exported.read_text(encoding="utf-8-sig")
    assert "1 unchanged" in run_import(exported)
    assert ResourcePage.objects.get().get_latest_revision_as_object().title == "Draft title"


def test_a_bad_slug_is_a_row_error(kit, tmp_path):
    output = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_resources", str(csv_file([row(1, slug="not a slug!")], tmp_path)),
                     stdout=output, stderr=output)  # fmt: skip
    assert "line 2: slug “not a slug!” is not letters, digits" in output.getvalue()


def test_a_link_beside_an_uploaded_file_is_a_row_error(kit, tmp_path):
    document = factories.document()
    factories.resource(kit, slug="resource-1", document=document, external_url="")
    output = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_resources", str(csv_file([row(1)], tmp_path)), stdout=output,
                     stderr=output)  # fmt: skip
    assert "line 2: url: this resource has an uploaded file" in output.getvalue()


def test_a_file_without_a_slug_column_is_previewed_and_imported(admin_client, kit):
    columns = [column for column in COLUMNS if column != "slug"]
    values = {key: value for key, value in row(1).items() if key != "slug"}
    preview = upload(admin_client, csv_text([values], columns))
    assert preview.status_code == HTTPStatus.OK
    assert "resource-1" in preview.content.decode()  # the slug made from the title
    confirm(admin_client, preview)
    assert ResourcePage.objects.get().slug == "resource-1"


def test_a_row_with_more_cells_than_the_header_is_a_bad_row_in_the_preview(admin_client, kit):
    text = csv_text([row(1)]) + "csec-toolkit,extra,Title,Summary,guide,,,,,,,,one cell too many\n"
    preview = upload(admin_client, text)
    assert preview.status_code == HTTPStatus.OK
    assert "more cells than columns" in preview.content.decode()
