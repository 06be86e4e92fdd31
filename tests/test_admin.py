"""The editors' side: every field editable in the admin, taxonomy in one menu, help text."""

import datetime
from http import HTTPStatus

import pytest
from django.db import models
from wagtail.models import DraftStateMixin
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from catalog.models import (
    Audience,
    CatalogEntryPage,
    ChapterIndexPage,
    ChapterPage,
    CurriculumOffering,
    CurriculumPage,
    Discipline,
    EpisodeGuest,
    HomePage,
    PodcastEpisodePage,
    PodcastPage,
    ResourcePage,
    ToolkitPage,
    Topic,
)
from tests import factories

pytestmark = pytest.mark.django_db

CATALOG_MODELS = [
    HomePage,
    ToolkitPage,
    ResourcePage,
    ChapterIndexPage,
    ChapterPage,
    CurriculumPage,
    PodcastPage,
    PodcastEpisodePage,
    EpisodeGuest,
    CurriculumOffering,
    Discipline,
    Audience,
    Topic,
]


def resource_form(**overrides) -> dict:
    data = {
        "title": "Screening tool",
        "slug": "screening-tool",
        "summary": "Ten questions for intake.",
        "resource_type": "screening-tool",
        "document": "",
        "external_url": "https://www.example.org/tool.pdf",
        "publisher": "NCA",
        "length": "4 pages",
        "body": streamfield([("paragraph", rich_text("<p>Screen every case.</p>"))]),
        "language": "es",
        "publication_date": "2023-05-02",
        "last_reviewed": "2026-05-20",
        "action-publish": "publish",
        **overrides,
    }
    return nested_form_data(data)


def test_an_editor_creates_a_fully_tagged_resource_in_the_admin(admin_client, home):
    kit = factories.toolkit()
    medical, staff, housing = factories.discipline(), factories.audience(), factories.topic()
    data = resource_form()
    data.update(disciplines=[medical.pk], audiences=[staff.pk], topics=[housing.pk])

    response = admin_client.post(f"/admin/pages/add/catalog/resourcepage/{kit.pk}/", data)

    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:2000]
    page = ResourcePage.objects.get(slug="screening-tool")
    assert page.live
    assert (page.resource_type, page.publisher, page.length, page.language) == (
        "screening-tool",
        "NCA",
        "4 pages",
        "es",
    )
    assert page.publication_date == datetime.date(2023, 5, 2)
    assert page.last_reviewed is None  # a posted review date is ignored: see tests/test_review.py
    assert page.external_url == "https://www.example.org/tool.pdf"
    assert "Screen every case." in str(page.body)
    assert list(page.disciplines.all()) == [medical]
    assert list(page.audiences.all()) == [staff]
    assert list(page.topics.all()) == [housing]


def test_a_file_and_a_link_together_are_refused_with_a_message(admin_client, home):
    kit = factories.toolkit()
    handout = factories.document()
    response = admin_client.post(
        f"/admin/pages/add/catalog/resourcepage/{kit.pk}/", resource_form(document=handout.pk)
    )
    assert response.status_code == HTTPStatus.OK
    assert "Give either a file or an external link, not both." in response.content.decode()
    assert not ResourcePage.objects.exists()


@pytest.mark.parametrize(
    ("make", "fields"),
    [
        (
            factories.resource,
            ["summary", "resource_type", "document", "external_url", "publisher", "length", "body"],
        ),
        (
            factories.curriculum,
            [
                "overview", "learning_objectives", "duration_hours", "delivery_format",
                "survivor_involvement", "funding_note", "agenda", "materials", "contact_name",
                "ce_hours", "accreditation", "prerequisites", "offerings",
            ],
        ),
        (
            factories.episode,
            ["season", "episode_number", "episode_type", "audio_file", "audio_url",
             "audio_length_bytes", "duration", "show_notes", "guests", "transcript_file",
             "transcript"],
        ),
        (factories.chapter, ["state", "description", "website", "contact_name", "contact_email"]),
        (factories.podcast, ["description", "author", "cover_image", "category", "explicit",
                             "language", "owner_name", "owner_email"]),
        (factories.toolkit, ["intro"]),
    ],
)  # fmt: skip
def test_every_page_type_opens_in_the_editor_with_its_fields(admin_client, home, make, fields):
    page = make()
    response = admin_client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == HTTPStatus.OK
    form = response.context["form"]
    editable = set(form.fields) | set(form.formsets)
    assert set(fields) <= editable
    if isinstance(page, CatalogEntryPage):
        assert {"disciplines", "audiences", "topics", "language"} <= editable
        assert "last_reviewed" not in editable  # set by "Mark as reviewed" (catalog.review)


def test_taxonomy_lives_in_one_catalog_menu(admin_client, home):
    html = admin_client.get("/admin/").content.decode()
    assert "Catalog" in html
    for model in ("discipline", "audience", "topic"):
        assert f"/admin/snippets/catalog/{model}/" in html
        assert admin_client.get(f"/admin/snippets/catalog/{model}/").status_code == HTTPStatus.OK


def test_a_new_term_gets_its_slug_from_its_name(admin_client, home):
    response = admin_client.post(
        "/admin/snippets/catalog/topic/add/",
        {"name": "LGBTQ+ youth", "slug": "", "description": "Affirming practice."},
    )
    assert response.status_code == HTTPStatus.FOUND
    assert Topic.objects.get(name="LGBTQ+ youth").slug == "lgbtq-youth"


# Wagtail's own publishing fields (the schedule dialog labels them), as Page's are for pages.
WAGTAIL_PUBLISHING_FIELDS = {field.name for field in DraftStateMixin._meta.fields}


def editable_catalog_fields():
    for model in CATALOG_MODELS:
        for field in model._meta.get_fields():
            if (
                getattr(field, "model", None) is model
                and field.name not in WAGTAIL_PUBLISHING_FIELDS
                and getattr(field, "editable", False)
                and not field.auto_created
                and not isinstance(field, models.OneToOneField | models.AutoField)
                and field.name not in {"episode", "curriculum"}  # the parent, set by the editor
            ):
                yield pytest.param(field, id=f"{model.__name__}.{field.name}")


@pytest.mark.parametrize("field", list(editable_catalog_fields()))
def test_every_field_an_editor_sees_has_help_text(field):
    assert str(field.help_text).strip()


@pytest.mark.parametrize("model", [m for m in CATALOG_MODELS if m is not EpisodeGuest])
def test_every_page_and_snippet_class_says_what_it_is_for(model):
    assert model.__doc__ and not model.__doc__.startswith(model.__name__ + "(")
