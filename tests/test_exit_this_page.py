""" "Exit this page" on caregiver-facing pages (GOV.UK pattern), and no referrer to other sites."""

import re
from http import HTTPStatus

import pytest
from django.conf import settings

from tests import factories

pytestmark = pytest.mark.django_db

EXIT_LINK = re.compile(r'<a class="exit-this-page__button" href="([^"]+)" rel="([^"]+)"')


@pytest.fixture
def audiences(home):
    return {
        "caregivers": factories.audience("Caregivers", safety_exit=True),
        "staff": factories.audience("CAC staff"),
    }


def exit_link(response) -> tuple[str, str] | None:
    assert response.status_code == HTTPStatus.OK
    match = EXIT_LINK.search(response.content.decode())
    return match.groups() if match else None


def test_entries_for_an_at_risk_audience_show_a_plain_exit_link(client, audiences):
    kit, chapter, show = factories.toolkit(), factories.chapter(), factories.podcast()
    entries = [
        factories.resource(kit, audiences=[audiences["caregivers"], audiences["staff"]]),
        factories.curriculum(chapter, audiences=[audiences["caregivers"]]),
        factories.episode(show, audiences=[audiences["caregivers"]]),
    ]
    for entry in entries:
        href, rel = exit_link(client.get(entry.url))
        assert href == settings.CATALOG_EXIT_URL
        assert "noreferrer" in rel.split()


def test_other_entries_have_no_exit_control(client, audiences):
    entry = factories.resource(audiences=[audiences["staff"]])
    assert exit_link(client.get(entry.url)) is None
    assert exit_link(client.get("/")) is None


def test_the_audiences_browse_page_and_search_show_it(client, audiences):
    assert exit_link(client.get(audiences["caregivers"].get_absolute_url()))
    assert exit_link(client.get("/search/?audience=caregivers&q=safety"))
    assert exit_link(client.get("/search/?audience=cac-staff")) is None
    assert exit_link(client.get(audiences["staff"].get_absolute_url())) is None


def test_it_comes_first_after_the_skip_link_and_its_script_is_a_file(client, audiences):
    html = client.get(audiences["caregivers"].get_absolute_url()).content.decode()
    body = html.split("<body>", 1)[1]
    links = re.findall(r"<a [^>]*>", body)
    assert "skip-link" in links[0] and "exit-this-page__button" in links[1]
    assert re.search(r'<script src="/static/js/exit-this-page\.[0-9a-f]+\.js" defer>', html)
    assert re.search(r'<p class="exit-this-page__hint" [^>]*\bhidden>', html)  # shown by the JS


def test_no_page_sends_its_address_to_another_site(client, audiences):
    entry = factories.resource(
        audiences=[audiences["caregivers"]],
        body=[{"type": "paragraph", "value": '<p><a href="https://example.org/">Out</a></p>'}],
    )
    response = client.get(entry.url)
    assert response["Referrer-Policy"] == "same-origin"
    assert '<meta name="referrer" content="same-origin">' in response.content.decode()


def test_moderators_can_mark_an_audience_in_the_admin(admin_client, audiences):
    # Editors cannot: tests/test_taxonomy_review.py. The mark takes effect when published.
    url = f"/admin/snippets/catalog/audience/edit/{audiences['staff'].pk}/"
    form = {"name": "CAC staff", "slug": "cac-staff", "description": "", "safety_exit": "on"}
    form["action-publish"] = "publish"
    assert admin_client.post(url, form).status_code == HTTPStatus.FOUND
    audiences["staff"].refresh_from_db()
    assert audiences["staff"].safety_exit
