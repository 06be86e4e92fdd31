"""The coverage matrix's empty cells (issue 17): marked in words as well as by colour, each with
"Create an entry" for its pair: Wagtail's new-resource form, that discipline and audience
already ticked, posting to Wagtail's own add view."""

import html
import re
from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from wagtail.models import GroupPagePermission
from wagtail.test.utils.form_data import nested_form_data, streamfield

from catalog.models import ResourcePage
from tests import factories

pytestmark = pytest.mark.django_db

URL = "/admin/reports/coverage/"


@pytest.fixture
def matrix(home):
    """Medical × CAC staff has one entry; the other three pairs have none."""
    kit = factories.toolkit(title="Toolkit")
    terms = {
        "medical": factories.discipline("Medical"),
        "advocacy": factories.discipline("Victim advocacy"),
        "staff": factories.audience("CAC staff"),
        "caregivers": factories.audience("Caregivers"),
    }
    factories.resource(
        kit,
        disciplines=[terms["medical"]],
        audiences=[terms["staff"]],
        topics=[factories.topic()],
    )
    return {"kit": kit, **terms}


def empty_cells(page: str) -> list[str]:
    return re.findall(r'<td class="coverage-empty">.*?</td>', page, re.S)


def create_links(page: str) -> list[str]:
    return [html.unescape(url) for url in re.findall(r'<a href="([^"]+)">Create an entry', page)]


def test_empty_cells_say_none_and_offer_to_create_an_entry(admin_client, matrix):
    page = admin_client.get(URL).content.decode()
    cells = empty_cells(page)
    assert len(cells) == 3
    assert all(">None<" in cell for cell in cells)
    assert '<td><a href="/search/?discipline=medical&amp;audience=cac-staff">1<span' in page
    # The count's words, for screen readers: "1 entry", "2 entries".
    assert '1<span class="w-sr-only"> entry for Medical and CAC staff</span>' in page
    assert sorted(create_links(page)) == [
        "/admin/reports/coverage/add/?discipline=medical&audience=caregivers",
        "/admin/reports/coverage/add/?discipline=victim-advocacy&audience=cac-staff",
        "/admin/reports/coverage/add/?discipline=victim-advocacy&audience=caregivers",
    ]
    assert 'Create an entry<span class="w-sr-only"> for Victim advocacy and Caregivers' in page


def test_the_highlight_has_its_style(admin_client, matrix):
    page = admin_client.get(URL).content.decode()
    assert re.search(r'<link rel="stylesheet" href="/static/css/admin\.[0-9a-f]+\.css">', page)


def test_the_link_opens_the_form_with_the_pair_ticked(admin_client, matrix):
    url = create_links(admin_client.get(URL).content.decode())[0]
    response = admin_client.get(url)
    assert response.status_code == HTTPStatus.OK
    form = response.context["form"]
    assert [term.slug for term in form.initial["disciplines"]] == ["medical"]
    assert [term.slug for term in form.initial["audiences"]] == ["caregivers"]
    page = response.content.decode()
    kit = matrix["kit"]
    assert f'action="/admin/pages/add/catalog/resourcepage/{kit.pk}/"' in page
    ticked = re.findall(
        r'<input type="checkbox" name="(disciplines|audiences)" value="(\d+)"[^>]*checked', page
    )
    assert sorted(ticked) == sorted(
        [("disciplines", str(matrix["medical"].pk)), ("audiences", str(matrix["caregivers"].pk))]
    )


def test_an_editor_creates_the_entry_from_it(editor, matrix):
    url = "/admin/reports/coverage/add/?discipline=medical&audience=caregivers"
    assert editor.get(url).status_code == HTTPStatus.OK
    kit = matrix["kit"]
    data = nested_form_data(
        {
            "title": "Medical care for caregivers",
            "slug": "medical-care",
            "summary": "What to expect at the exam.",
            "resource_type": "guide",
            "document": "",
            "external_url": "https://www.example.org/exam.pdf",
            "body": streamfield([]),
            "language": "en",
            "publication_date": "2026-01-01",
        }
    )
    data.update(disciplines=[matrix["medical"].pk], audiences=[matrix["caregivers"].pk])
    response = editor.post(f"/admin/pages/add/catalog/resourcepage/{kit.pk}/", data)
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:3000]
    created = ResourcePage.objects.get(slug="medical-care")
    assert created.get_parent().pk == kit.pk
    assert [term.slug for term in created.disciplines.all()] == ["medical"]


@pytest.mark.parametrize(
    "query",
    [
        "",
        "discipline=medical",
        "discipline=nope&audience=caregivers",
        "discipline=medical&audience=x" * 20,
        "discipline=medical&audience=care%00givers",
        "discipline=medical&audience=care%20givers",
    ],
)
def test_an_unknown_or_missing_term_is_not_found(admin_client, matrix, query):
    assert (
        admin_client.get(f"/admin/reports/coverage/add/?{query}").status_code
        == HTTPStatus.NOT_FOUND
    )


def test_the_link_only_opens_the_form(admin_client, matrix):
    url = "/admin/reports/coverage/add/?discipline=medical&audience=caregivers"
    assert admin_client.post(url, {"title": "x"}).status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert not ResourcePage.objects.filter(title="x").exists()


def test_no_link_for_staff_who_may_add_nowhere(django_user_model, matrix):
    group = Group.objects.create(name="Toolkit checkers")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(group=group, page=matrix["kit"], permission_type="change")
    user = django_user_model.objects.create_user("checker", password="x")
    user.groups.add(group)
    client = Client()
    client.force_login(user)
    page = client.get(URL).content.decode()
    assert len(empty_cells(page)) == 3
    assert create_links(page) == []
    url = "/admin/reports/coverage/add/?discipline=medical&audience=caregivers"
    assert client.get(url).status_code in (HTTPStatus.FOUND, HTTPStatus.FORBIDDEN)
