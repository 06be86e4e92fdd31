"""Taxonomy terms go through review: an editor's change reaches visitors only when a moderator
publishes it, and only moderators set an audience's "Exit this page" (issue 12, finding 3)."""

from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse

from catalog.models import Audience, Discipline
from tests import factories

pytestmark = pytest.mark.django_db

# Wagtail answers a refused admin action with a redirect to the dashboard and a message.
REFUSED = (HTTPStatus.FOUND, HTTPStatus.FORBIDDEN)


def url(term, view: str, *args) -> str:
    return reverse(f"wagtailsnippets_catalog_{term._meta.model_name}:{view}", args=[term.pk, *args])


def term_form(term, action: str = "", **fields) -> dict:
    data = {"name": term.name, "slug": term.slug, "description": term.description, **fields}
    if action:
        data[f"action-{action}"] = action
    return data


def approve(moderator: Client, term) -> None:
    task_state = term.current_workflow_task_state
    response = moderator.post(url(term, "workflow_action", "approve", task_state.pk), {})
    assert response.status_code == HTTPStatus.FOUND


def latest_draft(term):
    return type(term).objects.get(pk=term.pk).get_latest_revision_as_object()


def test_an_editors_change_to_a_term_waits_for_a_moderator(
    client, member_client, editor, moderator, home, settings
):
    # Anonymous browse pages are cached: prove that publishing moves them on.
    settings.CATALOG_PAGE_CACHE_SECONDS = 300
    term = factories.discipline("Medical", description="Old words.")
    factories.resource(disciplines=[term])
    browse = term.get_absolute_url()
    assert "Old words." in client.get(browse).content.decode()

    response = editor.post(url(term, "edit"), term_form(term, description="New words."))
    assert response.status_code == HTTPStatus.FOUND
    assert latest_draft(term).description == "New words."
    for visitor in (client, member_client):  # cached, and freshly computed for a signed-in one
        page = visitor.get(browse).content.decode()
        assert "Old words." in page and "New words." not in page

    response = editor.post(url(term, "edit"), term_form(term, "submit", description="New words."))
    assert response.status_code == HTTPStatus.FOUND
    term.refresh_from_db()
    assert term.workflow_in_progress
    assert term.current_workflow_state.workflow.name == "Catalog review"
    assert term.description == "Old words."

    approve(moderator, term)

    term.refresh_from_db()
    assert (term.live, term.has_unpublished_changes) == (True, False)
    assert term.description == "New words."
    assert "New words." in client.get(browse).content.decode()


def test_an_editor_cannot_publish_a_term(editor, home):
    term = factories.topic("Housing", description="Old words.")

    response = editor.post(url(term, "edit"), term_form(term, "publish", description="Changed."))

    assert response.status_code == HTTPStatus.FOUND
    term.refresh_from_db()
    assert term.description == "Old words."
    assert term.has_unpublished_changes
    assert latest_draft(term).description == "Changed."
    assert editor.post(url(term, "unpublish")).status_code in REFUSED
    term.refresh_from_db()
    assert term.live


def test_a_term_an_editor_adds_is_a_draft(editor, home):
    response = editor.post(
        reverse("wagtailsnippets_catalog_discipline:add"),
        {"name": "Mental health", "slug": "", "description": "", "action-publish": "publish"},
    )
    assert response.status_code == HTTPStatus.FOUND
    assert not Discipline.objects.get(name="Mental health").live
    assert not Discipline.objects.live().filter(name="Mental health").exists()


def test_only_a_moderator_reorders_the_live_lists(editor, moderator, home):
    factories.discipline("First")
    second = factories.discipline("Second", sort_order=1)
    move = url(second, "reorder") + "?position=0"
    assert editor.post(move).status_code in REFUSED
    assert list(Discipline.objects.live().values_list("name", flat=True)) == ["First", "Second"]
    assert moderator.post(move).status_code == HTTPStatus.OK
    assert list(Discipline.objects.live().values_list("name", flat=True)) == ["Second", "First"]


def test_a_moderator_publishes_a_term_at_once(moderator, home):
    term = factories.topic("Housing", description="Old words.")
    response = moderator.post(url(term, "edit"), term_form(term, "publish", description="New."))
    assert response.status_code == HTTPStatus.FOUND
    term.refresh_from_db()
    assert (term.description, term.has_unpublished_changes) == ("New.", False)


# --- "Exit this page": a safety control only moderators set -------------------------------------


def test_an_editor_is_not_offered_the_safety_exit_a_moderator_is(editor, moderator, home):
    caregivers = factories.audience("Caregivers", safety_exit=True)
    assert "safety_exit" not in editor.get(url(caregivers, "edit")).context["form"].fields
    assert "safety_exit" in moderator.get(url(caregivers, "edit")).context["form"].fields


def test_an_editor_cannot_switch_the_safety_exit_off_even_through_review(editor, moderator, home):
    caregivers = factories.audience("Caregivers", safety_exit=True)
    # An unticked checkbox is simply absent from the post: what an editor's "switch off" sends.
    response = editor.post(url(caregivers, "edit"), term_form(caregivers, "submit"))
    assert response.status_code == HTTPStatus.FOUND
    assert latest_draft(caregivers).safety_exit is True

    approve(moderator, Audience.objects.get(pk=caregivers.pk))

    caregivers.refresh_from_db()
    assert (caregivers.safety_exit, caregivers.has_unpublished_changes) == (True, False)


def test_an_editor_cannot_switch_the_safety_exit_on_by_posting_it(editor, home):
    staff = factories.audience("CAC staff")
    response = editor.post(url(staff, "edit"), term_form(staff, "publish", safety_exit="on"))
    assert response.status_code == HTTPStatus.FOUND
    staff.refresh_from_db()
    assert staff.safety_exit is False
    assert latest_draft(staff).safety_exit is False

    response = editor.post(
        reverse("wagtailsnippets_catalog_audience:add"),
        {"name": "Survivors", "slug": "", "description": "", "safety_exit": "on"},
    )
    assert response.status_code == HTTPStatus.FOUND
    assert Audience.objects.get(name="Survivors").safety_exit is False


def test_a_moderator_switches_the_safety_exit_and_publishes_it(moderator, home):
    caregivers = factories.audience("Caregivers", safety_exit=True)
    response = moderator.post(url(caregivers, "edit"), term_form(caregivers, "publish"))
    assert response.status_code == HTTPStatus.FOUND
    caregivers.refresh_from_db()
    assert caregivers.safety_exit is False


def test_the_page_editor_offers_draft_terms_so_a_new_term_and_its_entries_are_reviewed_together(
    editor, home
):
    kit = factories.toolkit()
    draft = factories.topic("Labour trafficking", live=False)
    response = editor.get(f"/admin/pages/add/catalog/resourcepage/{kit.pk}/")
    assert draft in response.context["form"].fields["topics"].queryset
