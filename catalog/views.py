"""Views outside the page tree and the search: the liveness check and robots.txt."""

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from catalog.addresses import absolute_url


@require_safe  # GET and HEAD (monitors check with HEAD)
@never_cache
def health(request: HttpRequest) -> HttpResponse:
    """Liveness for a load balancer: the app answers. Touches no database, session or template,
    which also makes it the floor the search benchmark compares pages against."""
    return HttpResponse("ok\n", content_type="text/plain")


@require_safe
def robots(request: HttpRequest) -> HttpResponse:
    """Crawlers may read the public catalog; the admin and sign-in pages are not for them."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /_util/",
        f"Sitemap: {absolute_url(request, reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
