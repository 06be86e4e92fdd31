"""What a link to one of our pages shows when pasted into an email, a chat or a search result:
the meta description, the canonical address and the Open Graph and Twitter card tags.

Every value comes from what the page already has (its SEO description, else its summary or
introduction), the site settings (catalog.site_identity) and the Site's root URL, so a preview
costs no query beyond a podcast's cover art.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest
from wagtail.images.views.serve import generate_image_url
from wagtail.models import Page

from catalog.addresses import root_url
from catalog.models.base import CatalogEntryPage
from catalog.sentences import whole_sentences
from catalog.site_identity import SiteIdentity

DESCRIPTION_CHARACTERS = 300
# The fields, in order, whose text describes a page when its SEO description is empty.
DESCRIBING_FIELDS = ("summary", "intro", "description", "lede")
# Podcast cover art is square; previews show it whole.
COVER_FILTER = "fill-1200x1200"


@dataclass(frozen=True)
class LinkPreview:
    """The values of one page's description, canonical address and card tags."""

    title: str
    description: str
    canonical_url: str
    type: str
    site_name: str
    image_url: str = ""
    image_alt: str = ""


def page_description(page: Page) -> str:
    """The page's SEO description, else the first of its describing fields that has text, in
    whole sentences."""
    if page.search_description:
        return page.search_description
    for name in DESCRIBING_FIELDS:
        text = whole_sentences(getattr(page, name, ""), DESCRIPTION_CHARACTERS)
        if text:
            return text
    return ""


# The pages whose words (?q=) choose what they list; on any other page the words are noise.
LISTS_BY_QUERY = {"search", "browse"}


def canonical_url(request: HttpRequest) -> str:
    """This address without query noise: the path, a page number beyond the first, and on the
    search and browse pages (whose lists the words choose) the words."""
    kept = []
    match = getattr(request, "resolver_match", None)
    if match is not None and match.url_name in LISTS_BY_QUERY:
        words = " ".join(request.GET.get("q", "").split())[:200]
        kept = [("q", words)] if words else []
    number = request.GET.get("page", "")
    # isascii: "²" is a digit to str.isdigit, not to int().
    if number.isascii() and number.isdigit() and int(number) > 1:
        kept.append(("page", number))
    query = f"?{urlencode(kept)}" if kept else ""
    return f"{root_url(request)}{request.path}{query}"


def cover_image(page: Page, context: dict):
    """A podcast's cover art, for the show and its episodes (whose context carries the show)."""
    show = context.get("show") or page
    if getattr(show, "cover_image_id", None):
        return show.cover_image
    return None


def image_url(request: HttpRequest, page: Page | None, context: dict, identity: SiteIdentity):
    """(absolute address, text alternative) of the page's own image, else the sharing image."""
    cover = cover_image(page, context) if page is not None else None
    if cover is not None:
        return f"{root_url(request)}{generate_image_url(cover, COVER_FILTER)}", cover.title
    if identity.sharing_image:
        return f"{root_url(request)}{identity.sharing_image.url}", identity.organization_name
    return "", ""


def link_preview(context: dict) -> LinkPreview | None:
    """The preview of the page a template renders; None outside a request."""
    request = context.get("request")
    identity = context.get("site_identity")
    if request is None or identity is None:
        return None
    page = context.get("page") if isinstance(context.get("page"), Page) else None
    term = context.get("term")  # a browse page's discipline, audience or topic
    if page is not None:
        title, description = page.seo_title or page.title, page_description(page)
    elif term is not None:
        title = term.name
        description = whole_sentences(term.description, DESCRIPTION_CHARACTERS)
    else:  # the search page names its words, like its <title>
        words = getattr(context.get("search"), "query", "")
        title, description = (f"{words} — Search" if words else ""), ""
    image, alt = image_url(request, page, context, identity)
    return LinkPreview(
        title=title or settings.WAGTAIL_SITE_NAME,
        description=description or identity.description,
        canonical_url=canonical_url(request),
        type="article" if isinstance(page, CatalogEntryPage) else "website",
        site_name=settings.WAGTAIL_SITE_NAME,
        image_url=image,
        image_alt=alt,
    )
