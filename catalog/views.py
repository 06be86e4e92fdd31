"""Views outside the page tree and the search: the liveness check, robots.txt, and the signed
image renditions (the podcast's cover art)."""

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from wagtail.images.views.serve import ServeView

from catalog.addresses import absolute_url
from catalog.middleware import share_with_other_sites
from catalog.models import PodcastPage
from catalog.privacy import public_pages


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


class RenditionView(ServeView):
    """Wagtail's view of signed image renditions, which serves the podcast's cover art (the
    feed's `itunes:image`, link previews): a public show's cover may be shown by a web player on
    another site. Any other image keeps the site's `same-origin`."""

    def serve(self, rendition) -> HttpResponse:
        response = super().serve(rendition)
        covers = PodcastPage.objects.filter(cover_image_id=rendition.image_id)
        if public_pages(covers, self.request).exists():
            share_with_other_sites(response)
        return response
