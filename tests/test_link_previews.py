"""Link previews (catalog.link_previews): every page type carries a meta description, a canonical
address without query noise, and Open Graph and Twitter card tags."""

from html.parser import HTMLParser
from http import HTTPStatus

import pytest
from wagtail.models import Site

from catalog.models import SiteSettings, StandardPage
from tests import factories
from tests.site_images import png_image

pytestmark = pytest.mark.django_db

ROOT = "http://localhost"  # the default Site's root URL (the home page migration's)


class HeadTags(HTMLParser):
    """The <meta> and <link rel> tags of a page, by name or property (and rel)."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: dict[str, str] = {}
        self.repeated: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        values = dict(attrs)
        if tag == "meta" and "content" in values:
            key = values.get("property") or values.get("name")
        elif tag == "link" and values.get("rel") == "canonical":
            key, values["content"] = "canonical", values["href"]
        else:
            return
        if key in self.tags:
            self.repeated.append(key)
        self.tags[key] = values["content"]


def head_tags(client, url: str) -> dict[str, str]:
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK, url
    parser = HeadTags()
    parser.feed(response.content.decode())
    assert parser.repeated == [], url  # one description, one canonical…
    return parser.tags


@pytest.fixture
def pages(home):
    """One page of every type, each with a description of its own."""
    kit = factories.toolkit(intro="<p>The toolkit's <b>resources</b>. Second sentence.</p>")
    chapters = factories.chapter_index(intro="<p>Chapters train centers.</p>")
    chapter = factories.chapter(chapters, description="<p>The Ohio chapter.</p>")
    show = factories.podcast(description="A show about the work.")
    standard = factories.publish(
        home, StandardPage(title="Privacy", slug="privacy", intro="What the site keeps.")
    )
    return {
        "home": (home, home.lede),
        "toolkit": (kit, "The toolkit's resources. Second sentence."),
        "resource": (factories.resource(kit, summary="A guide. For teams."), "A guide. For teams."),
        "chapter index": (chapters, "Chapters train centers."),
        "chapter": (chapter, "The Ohio chapter."),
        "curriculum": (factories.curriculum(chapter, summary="Two days."), "Two days."),
        "podcast show": (show, "A show about the work."),
        "episode": (factories.episode(show, summary="An episode."), "An episode."),
        "standard page": (standard, "What the site keeps."),
    }


ENTRY_TYPES = {"resource", "curriculum", "episode"}


def test_every_page_type_has_its_description_canonical_and_card(client, pages):
    for kind, (page, description) in pages.items():
        tags = head_tags(client, page.url)
        address = f"{ROOT}{page.url}"
        assert tags["description"] == description, kind
        assert tags["canonical"] == address, kind
        assert tags["og:url"] == address, kind
        assert tags["og:title"] == page.title, kind
        assert tags["og:description"] == description, kind
        assert tags["og:type"] == ("article" if kind in ENTRY_TYPES else "website"), kind
        assert tags["og:site_name"] == "CAC Training & Resource Catalog", kind
        assert tags["twitter:card"] == "summary", kind  # no image anywhere yet
        assert tags["twitter:title"] == page.title, kind
        assert tags["twitter:description"] == description, kind
        assert "og:image" not in tags, kind


def test_the_seo_description_and_title_win(client, pages):
    resource = pages["resource"][0]
    resource.search_description = "Written for search engines."
    resource.seo_title = "A shorter title"
    resource.save_revision().publish()
    tags = head_tags(client, resource.url)
    assert tags["description"] == tags["og:description"] == "Written for search engines."
    assert tags["og:title"] == "A shorter title"


def test_a_long_summary_is_cut_at_a_sentence_end(client, home):
    first = "A first sentence that says what the entry is. " * 4
    resource = factories.resource(summary=f"{first.strip()} {'Then a very long one ' * 20}.")
    description = head_tags(client, resource.url)["description"]
    assert description == first.strip()


def test_the_canonical_address_drops_query_noise(client, pages):
    kit = pages["toolkit"][0]
    tags = head_tags(client, f"{kit.url}?utm_source=mail&page=2&sort=title&junk=%FF")
    assert tags["canonical"] == f"{ROOT}{kit.url}?page=2"
    assert head_tags(client, f"{kit.url}?page=1&fbclid=x")["canonical"] == f"{ROOT}{kit.url}"


def test_words_and_odd_digits_in_an_entrys_address_are_noise(client, pages):
    """A crafted `?q=` never becomes an entry's canonical, "Printed from" or Copy link address,
    and a page number of digits int() refuses ("²") is a 200, not a 500."""
    resource = pages["resource"][0]
    tags = head_tags(client, f"{resource.url}?q=visit+evil.example&page=%C2%B2")
    assert tags["canonical"] == f"{ROOT}{resource.url}"
    assert client.get("/search/", {"q": "screening", "page": "²"}).status_code == HTTPStatus.OK
    assert client.get("/search/", {"per_page": "²"}).status_code == HTTPStatus.OK


def test_the_canonical_address_is_the_sites_not_the_requests_host(client, pages, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "127.0.0.1"]
    resource = pages["resource"][0]
    response = client.get(resource.url, HTTP_HOST="127.0.0.1")
    assert f'<link rel="canonical" href="{ROOT}{resource.url}">' in response.content.decode()


def test_a_search_keeps_its_words_in_the_canonical_address(client, home):
    tags = head_tags(client, "/search/?q=screening&page=2&discipline=medical&utm_medium=x")
    assert tags["canonical"] == f"{ROOT}/search/?q=screening&page=2"
    assert tags["og:type"] == "website"
    assert tags["og:title"] == "screening — Search"


def test_the_default_sharing_image_is_every_pages_preview_image(client, pages):
    settings = SiteSettings.objects.create(
        site=Site.objects.get(is_default_site=True),
        organization_name="Alliance of Centers",
        sharing_image=png_image(),
    )
    image = f"{ROOT}/site-images/sharing-image/{settings.sharing_image.pk}.png"
    for kind, (page, _) in pages.items():
        if kind in ("podcast show", "episode"):
            continue
        tags = head_tags(client, page.url)
        assert tags["og:image"] == tags["twitter:image"] == image, kind
        assert tags["og:image:alt"] == "Alliance of Centers", kind
        assert tags["twitter:card"] == "summary_large_image", kind
    assert client.get(image.removeprefix(ROOT)).status_code == HTTPStatus.OK


def test_a_podcasts_cover_art_is_its_and_its_episodes_preview_image(client, pages):
    show = pages["podcast show"][0]
    show.cover_image = png_image("Cover", (1600, 1600))
    show.save_revision().publish()
    for page in (show, pages["episode"][0]):
        image = head_tags(client, page.url)["og:image"]
        assert image.startswith(f"{ROOT}/images/") and "/fill-1200x1200/" in image, page
    assert client.get(image.removeprefix(ROOT)).status_code == HTTPStatus.OK


def test_browse_and_search_pages_describe_themselves(client, home):
    SiteSettings.objects.create(
        site=Site.objects.get(is_default_site=True), description="What the catalog offers."
    )
    term = factories.topic("Housing", description="Where exploited youth can stay. More.")
    factories.resource(topics=[term])
    browse = head_tags(client, term.get_absolute_url())
    assert browse["description"] == "Where exploited youth can stay. More."
    assert browse["og:title"] == "Housing"
    assert head_tags(client, "/search/?q=x")["description"] == "What the catalog offers."
