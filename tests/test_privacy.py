"""Drafts show to nobody; members-only entries show to members only, on every surface."""

from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from wagtail.models import BaseViewRestriction, PageViewRestriction

from catalog.models import ResourcePage, ToolkitPage
from catalog.privacy import outermost_sections, visibility_for_user, within_sections
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog(home):
    """One public, one members-only and one draft entry of each type, all sharing a topic."""
    topic = factories.topic("Screening")
    kit, chapter, show = factories.toolkit(), factories.chapter(), factories.podcast()
    makers = {
        "resource": lambda **kw: factories.resource(kit, **kw),
        "curriculum": lambda **kw: factories.curriculum(chapter, **kw),
        "episode": lambda **kw: factories.episode(show, **kw),
    }
    pages = {}
    for kind, make in makers.items():
        pages[f"public {kind}"] = make(title=f"Public {kind}", topics=[topic])
        pages[f"members {kind}"] = factories.members_only(
            make(title=f"Members-only {kind}", topics=[topic])
        )
        pages[f"draft {kind}"] = make(title=f"Draft {kind}", topics=[topic], live=False)
    return {"topic": topic, "indexes": [kit, chapter, show], "pages": pages}


def surfaces(catalog) -> list[str]:
    """Every URL so far that lists entries: home, indexes, browse, and the public detail pages."""
    public = [page for title, page in catalog["pages"].items() if title.startswith("public")]
    return [
        "/",
        catalog["topic"].get_absolute_url(),
        *[index.url for index in catalog["indexes"]],
        *[page.url for page in public],  # their "Related" lists
    ]


def titles_shown(client: Client, catalog) -> set[str]:
    shown = set()
    for url in surfaces(catalog):
        response = client.get(url)
        assert response.status_code == HTTPStatus.OK, url
        html = response.content.decode()
        shown |= {title for title, page in catalog["pages"].items() if page.title in html}
    return shown


def test_anonymous_visitors_see_only_public_entries_anywhere(client, catalog):
    assert titles_shown(client, catalog) == {
        "public resource",
        "public curriculum",
        "public episode",
    }


def test_members_see_members_only_entries_but_never_drafts(member_client, catalog):
    shown = titles_shown(member_client, catalog)
    assert {title for title in shown if title.startswith("members")} == {
        "members resource",
        "members curriculum",
        "members episode",
    }
    assert not {title for title in shown if title.startswith("draft")}


def test_members_only_entries_are_labelled_for_members(member_client, catalog):
    html = member_client.get(catalog["topic"].get_absolute_url()).content.decode()
    assert html.count('<span class="badge">Members only</span>') == 3


def test_direct_links_send_anonymous_visitors_to_sign_in_and_hide_drafts(client, catalog):
    for kind in ("resource", "curriculum", "episode"):
        private = client.get(catalog["pages"][f"members {kind}"].url)
        assert private.status_code == HTTPStatus.FOUND
        assert private["Location"].startswith("/_util/login/?next=")
        draft = catalog["pages"][f"draft {kind}"]
        assert client.get(f"/{draft.get_parent().slug}/{draft.slug}/").status_code == 404


def test_navigation_leaves_out_draft_and_private_sections(client, home):
    factories.toolkit(title="Public toolkit", show_in_menus=True)
    factories.members_only(factories.podcast(title="Members podcast", show_in_menus=True))
    draft = factories.publish(home, ToolkitPage(title="Draft kit", slug="draft-kit"), live=False)
    draft.show_in_menus = True
    draft.save()
    nav = client.get("/").content.decode().split('aria-label="Main"')[1].split("</nav>")[0]
    assert "Public toolkit" in nav
    assert "Members podcast" not in nav and "Draft kit" not in nav


def test_group_restrictions_admit_only_their_groups_and_superusers(home, django_user_model):
    chapter_staff = Group.objects.create(name="Chapter staff")
    page = factories.resource(title="Chapter-only protocol")
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=BaseViewRestriction.GROUPS
    )
    restriction.groups.add(chapter_staff)
    insider = django_user_model.objects.create_user("insider")
    insider.groups.add(chapter_staff)
    outsider = django_user_model.objects.create_user("outsider")
    admin = django_user_model.objects.create_superuser("admin")

    def sees(user) -> bool:
        visible = visibility_for_user(user).apply(ResourcePage.objects.all())
        return visible.filter(pk=page.pk).exists()

    assert sees(insider) and sees(admin)
    assert not sees(outsider)


def test_sections_cover_their_subtrees_with_one_condition_per_depth():
    assert outermost_sections(["00010002", "000100020003", "00010004"]) == ["00010002", "00010004"]
    assert within_sections([]) is None
    condition = within_sections(["00010002", "000100030001", "000100030002"])
    assert len(condition.children) == 2  # an IN for 8-character paths, one for 12-character ones


class TestFilesOfHiddenEntries:
    """An entry's file is as private as the entry: members sign in, drafts' files are hidden."""

    @pytest.fixture
    def files(self, home):
        kit = factories.toolkit()
        members_file = factories.document("Case review", "case-review.pdf")
        draft_file = factories.document("Draft handout", "draft.pdf")
        public_file = factories.document("Fact sheet", "fact-sheet.pdf")
        factories.members_only(factories.resource(kit, document=members_file))
        factories.resource(kit, document=draft_file, live=False)
        factories.resource(kit, document=public_file)
        loose_file = factories.document("Library file", "library.pdf")
        return members_file, draft_file, public_file, loose_file

    def test_anonymous_visitors_are_sent_to_sign_in_even_with_an_etag(self, client, files):
        members_file, draft_file, *_ = files
        for document in (members_file, draft_file):
            response = client.get(document.url, HTTP_IF_NONE_MATCH=f'"{document.file_hash}"')
            assert response.status_code == HTTPStatus.FOUND
            assert response["Location"].startswith("/_util/login/")

    def test_members_get_members_only_files_but_not_drafts(self, member_client, files):
        members_file, draft_file, *_ = files
        assert member_client.get(members_file.url).status_code == HTTPStatus.OK
        assert member_client.get(draft_file.url).status_code == HTTPStatus.NOT_FOUND

    def test_public_files_are_served_to_anyone(self, client, files):
        _, _, public_file, _ = files
        response = client.get(public_file.url)
        assert response.status_code == HTTPStatus.OK
        assert response["X-Content-Type-Options"] == "nosniff"

    def test_a_file_no_page_uses_is_served_to_nobody_outside_the_admin(
        self, client, member_client, files
    ):
        *_, loose_file = files  # deny by default (catalog.file_access)
        assert client.get(loose_file.url)["Location"].startswith("/_util/login/")
        assert member_client.get(loose_file.url).status_code == HTTPStatus.NOT_FOUND

    def test_editors_can_download_a_drafts_file_to_check_it(self, files, django_user_model):
        _, draft_file, *_ = files
        editor = django_user_model.objects.create_superuser("editor")
        client = Client()
        client.force_login(editor)
        assert client.get(draft_file.url).status_code == HTTPStatus.OK

    def test_a_wrong_file_name_is_not_found(self, client, files):
        _, _, public_file, _ = files
        wrong = public_file.url.replace("fact-sheet.pdf", "other.pdf")
        assert client.get(wrong).status_code == HTTPStatus.NOT_FOUND
