"""No dead end on a resource's page: without a file or a link it says how to get the resource,
with the publisher's contact the editor gave or, failing that, the site's (Settings › Site
identity); the demo gives every public resource a file, a link or such a contact."""

import re
from http import HTTPStatus

import pytest
from django.core.management import call_command
from wagtail.models import Site

from catalog.models import ResourcePage, SiteSettings
from tests import factories

pytestmark = pytest.mark.django_db

HOW_TO_GET = re.compile(r'<section class="how-to-get[^"]*"[^>]*>.*?</section>', re.S)


@pytest.fixture
def site_contact(home):
    return SiteSettings.objects.create(
        site=Site.objects.get(is_default_site=True),
        organization_name="Alliance of Centers",
        contact_email="hello@alliance.example",
        phone="202 555 0100",
    )


def how_to_get(client, page) -> str:
    """The page's "How to get this" block, or "" if it has none."""
    response = client.get(page.url)
    assert response.status_code == HTTPStatus.OK
    found = HOW_TO_GET.search(response.content.decode())
    return found.group(0) if found else ""


def test_the_publishers_contact_is_given_when_the_editor_named_it(client, site_contact):
    page = factories.resource(
        title="Interview guide",
        publisher="Example Press",
        how_to_get="Sent to CAC staff on request.",
        contact_email="orders@press.example",
        contact_url="https://press.example/request",
    )
    block = how_to_get(client, page)
    assert "<h2" in block and "How to get this</h2>" in block
    assert "Sent to CAC staff on request." in block
    assert "Ask Example Press:" in block
    assert 'href="mailto:orders@press.example?subject=Interview%20guide"' in block
    assert 'href="https://press.example/request" rel="noopener noreferrer">' in block
    assert "on press.example" in block
    assert "hello@alliance.example" not in block


def test_without_a_publisher_contact_the_sites_contact_is_given(client, site_contact):
    page = factories.resource(title="Checklist", publisher="Example Press")
    block = how_to_get(client, page)
    assert "There is no file or link to open here: ask for a copy." in block
    assert "Ask Alliance of Centers:" in block
    assert 'href="mailto:hello@alliance.example?subject=Checklist"' in block
    assert 'href="tel:2025550100"' in block
    assert "Example Press:" not in block


def test_a_contact_page_alone_is_enough_to_ask_the_publisher(client, site_contact):
    page = factories.resource(publisher="Example Press", contact_url="https://press.example/ask")
    block = how_to_get(client, page)
    assert "Ask Example Press:" in block
    assert "mailto:" not in block
    assert "hello@alliance.example" not in block


def test_the_page_loads_the_blocks_stylesheet(client, home):
    response = client.get(factories.resource().url)
    assert re.search(r'<link rel="stylesheet" href="/static/css/resource\.[0-9a-f]+\.css">',
                     response.content.decode())  # fmt: skip


def test_no_block_when_there_is_a_file_or_a_link(client, site_contact):
    with_file = factories.resource(document=factories.document(), contact_email="a@b.example")
    with_link = factories.resource(external_url="https://press.example/guide")
    for page in (with_file, with_link):
        assert how_to_get(client, page) == "", page.title
    assert "Download " in client.get(with_file.url).content.decode()
    assert "Open " in client.get(with_link.url).content.decode()


def test_the_editor_gets_the_fields_with_help(home):
    for name in ("how_to_get", "contact_email", "contact_url"):
        field = ResourcePage._meta.get_field(name)
        assert field.blank and field.help_text, name
    panel_fields = ResourcePage.get_edit_handler().get_form_options()["fields"]
    assert {"how_to_get", "contact_email", "contact_url"} <= set(panel_fields)


def test_every_public_demo_resource_has_something_to_open_or_a_contact(client):
    call_command("load_demo", allow_without_debug=True, stdout=open("/dev/null", "w"))  # noqa: SIM115
    resources = ResourcePage.objects.live().public().specific()
    assert resources.count() == 15
    asked = []
    for page in resources:
        block = how_to_get(client, page)
        if page.has_something_to_open:
            assert block == "", page.title
            continue
        asked.append(page.slug)
        assert page.how_to_get, page.title
        assert re.search(r'href="(mailto:|tel:|https?://)', block), page.title
    assert 0 < len(asked) <= 2  # the few truly "ask us" resources
    # The top hit for forensic interviewers and the alliance's census brief: files to download.
    for slug in ("forensic-interviews-with-exploited-youth", "a-light-on-the-unseen"):
        document = ResourcePage.objects.get(slug=slug).document
        assert document is not None and "(sample PDF)" in document.title, slug
        content = b"".join(client.get(document.url).streaming_content)
        assert content.startswith(b"%PDF-") and b"Sample PDF made for the demo" in content
