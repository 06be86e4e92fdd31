"""Standard pages (About, Contact, Privacy, Accessibility), the demo's site identity, and the home
page's hero."""

import re
from http import HTTPStatus

import pytest
from django.core.management import call_command
from wagtail.models import Page, Site

from catalog.models import HomePage, SiteSettings, StandardPage, ToolkitPage
from catalog.sentences import whole_sentences
from tests import factories

pytestmark = pytest.mark.django_db


def standard_page(parent: Page, slug: str = "about", **fields) -> StandardPage:
    values = {"title": "About", "slug": slug, "intro": "Who we are.", **fields}
    return factories.publish(parent, StandardPage(**values))


def test_standard_pages_live_under_the_home_page_or_each_other(home):
    about = standard_page(home)
    assert StandardPage.can_create_at(home)
    assert StandardPage.can_create_at(about)
    assert not ToolkitPage.can_create_at(about)
    assert not StandardPage.can_create_at(factories.toolkit())


def test_a_standard_page_shows_its_intro_and_body(client, home):
    page = standard_page(
        home,
        body=[
            {"type": "heading", "value": "Cookies"},
            {"type": "paragraph", "value": "<p>Only when you <b>sign in</b>.</p>"},
        ],
    )
    html = client.get(page.url).content.decode()
    assert "<h1>About</h1>" in html
    assert '<p class="lede">Who we are.</p>' in html
    assert "Cookies" in html and "<b>sign in</b>" in html


def test_standard_pages_are_not_catalog_sections(client, home):
    """Not in the header's navigation nor among the home page's sections: the footer links
    them."""
    factories.toolkit(title="The toolkit", show_in_menus=True)
    standard_page(home, title="About this site")
    html = client.get("/").content.decode()
    assert "The toolkit" in html
    assert "About this site" not in html


# --- the home page -------------------------------------------------------------------------------


def test_the_home_hero_says_what_the_site_is_for(client, home):
    html = client.get("/").content.decode()
    assert f"<h1>{home.purpose}</h1>" in html
    assert f"<h1>{home.title}</h1>".replace("&", "&amp;") not in html


def test_the_header_search_says_what_it_searches(client, home):
    page = standard_page(home)
    html = client.get(page.url).content.decode()
    assert re.search(r'<input id="site-search-q"[^>]*placeholder="Search the catalog"', html)


def test_section_blurbs_are_whole_sentences(client, home):
    intro = (
        "<p>The toolkit gathers fact sheets, screening tools and protocols for every member of "
        "the team. Each one is reviewed by the national office every year before it is listed "
        "again. Nothing here is out of date for long, because chapters tell us.</p>"
    )
    factories.toolkit(title="Toolkit", intro=intro)
    html = client.get("/").content.decode()
    blurb = re.search(r"Toolkit</a><p>([^<]*)</p>", html).group(1)
    assert blurb.endswith(".") and not blurb.endswith("…")
    assert "The toolkit gathers" in blurb and "because chapters tell us" not in blurb


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("One. Two.", 100, "One. Two."),
        ("First sentence. Second sentence is longer.", 20, "First sentence."),
        ("He said “go.” Then left.", 15, "He said “go.”"),
        ("<p>Rich &amp; plain. More.</p>", 13, "Rich & plain."),
        ("No end in sight for this one", 10, "No end in…"),
    ],
)
def test_whole_sentences(text, limit, expected):
    assert whole_sentences(text, limit) == expected


# --- the demo ------------------------------------------------------------------------------------


def load_demo() -> None:
    call_command("load_demo", allow_without_debug=True, stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_the_demo_creates_the_four_pages_linked_from_the_footer(client):
    load_demo()
    home = HomePage.objects.get()
    slugs = {"about", "contact", "privacy", "accessibility"}
    pages = StandardPage.objects.child_of(home).live()
    assert set(pages.values_list("slug", flat=True)) == slugs
    footer = client.get("/").content.decode().split("<footer")[1]
    for page in pages:
        assert f'<a href="{page.url}">{page.title}</a>' in footer
        assert client.get(page.url).status_code == HTTPStatus.OK


def test_the_demo_sets_the_site_identity_once(client):
    load_demo()
    settings = SiteSettings.objects.select_related("logo", "favicon", "sharing_image").get()
    assert settings.logo.file.name.endswith(".svg")
    assert settings.favicon.file.name.endswith(".svg")
    assert (settings.sharing_image.width, settings.sharing_image.height) == (1200, 630)
    assert settings.contact_email and settings.phone and settings.postal_address
    html = client.get("/").content.decode()
    assert f"/site-images/logo/{settings.logo.pk}.svg" in html
    assert client.get(f"/site-images/logo/{settings.logo.pk}.svg").status_code == HTTPStatus.OK

    settings.phone = "an administrator's own number"
    settings.save()
    load_demo()  # again: nothing is overwritten or added
    assert SiteSettings.objects.get().phone == "an administrator's own number"
    assert StandardPage.objects.count() == 4
    assert SiteSettings.objects.filter(site=Site.objects.get(is_default_site=True)).count() == 1


def test_the_privacy_page_names_the_cookies_the_site_really_sets(client):
    """The policy says browsing sets no cookie and signing in sets csrftoken and sessionid."""
    load_demo()
    privacy = StandardPage.objects.get(slug="privacy")
    text = client.get(privacy.url).content.decode()
    assert "csrftoken" in text and "sessionid" in text
    assert not client.cookies  # browsing set nothing
    for page in StandardPage.objects.all():
        client.get(page.url)
    client.get("/search/?q=screening")
    assert not client.cookies
    client.get("/_util/login/")
    assert set(client.cookies) == {"csrftoken"}
