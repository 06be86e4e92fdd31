"""The sitemap: an index at /sitemap.xml (the address robots.txt gives) and its pages.

At 24,000 entries one sitemap of every page took 3.8 s and 2 MB to write, for anyone who asked.
Now /sitemap.xml is a sitemap index naming pages of at most SITEMAP_PAGE_SIZE addresses each
(`sitemap-pages.xml`, `?p=2`, …), on Wagtail's sitemap and Django's pagination; each is one
query for its rows with no per-type (`specific()`) queries. Every address is on the site's own
address (catalog.addresses). Anonymous requests are answered from the cache until the catalog
changes (catalog.search.cache), and a crawler that already holds the current index or page gets
`304` (catalog.conditional).
Live, public pages only, whoever asks (catalog.privacy.public_pages).
"""

from urllib.parse import quote
from xml.sax.saxutils import escape

from django.contrib.sites.requests import RequestSite
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import Max
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.http import RFC3986_SUBDELIMS
from django.views.decorators.http import require_safe
from wagtail.contrib.sitemaps.sitemap_generator import Sitemap
from wagtail.models import Page, Site
from wagtail.query import PageQuerySet

from catalog.addresses import absolute_url
from catalog.conditional import conditional_response
from catalog.privacy import public_pages
from catalog.search.cache import QueryParameters, cached_response

# The protocol allows 50,000 addresses a page; 10,000 keeps a page near 1 MB, quick to send.
SITEMAP_PAGE_SIZE = 10_000
SECTION = "pages"
URLSET_START = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
)
SITEMAP_INDEX_START = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
)
NOT_FOR_SEARCH_RESULTS = "noindex, noodp, noarchive"  # as Django's sitemap views say
# What Django's `reverse` leaves unquoted in a path (django.urls.resolvers).
PATH_SAFE = RFC3986_SUBDELIMS + "/~:@"
# Only the page number counts: any other parameter finds the same cached page.
PAGE_NUMBER = QueryParameters(single=("p",))


class CatalogSitemap(Sitemap):
    """Every live, public page of the visitor's site, in tree order.

    Each page is one row of three columns, its address made as Wagtail's `get_url_parts` makes
    it (the first site root above it, then the `wagtail_serve` route), without building a page
    object or reversing the route per page: at 10,000 addresses that took seconds. No page type
    of ours changes how its address is made or what it lists (`get_sitemap_urls`);
    tests/test_anonymous_cost.py checks every address against `get_full_url()`.
    """

    limit = SITEMAP_PAGE_SIZE

    def items(self) -> PageQuerySet:
        root = self.get_wagtail_site().root_page
        pages = Page.objects.descendant_of(root, inclusive=True)
        return (
            public_pages(pages, self.request)
            .order_by("path")
            .values_list("url_path", "last_published_at", "latest_revision_created_at")
        )

    def get_latest_lastmod(self):
        """The newest publication, in one query (Django's default reads every item)."""
        return self.items().aggregate(latest=Max("last_published_at"))["latest"]

    def _urls(self, page, protocol, domain) -> list[dict]:
        """Replaces Wagtail's, which asks each page object for its `get_sitemap_urls()`."""
        site_roots = Site.get_site_root_paths()
        serve_prefix = reverse("wagtail_serve", args=("",))
        urls = []
        for url_path, published, revised in self.paginator.page(page).object_list:
            root = next((r for r in site_roots if url_path.startswith(r.root_path)), None)
            if root is None:  # under no site: not routable, as Wagtail says (no URL)
                continue
            relative = quote(url_path[len(root.root_path) :], safe=PATH_SAFE)
            urls.append({"location": root.root_url + serve_prefix + relative,
                         "lastmod": published or revised})  # fmt: skip
        return urls


SITEMAPS = {SECTION: CatalogSitemap}


@require_safe
def sitemap_index(request: HttpRequest) -> HttpResponse:
    """/sitemap.xml: the addresses of the sitemap's pages."""
    return conditional_response(
        request, lambda: cached_response(request, lambda: write_sitemap_index(request))
    )


def write_sitemap_index(request: HttpRequest) -> HttpResponse:
    """The index, written directly as the pages are: Django's index view names the sitemap's
    pages on the request's host, and the sitemap belongs on the site's own address
    (catalog.addresses), whatever name the request came by. It is dated by the catalog's last
    change (conditional_response): an unpublished or newly private page changes it too."""
    lines = [SITEMAP_INDEX_START]
    for section, sitemap_class in SITEMAPS.items():
        sitemap = sitemap_class(request)
        address = absolute_url(request, reverse("sitemap_section", kwargs={"section": section}))
        newest = sitemap.get_latest_lastmod()
        lastmod = f"<lastmod>{newest:%Y-%m-%d}</lastmod>" if newest else ""
        for page in range(1, sitemap.paginator.num_pages + 1):
            location = address if page == 1 else f"{address}?p={page}"
            lines.append(f"<sitemap><loc>{escape(location)}</loc>{lastmod}</sitemap>")
    lines.append("</sitemapindex>\n")
    response = HttpResponse("\n".join(lines), content_type="application/xml")
    response["X-Robots-Tag"] = NOT_FOR_SEARCH_RESULTS
    return response


@require_safe
def sitemap_section(request: HttpRequest, section: str) -> HttpResponse:
    """One page of the sitemap (`?p=` numbers them; a missing page or section is a 404)."""
    if section not in SITEMAPS:
        raise Http404("No such sitemap.")
    return conditional_response(
        request, lambda: cached_response(request, lambda: write_sitemap_page(request), PAGE_NUMBER)
    )


def write_sitemap_page(request: HttpRequest) -> HttpResponse:
    """The page's XML, written directly: Django's sitemap template took most of a second per
    thousand addresses; the page is the same `urlset` (no priorities or alternates to show)."""
    sitemap = CatalogSitemap(request)
    try:
        page = request.GET.get("p", 1)
        urls = sitemap.get_urls(page=page, site=RequestSite(request), protocol=request.scheme)
    except (EmptyPage, PageNotAnInteger) as error:
        raise Http404("No such sitemap page.") from error
    lines = [URLSET_START]
    for url in urls:
        lastmod = f"<lastmod>{url['lastmod']:%Y-%m-%d}</lastmod>" if url.get("lastmod") else ""
        lines.append(f"<url><loc>{escape(url['location'])}</loc>{lastmod}</url>")
    lines.append("</urlset>\n")
    response = HttpResponse("\n".join(lines), content_type="application/xml")
    response["X-Robots-Tag"] = NOT_FOR_SEARCH_RESULTS
    return response
