"""The Wagtail Site serving a request, and the links every page's `<head>` and header carry
(each public podcast's feed, the home page's sections), kept in each process for the newest
content version, as catalog.vocabulary keeps the terms; `kept_for_site` keeps other such values
the same way (the site's identity, catalog.site_identity).

Wagtail looks the Site up once per request (a query that builds its root page, 2.1 ms here), and
the sections and feeds were two more queries: about 7 ms of a browse page's 43 ms, measured in
one process at 100,000 entries (issue 13). Sites, publishing, unpublishing, moving and deleting
pages, and view restrictions move the content version on (catalog.search.cache), so a process
never reads a stale one again; a request reads the version once, and shares it with the other
readers.

Wagtail keeps its own lookups on the request (`_wagtail_site`, `_wagtail_cached_site_root_paths`):
`site_for` sets both, so Wagtail's `get_url` and settings read the same Site without a query.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar, cast

from django.http import HttpRequest
from django.utils.translation import get_language
from wagtail.contrib.routable_page.templatetags.wagtailroutablepage_tags import routablepageurl
from wagtail.models import Site
from wagtail.views import serve

from catalog.models import PodcastPage
from catalog.privacy import visibility_for
from catalog.search.cache import request_version

_KEPT = 16  # hosts (and languages) kept at once: ALLOWED_HOSTS bounds them
T = TypeVar("T")


@dataclass(frozen=True)
class Section:
    """A section of the home page in the header's menu."""

    path: str  # its tree path: the sections a visitor may not see are closed by path
    title: str
    url: str


@dataclass(frozen=True)
class Feed:
    """A public podcast's feed, for `<link rel="alternate">`."""

    title: str
    url: str


@dataclass
class _Kept:
    version: int
    site: Site | None
    root_paths: list
    values: dict[str, object] = field(default_factory=dict)  # kept_for_site's, by name


_kept: dict[tuple[str, int | str, str | None], _Kept] = {}


def _kept_for(request: HttpRequest) -> _Kept:
    version = request_version(request)
    key = (request.get_host(), request.get_port(), get_language())
    kept = _kept.get(key)
    if kept is None or kept.version != version:
        # Wagtail's own lookups, which keep their answers on the request.
        site = Site.find_for_request(request)
        kept = _Kept(version, site, Site.get_site_root_paths())
        if len(_kept) >= _KEPT or any(other.version != version for other in _kept.values()):
            _kept.clear()
        _kept[key] = kept
    return kept


def site_for(request: HttpRequest) -> Site | None:
    """The Site serving `request` (Wagtail's `Site.find_for_request`), without a query when
    this process found it already for the same host, port and content version."""
    if hasattr(request, "_wagtail_site"):  # found for this request already
        return request._wagtail_site
    kept = _kept_for(request)
    request._wagtail_site = kept.site  # type: ignore[attr-defined]
    request._wagtail_cached_site_root_paths = kept.root_paths  # type: ignore[attr-defined]
    return kept.site


def kept_for_site(request: HttpRequest, name: str, build: Callable[[], T]) -> T:
    """`build()`, kept by this process under `name` with the Site serving `request` until the
    content version moves on: what every page shows of the site, the same for every visitor."""
    kept = _kept_for(request)
    if name not in kept.values:
        kept.values[name] = build()
    return cast(T, kept.values[name])


def sections_for(request: HttpRequest) -> list[Section]:
    """The home page's sections in the menu, in the editors' order, that this visitor may see."""
    site = site_for(request)
    if site is None:
        return []

    def sections() -> tuple[Section, ...]:
        pages = site.root_page.get_children().live().in_menu().only("path", "title", "url_path")
        return tuple(Section(p.path, p.title, p.get_url(request) or "") for p in pages)

    hidden = visibility_for(request).hidden_sections
    return [
        section
        for section in kept_for_site(request, "sections", sections)
        if not any(section.path.startswith(closed) for closed in hidden)
    ]


def feeds_for(request: HttpRequest) -> tuple[Feed, ...]:
    """Each public podcast's feed, in tree order (the same for every visitor)."""
    if site_for(request) is None:
        return ()

    def feeds() -> tuple[Feed, ...]:
        shows = visibility_for(request).for_everyone().apply(PodcastPage.objects.order_by("path"))
        return tuple(
            Feed(show.title, routablepageurl({"request": request}, show, "feed"))
            for show in shows.only("title", "url_path", "path")
        )

    return kept_for_site(request, "feeds", feeds)


class KnownSiteMiddleware:
    """Pages Wagtail serves find their Site through `site_for`: Wagtail's `serve` looks it up
    first thing, before any code of ours runs."""

    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view, args, kwargs) -> None:
        if view is serve:
            site_for(request)
