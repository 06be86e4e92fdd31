"""The page tree is fixed: each page type lives only where it belongs."""

import pytest
from wagtail.models import Page

from catalog.models import (
    CatalogEntryPage,
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


def test_the_shared_entry_base_cannot_be_created_directly():
    assert not CatalogEntryPage.is_creatable
    assert CatalogEntryPage not in HomePage.allowed_subpage_models()


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
