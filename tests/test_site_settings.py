"""The site's identity (catalog.models.site): logo in the header, contact and links in the footer,
the favicon, and the images served publicly while every other file stays deny-by-default."""

from http import HTTPStatus

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction, Site

from catalog.models import SiteSettings, StandardPage
from tests import factories
from tests.site_images import SVG, png_image, svg_image

pytestmark = pytest.mark.django_db


@pytest.fixture
def identity(home):
    """Settings with every field filled, as an administrator would save them."""
    about = factories.publish(
        home, StandardPage(title="About us", slug="about", intro="Who we are.")
    )
    settings = SiteSettings.objects.create(
        site=Site.objects.get(is_default_site=True),
        organization_name="Alliance of Centers",
        contact_email="hello@alliance.example",
        phone="202 555 0100",
        postal_address="1 Example Street\nWashington, DC 20000",
        logo=svg_image(),
        favicon=svg_image("Favicon"),
        sharing_image=png_image(),
        footer_links=[
            {"type": "link", "value": {"label": "About", "page": about.pk, "url": ""}},
            {
                "type": "link",
                "value": {"label": "Elsewhere", "page": None, "url": "https://x.example/"},
            },
        ],
    )
    return settings


def body(response) -> str:
    assert response.status_code == HTTPStatus.OK
    return response.content.decode()


def test_the_header_shows_the_logo_named_by_the_organization(client, identity):
    html = body(client.get("/"))
    url = f"/site-images/logo/{identity.logo.pk}.svg"
    assert f'<img class="site-brand__logo" src="{url}" alt="Alliance of Centers"' in html


def test_without_a_logo_the_header_names_the_organization_in_text(client, home):
    html = body(client.get("/"))
    assert "site-brand__logo" not in html
    assert '<span class="site-brand__organization">National Children&#x27;s Alliance</span>' in html


def test_the_footer_shows_the_contact_details_and_links(client, identity):
    html = body(client.get("/"))
    footer = html[html.index("<footer") :]
    assert "1 Example Street<br>Washington, DC 20000" in footer
    assert '<a href="mailto:hello@alliance.example">hello@alliance.example</a>' in footer
    assert '<a href="tel:2025550100">202 555 0100</a>' in footer
    assert '<a href="/about/">About</a>' in footer
    assert '<a href="https://x.example/">Elsewhere</a>' in footer


def test_a_footer_link_to_an_unpublished_page_is_left_out(client, identity):
    StandardPage.objects.get(slug="about").unpublish()
    footer = body(client.get("/")).split("<footer")[1]
    assert "/about/" not in footer and "Elsewhere" in footer


def test_a_footer_link_to_a_members_only_page_is_left_out(client, identity):
    about = StandardPage.objects.get(slug="about")
    PageViewRestriction.objects.create(page=about, restriction_type=PageViewRestriction.LOGIN)
    footer = body(client.get("/")).split("<footer")[1]
    assert "/about/" not in footer and "Elsewhere" in footer


def test_saving_the_settings_shows_at_once(client, identity):
    assert "hello@alliance.example" in body(client.get("/"))
    identity.contact_email = "new@alliance.example"
    identity.save()
    html = body(client.get("/"))
    assert "new@alliance.example" in html and "hello@alliance.example" not in html


def test_the_identity_costs_no_query_per_page(client, home):
    """Settings, three images and footer pages are read once, then kept with the content
    version: a page with all of them costs what a page without any does."""
    about = factories.publish(home, StandardPage(title="About", slug="about", intro="x"))
    client.get(about.url)
    with CaptureQueriesContext(connection) as bare:
        client.get(about.url)
    SiteSettings.objects.create(
        site=Site.objects.get(is_default_site=True),
        logo=svg_image(),
        favicon=svg_image(),
        sharing_image=png_image(),
        footer_links=[{"type": "link", "value": {"label": "About", "page": about.pk, "url": ""}}],
    )
    client.get(about.url)
    with CaptureQueriesContext(connection) as dressed:
        html = body(client.get(about.url))
    assert "site-brand__logo" in html and '<a href="/about/">About</a>' in html
    assert len(dressed) == len(bare)


def test_a_second_page_does_not_read_the_identity_from_the_shared_cache(
    client, identity, monkeypatch
):
    """The process keeps the identity with the content version: the shared cache (a query on
    the database cache, a round trip on Redis) is asked once, not on every page; a change to
    the settings shows on the next page all the same."""
    from catalog import site_identity

    client.get("/")
    asked = []
    get = site_identity.cache.get

    def counted(key, *args, **kwargs):
        asked.append(key)
        return get(key, *args, **kwargs)

    monkeypatch.setattr(site_identity.cache, "get", counted)
    for _ in range(3):
        assert "hello@alliance.example" in body(client.get("/"))
    assert not [key for key in asked if key.startswith("catalog:site-identity")]
    identity.contact_email = "new@alliance.example"
    identity.save()
    assert "new@alliance.example" in body(client.get("/"))


def test_without_a_cache_the_identity_costs_one_query_and_one_for_footer_pages(
    client, home, settings
):
    """With no cache at all: the settings with their three images (one query, made with or
    without settings) and the footer's pages (one more, only when the footer links pages)."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    about = factories.publish(home, StandardPage(title="About", slug="about", intro="x"))
    client.get(about.url)
    with CaptureQueriesContext(connection) as bare:
        client.get(about.url)
    SiteSettings.objects.create(
        site=Site.objects.get(is_default_site=True),
        logo=svg_image(),
        sharing_image=png_image(),
        footer_links=[{"type": "link", "value": {"label": "About", "page": about.pk, "url": ""}}],
    )
    with CaptureQueriesContext(connection) as dressed:
        body(client.get(about.url))
    assert len(dressed) == len(bare) + 1


def test_a_visit_never_writes_a_settings_row(client, home):
    body(client.get("/"))
    assert not SiteSettings.objects.exists()


# --- the favicon ---------------------------------------------------------------------------------


def test_favicon_ico_is_the_sites_own_until_the_settings_name_one(client, home):
    response = client.get("/favicon.ico")
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "image/x-icon"
    assert b"".join(response.streaming_content).startswith(b"\x00\x00\x01\x00")  # an ICO file


def test_favicon_ico_serves_the_settings_favicon(client, identity):
    response = client.get("/favicon.ico")
    assert response["Content-Type"] == "image/svg+xml"
    assert b"".join(response.streaming_content) == SVG
    assert "sandbox" in response["Content-Security-Policy"]


def test_pages_link_the_favicon(client, identity):
    html = body(client.get("/"))
    assert '<link rel="icon" href="/favicon.ico" sizes="32x32">' in html
    url = f"/site-images/favicon/{identity.favicon.pk}.svg"
    assert f'<link rel="icon" href="{url}" type="image/svg+xml">' in html


def test_pages_link_the_static_favicon_without_settings(client, home):
    assert 'href="/static/img/favicon.' in body(client.get("/"))


# --- public identity images, private everything else ---------------------------------------------


def test_the_identity_images_are_served_to_anyone_with_no_script(client, identity):
    logo = client.get(f"/site-images/logo/{identity.logo.pk}.svg")
    assert logo.status_code == HTTPStatus.OK
    assert logo["Content-Type"] == "image/svg+xml"
    assert logo["X-Content-Type-Options"] == "nosniff"
    assert logo["Content-Security-Policy"].startswith("default-src 'none'")
    assert "public" in logo["Cache-Control"]
    sharing = client.get(f"/site-images/sharing-image/{identity.sharing_image.pk}.png")
    assert sharing.status_code == HTTPStatus.OK
    assert b"".join(sharing.streaming_content).startswith(b"\x89PNG")


def test_no_other_image_is_served_through_the_identity_route(client, identity):
    unrelated = png_image("Somebody's draft picture")
    for url in (
        f"/site-images/logo/{unrelated.pk}.png",  # an image the settings do not use
        f"/site-images/sharing-image/{identity.logo.pk}.svg",  # the logo, under another role
        f"/site-images/logo/{identity.logo.pk}.png",  # the wrong extension
        f"/site-images/secret/{identity.logo.pk}.svg",  # no such role
        f"/media/{unrelated.file.name}",  # never straight from storage
    ):
        assert client.get(url).status_code == HTTPStatus.NOT_FOUND, url


def test_an_image_the_settings_stop_using_is_no_longer_served(client, identity):
    url = f"/site-images/logo/{identity.logo.pk}.svg"
    assert client.get(url).status_code == HTTPStatus.OK
    identity.logo = None
    identity.save()
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND


def test_a_private_entrys_document_is_still_not_served(client, identity):
    kit = factories.toolkit()
    document = factories.document("Members' handout", "members.pdf", b"%PDF-1.4 members")
    factories.members_only(factories.resource(kit, document=document))
    response = client.get(document.url)
    assert response.status_code == HTTPStatus.FOUND  # to sign in
    assert "/login/" in response["Location"]


# --- what the settings accept --------------------------------------------------------------------


def test_the_settings_refuse_an_svg_as_the_sharing_image(home):
    settings = SiteSettings(site=Site.objects.get(is_default_site=True), sharing_image=svg_image())
    with pytest.raises(ValidationError) as error:
        settings.full_clean()
    assert "sharing_image" in error.value.message_dict


def test_a_footer_link_needs_a_page_or_an_address():
    from catalog.models.site import FooterLinkBlock

    with pytest.raises(ValidationError):
        FooterLinkBlock().clean({"label": "Nowhere", "page": None, "url": ""})


def test_only_administrators_may_change_the_settings(editor, moderator, home):
    """No editor's word alone changes what every page shows (SECURITY.md)."""
    site = Site.objects.get(is_default_site=True)
    url = f"/admin/settings/catalog/sitesettings/{site.pk}/"
    for client in (editor, moderator):
        response = client.get(url)
        assert response.status_code in (HTTPStatus.FOUND, HTTPStatus.FORBIDDEN), response


def test_an_administrator_edits_the_settings_in_the_admin(admin_client, home):
    site = Site.objects.get(is_default_site=True)
    url = f"/admin/settings/catalog/sitesettings/{site.pk}/"
    response = admin_client.get(url)
    assert response.status_code == HTTPStatus.OK
    assert "Organization name" in response.content.decode()


def replace_image_file(client, image):
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image as PILImage

    buffer = BytesIO()
    PILImage.new("RGB", (1200, 630), "red").save(buffer, "PNG")
    data = {
        "title": image.title,
        "collection": image.collection_id,
        "tags": "",
        "file": SimpleUploadedFile("replacement.png", buffer.getvalue(), "image/png"),
    }
    return client.post(f"/admin/images/{image.pk}/", data)


def test_an_editor_cannot_replace_the_file_of_an_identity_image(editor, identity):
    image = identity.sharing_image
    before = image.file.name
    response = replace_image_file(editor, image)
    assert response.status_code == HTTPStatus.OK  # the form again, with the reason
    assert "Every page shows this image" in response.content.decode()
    image.refresh_from_db()
    assert image.file.name == before


def test_an_editor_may_replace_an_image_the_settings_do_not_use(editor, identity):
    image = png_image("An ordinary picture")
    assert replace_image_file(editor, image).status_code == HTTPStatus.FOUND
    image.refresh_from_db()
    assert "replacement" in image.file.name


def test_an_administrator_may_replace_an_identity_image(admin_client, identity):
    image = identity.sharing_image
    assert replace_image_file(admin_client, image).status_code == HTTPStatus.FOUND
    image.refresh_from_db()
    assert "replacement" in image.file.name
