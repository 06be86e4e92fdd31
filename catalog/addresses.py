"""The site's one address, for everything that leaves it with a full URL.

Feeds, calendars, the sitemap, structured data, link previews and printed pages name the
site's own address, the default Wagtail Site's root URL (`manage.py set_site_address` sets it
from WAGTAILADMIN_BASE_URL), whatever Host a request came with: a proxy's internal name or a
typo'd alias never ends up in a podcast app or a search engine.
"""

from urllib.parse import urlsplit

from django.http import HttpRequest

from catalog.current_site import site_for


def root_url(request: HttpRequest) -> str:
    """The site's own address (its Site's root URL, no trailing slash)."""
    site = site_for(request)
    return site.root_url if site else request.build_absolute_uri("/").rstrip("/")


def absolute_url(request: HttpRequest, path: str) -> str:
    """`path` (from the site's root, e.g. "/search/") on the site's own address; an address
    that already names its host (hosted audio, a page of another Site) is kept as it is."""
    if urlsplit(path).scheme or path.startswith("//"):
        return path
    return f"{root_url(request)}{path}"


def page_address(request: HttpRequest, page) -> str:
    """A page's full address on the site's own address."""
    return absolute_url(request, page.get_url(request))
