"""The page tree is fixed: each page type lives only where it belongs."""

from http import HTTPStatus

import pytest
from wagtail.models import Page

from catalog.models import (
    ChapterIndexPage,
    ChapterPage,
    CurriculumPage,
    HomePage,
    PodcastEpisodePage,
    PodcastPage,
    ResourcePage,
    StandardPage,
    ToolkitPage,
)
from tests import factories

pytestmark = pytest.mark.django_db

ALLOWED_PARENTS = {
    HomePage: {Page},
    ToolkitPage: {HomePage},
    ResourcePage: {ToolkitPage},
    ChapterIndexPage: {HomePage},
    ChapterPage: {ChapterIndexPage},
    CurriculumPage: {ChapterPage},
    PodcastPage: {HomePage},
    PodcastEpisodePage: {PodcastPage},
    StandardPage: {HomePage, StandardPage},
}


@pytest.mark.parametrize(
    ("model", "parents"), ALLOWED_PARENTS.items(), ids=[model.__name__ for model in ALLOWED_PARENTS]
)
def test_each_page_type_has_only_its_parents(model, parents):
    assert set(model.allowed_parent_page_models()) == parents


@pytest.mark.parametrize("model", [ResourcePage, CurriculumPage, PodcastEpisodePage])
def test_entries_have_no_children(model):
    assert model.allowed_subpage_models() == []


def test_the_shared_entry_base_cannot_be_created_directly(admin_client, home):
    """Not offered under any parent, and its add form refused even to an administrator."""
    toolkit = factories.toolkit()
    for parent in (home, toolkit):
        choices = admin_client.get(f"/admin/pages/{parent.pk}/add_subpage/", follow=True)
        assert "/add/catalog/catalogentrypage/" not in choices.content.decode()
        add = f"/admin/pages/add/catalog/catalogentrypage/{parent.pk}/"
        form = {"title": "Bare entry", "slug": "bare-entry", "summary": "x", "action-publish": ""}
        for response in (admin_client.get(add), admin_client.post(add, form)):
            assert response.status_code == HTTPStatus.FOUND  # Wagtail's "permission denied"
            assert response.url == "/admin/"
    assert not Page.objects.filter(slug="bare-entry").exists()
    # A toolkit offers one type: Wagtail opens its form, so the check above read a real page.
    assert choices.redirect_chain[-1][0].startswith("/admin/pages/add/catalog/resourcepage/")


def test_one_home_page_and_one_chapter_index(home):
    chapters = ChapterIndexPage(title="Trainings", slug="trainings")
    home.add_child(instance=chapters)
    assert not HomePage.can_create_at(Page.get_first_root_node())
    assert not ChapterIndexPage.can_create_at(home)
    assert ToolkitPage.can_create_at(home)
    assert PodcastPage.can_create_at(home)


def test_the_site_root_is_the_catalog_home_page(home, client):
    response = client.get("/")
    assert response.status_code == 200
    assert response.context["page"] == home
