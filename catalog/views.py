"""Views outside the page tree and the search: the liveness check."""

from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@require_GET
@never_cache
def health(request: HttpRequest) -> HttpResponse:
    """Liveness for a load balancer: the app answers. Touches no database, session or template,
    which also makes it the floor the search benchmark compares pages against."""
    return HttpResponse("ok\n", content_type="text/plain")
