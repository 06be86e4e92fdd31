"""The catalog index follows every way an entry changes, in the same transaction (issue 13).

Each test makes one kind of change the way Wagtail makes it, checks the row it leaves (or its
absence) and that the whole index still equals a fresh build. Searches pass `exact=1` so that a
word finding nothing is not answered with a close spelling's results.

Every test here runs on SQLite and, in CI, again on PostgreSQL (`DATABASE_URL`).
"""

import datetime
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import BaseViewRestriction, PageViewRestriction, Revision
from wagtail.signals import page_published
from wagtail.test.utils.form_data import nested_form_data, rich_text

from catalog.index import sync
from catalog.index.rebuild import differences
from catalog.models import Access, IndexEntry
from tests import factories

pytestmark = pytest.mark.django_db

# The most statements the index may add to publishing one entry: the five on PostgreSQL
# (three reads, one write); SQLite writes the text to its FTS5 table in a statement of its own.
PUBLISH_BUDGET = {"postgresql": 5, "sqlite": 6}


def row(page) -> IndexEntry:
    return IndexEntry.objects.get(pk=page.pk)


def indexed(page) -> bool:
    return IndexEntry.objects.filter(pk=page.pk).exists()


def index_differences() -> list[str]:
    """How the kept index differs from a fresh build, one line each; [] when in step. (Inside
    this test's transaction, after index writes: the rebuild must cope with that too.)"""
    return [str(difference) for difference in differences()]


def in_step() -> bool:
    """Whether the kept index equals a fresh build (the differences are shown if not)."""
    assert index_differences() == []
    return True


def titles(client, q: str) -> list[str]:
    response = client.get("/search/", {"q": q, "exact": "1"})
    assert response.status_code == 200
    return [entry.title for entry in response.context["search"].page.object_list]


def restrict(page, kind: str, groups=()) -> PageViewRestriction:
    restriction = PageViewRestriction.objects.create(
        page=page,
        restriction_type=kind,
        password="shared-secret" if kind == BaseViewRestriction.PASSWORD else "",
    )
    if groups:
        restriction.groups.set(groups)
    return restriction


# --- publishing ------------------------------------------------------------------------------


def test_publishing_an_entry_writes_its_row(home):
    topic, audience = factories.topic("Housing"), factories.audience("Caregivers")
    chapter = factories.chapter(title="CACs of Ohio", slug="ohio")
    curriculum = factories.curriculum(
        chapter,
        title="Two-day training",
        slug="two-day-training",
        summary="For teams.",
        publication_date=datetime.date(2023, 4, 5),
        language="es",
        delivery_format="in-person",
        topics=[topic],
        audiences=[audience],
    )
    entry = row(curriculum)
    assert (entry.kind, entry.title) == ("curriculum", "Two-day training")
    assert entry.summary == "For teams."
    assert entry.url_path == "/home/trainings/ohio/two-day-training/"
    assert (entry.publication_date, entry.year, entry.language) == (
        datetime.date(2023, 4, 5),
        2023,
        "es",
    )
    assert (entry.chapter_id, entry.delivery_format, entry.resource_type) == (
        chapter.pk,
        "in-person",
        None,
    )
    assert (entry.topics, entry.audiences, entry.disciplines) == ([topic.pk], [audience.pk], [])
    assert (entry.access, entry.access_groups) == (Access.PUBLIC, [])
    assert in_step()


def test_publishing_an_edit_rewrites_the_row(home):
    medical = factories.discipline("Medical")
    resource = factories.resource(title="Old title", resource_type="guide")
    resource.title, resource.resource_type = "New title", "checklist"
    resource.disciplines.set([medical])
    resource.save_revision().publish()
    assert (row(resource).title, row(resource).resource_type) == ("New title", "checklist")
    assert row(resource).disciplines == [medical.pk]
    assert in_step()


def test_a_saved_draft_changes_nothing(home):
    medical = factories.discipline("Medical")
    resource = factories.resource(title="Live title", summary="Live summary.")
    resource.title, resource.summary = "Draft title", "Draft summary."
    resource.disciplines.set([medical])
    resource.save_revision()
    entry = row(resource)
    assert (entry.title, entry.summary, entry.disciplines) == ("Live title", "Live summary.", [])
    assert in_step()


def test_a_draft_entry_has_no_row(home):
    draft = factories.resource(live=False)
    assert not indexed(draft)
    assert in_step()


def test_unpublishing_removes_the_row(home):
    resource = factories.resource()
    other = factories.resource()
    resource.unpublish()
    assert not indexed(resource)
    assert indexed(other)
    assert in_step()


def test_a_scheduled_publication_adds_the_row_when_publish_scheduled_runs(home):
    soon = timezone.now() + datetime.timedelta(hours=1)
    resource = factories.resource(live=False, go_live_at=soon)
    revision = resource.save_revision()
    revision.publish()  # go_live_at is ahead: the revision is only scheduled
    assert not indexed(resource)
    # The hour passes: the scheduled revision and its go-live time are now behind us.
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision.content["go_live_at"] = past.isoformat()
    revision.save(update_fields=["content"])
    Revision.objects.filter(pk=revision.pk).update(approved_go_live_at=past)

    call_command("publish_scheduled", stdout=StringIO())
    resource.refresh_from_db()
    assert resource.live
    assert row(resource).title == resource.title
    assert in_step()


def test_expiry_through_publish_scheduled_removes_the_row(home):
    resource = factories.resource()
    other = factories.resource()
    type(resource).objects.filter(pk=resource.pk).update(
        expire_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    call_command("publish_scheduled", stdout=StringIO())
    resource.refresh_from_db()
    assert (resource.live, resource.expired) == (False, True)
    assert not indexed(resource)
    assert indexed(other)
    assert in_step()


# --- the page tree ---------------------------------------------------------------------------


def test_deleting_an_entry_removes_its_row(home):
    resource = factories.resource()
    resource.delete()
    assert not IndexEntry.objects.exists()
    assert in_step()


def test_deleting_a_section_removes_every_row_beneath_it(home):
    chapter = factories.chapter()
    curricula = [factories.curriculum(chapter) for _ in range(3)]
    elsewhere = factories.curriculum()
    chapter.delete()
    assert not IndexEntry.objects.filter(pk__in=[page.pk for page in curricula]).exists()
    assert indexed(elsewhere)
    assert in_step()


def test_moving_an_entry_updates_its_url_path_and_chapter(home):
    ohio = factories.chapter(slug="ohio")
    texas = factories.chapter(slug="texas")
    curriculum = factories.curriculum(ohio, slug="intake")
    assert (row(curriculum).url_path, row(curriculum).chapter_id) == (
        "/home/trainings/ohio/intake/",
        ohio.pk,
    )
    curriculum.move(texas, pos="last-child")
    assert (row(curriculum).url_path, row(curriculum).chapter_id) == (
        "/home/trainings/texas/intake/",
        texas.pk,
    )
    assert in_step()


def test_a_live_copy_adds_a_row(home):
    kit = factories.toolkit(slug="kit")
    resource = factories.resource(kit, title="Original", topics=[factories.topic("Housing")])
    copy = resource.copy(
        to=kit, update_attrs={"slug": "the-copy", "title": "The copy"}, keep_live=True
    )
    entry = row(copy)
    assert (entry.title, entry.url_path) == ("The copy", "/home/kit/the-copy/")
    assert entry.topics == row(resource).topics
    assert IndexEntry.objects.count() == 2
    assert in_step()


# --- view restrictions -----------------------------------------------------------------------


@pytest.fixture
def kit_with_entries(home):
    kit = factories.toolkit()
    entries = [factories.resource(kit) for _ in range(2)]
    public = factories.resource()
    return kit, entries, public


def accesses(pages) -> list[tuple[int, list[int]]]:
    return [(row(page).access, row(page).access_groups) for page in pages]


def test_a_login_restriction_on_a_section_reaches_every_entry_beneath(kit_with_entries):
    kit, entries, public = kit_with_entries
    restriction = restrict(kit, BaseViewRestriction.LOGIN)
    assert accesses(entries) == [(Access.SIGNED_IN, [])] * 2
    assert accesses([public]) == [(Access.PUBLIC, [])]
    assert in_step()
    restriction.delete()
    assert accesses(entries) == [(Access.PUBLIC, [])] * 2
    assert in_step()


def test_a_groups_restriction_on_a_section_names_its_groups_on_every_entry(kit_with_entries):
    kit, entries, public = kit_with_entries
    first, second = Group.objects.create(name="Readers A"), Group.objects.create(name="Readers B")
    restriction = restrict(kit, BaseViewRestriction.GROUPS, [second, first])
    groups = sorted([first.pk, second.pk])
    assert accesses(entries) == [(Access.GROUPS, groups)] * 2
    assert accesses([public]) == [(Access.PUBLIC, [])]
    assert in_step()
    restriction.delete()
    assert accesses(entries) == [(Access.PUBLIC, [])] * 2
    assert in_step()


def test_changing_a_restrictions_groups_updates_access_groups(kit_with_entries):
    kit, entries, _public = kit_with_entries
    first, second = Group.objects.create(name="Readers A"), Group.objects.create(name="Readers B")
    restriction = restrict(kit, BaseViewRestriction.GROUPS, [first])
    restriction.groups.set([second])
    assert accesses(entries) == [(Access.GROUPS, [second.pk])] * 2
    restriction.groups.add(first)
    assert accesses(entries) == [(Access.GROUPS, sorted([first.pk, second.pk]))] * 2
    second.delete()
    assert accesses(entries) == [(Access.GROUPS, [first.pk])] * 2
    assert in_step()


def test_a_password_restriction_removes_the_rows_and_lifting_it_restores_them(kit_with_entries):
    kit, entries, public = kit_with_entries
    restriction = restrict(kit, BaseViewRestriction.PASSWORD)
    assert not IndexEntry.objects.filter(pk__in=[page.pk for page in entries]).exists()
    assert indexed(public)
    assert in_step()
    restriction.delete()
    assert accesses(entries) == [(Access.PUBLIC, [])] * 2
    assert in_step()


# --- terms and sections named in the text ----------------------------------------------------


def test_renaming_a_term_changes_what_finds_its_entries(client, home):
    topic = factories.topic("Polyvictimization")
    factories.resource(title="Screening tool", topics=[topic])
    assert titles(client, "polyvictimization") == ["Screening tool"]
    topic.name = "Revictimization"
    topic.save_revision().publish()
    assert titles(client, "revictimization") == ["Screening tool"]
    assert titles(client, "polyvictimization") == []
    assert in_step()


def test_a_renamed_term_saved_as_a_draft_changes_nothing(client, home):
    topic = factories.topic("Polyvictimization")
    factories.resource(title="Screening tool", topics=[topic])
    topic.name = "Revictimization"
    topic.save_revision()
    assert titles(client, "polyvictimization") == ["Screening tool"]
    assert titles(client, "revictimization") == []
    assert in_step()


def test_unpublishing_a_term_removes_it_from_the_rows(home):
    medical, legal = factories.discipline("Medical"), factories.discipline("Legal")
    resource = factories.resource(disciplines=[medical, legal])
    medical.unpublish()
    assert row(resource).disciplines == [legal.pk]
    assert in_step()
    medical.save_revision().publish()
    assert row(resource).disciplines == sorted([medical.pk, legal.pk])
    assert in_step()


def test_deleting_a_term_removes_it_from_the_rows(home):
    housing, screening = factories.topic("Housing"), factories.topic("Screening")
    resource = factories.resource(topics=[housing, screening])
    housing.delete()
    assert row(resource).topics == [screening.pk]
    assert in_step()


def test_renaming_a_chapter_changes_what_finds_its_curricula(client, home):
    chapter = factories.chapter(title="CACs of Ohio")
    factories.curriculum(chapter, title="Intake drills")
    factories.curriculum(chapter, title="Court preparation")
    assert titles(client, "keystone") == []
    chapter.title = "Keystone chapter"
    chapter.save_revision().publish()
    assert sorted(titles(client, "keystone")) == ["Court preparation", "Intake drills"]
    assert in_step()


def test_changing_a_sections_slug_rewrites_the_url_paths_beneath(home):
    kit = factories.toolkit(slug="kit")
    resource = factories.resource(kit, slug="guide")
    kit.slug = "toolkit"
    kit.save_revision().publish()
    assert row(resource).url_path == "/home/toolkit/guide/"
    assert in_step()


# --- what readers see ------------------------------------------------------------------------


def test_a_member_finds_a_new_entry_in_their_very_next_search(client, member_client, home):
    kit = factories.members_only(factories.toolkit())
    assert titles(member_client, "zephyrine") == []
    factories.resource(kit, title="Zephyrine protocol")
    assert titles(member_client, "zephyrine") == ["Zephyrine protocol"]
    assert titles(client, "zephyrine") == []  # members only: not for anonymous visitors


# --- cost ------------------------------------------------------------------------------------


def statements_to_publish(page) -> list[str]:
    page.summary += " Revised."
    revision = page.save_revision()
    with CaptureQueriesContext(connection) as queries:
        revision.publish()
    return [query["sql"] for query in queries.captured_queries]


def index_statements(page) -> list[str]:
    """What the index receiver runs for one entry (to show in a failure)."""
    with CaptureQueriesContext(connection) as queries:
        sync.reindex([page.pk])
    return [query["sql"][:60] for query in queries.captured_queries]


def test_publishing_one_entry_adds_at_most_five_statements_for_the_index(home):
    chapter = factories.members_only(factories.chapter())
    curriculum = factories.curriculum(
        chapter, topics=[factories.topic()], disciplines=[factories.discipline()]
    )
    statements_to_publish(curriculum)  # content types and the like are cached from here on
    assert page_published.disconnect(dispatch_uid="catalog-index-published")
    try:
        without_index = statements_to_publish(curriculum)
    finally:
        sync.connect()
    with_index = statements_to_publish(curriculum)  # also brings the row up to date
    added = len(with_index) - len(without_index)
    budget = PUBLISH_BUDGET[connection.vendor]
    assert added <= budget, (connection.vendor, added, index_statements(curriculum))
    assert in_step()


def test_an_alias_of_an_entry_is_not_listed_twice(home):
    """Search lists each entry once, at its own page: an alias gets no row of its own."""
    entry = factories.resource(factories.toolkit(), title="Original guide")
    alias = entry.create_alias(parent=factories.toolkit(), update_slug="alias-of-it")
    assert alias.live
    assert not IndexEntry.objects.filter(pk=alias.pk).exists()
    assert in_step()


def test_a_draft_saved_on_an_unpublished_section_reaches_its_entries(admin_client, home):
    """The admin writes an unpublished section's draft onto the page, and its slug onto the live
    entries beneath: their rows follow."""
    kit = factories.toolkit(slug="kit")
    entry = factories.resource(kit, slug="guide")
    kit.unpublish()
    response = admin_client.post(
        f"/admin/pages/{kit.pk}/edit/",
        nested_form_data({"title": kit.title, "slug": "renamed-kit", "intro": rich_text("")}),
    )
    assert response.status_code in (200, 302)
    entry.refresh_from_db()
    assert entry.url_path.endswith("/renamed-kit/guide/")
    assert row(entry).url_path == entry.url_path
    assert in_step()


def test_clearing_a_groups_restrictions_from_the_group_side(home):
    group = Group.objects.create(name="Readers")
    kit = factories.toolkit()
    entry = factories.resource(kit)
    restriction = PageViewRestriction.objects.create(
        page=kit, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([group])
    assert row(entry).access_groups == [group.pk]
    group.pageviewrestriction_set.clear()
    assert row(entry).access_groups == []
    assert in_step()
