"""Response headers Django does not set itself."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


def policy_headers(get_response: Callable) -> Callable:
    """`Permissions-Policy` on every response: the browser features no page of ours may use;
    and `Cross-Origin-Resource-Policy`: no other site may embed what we serve."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Resource-Policy", settings.CROSS_ORIGIN_RESOURCE_POLICY)
        return response

    return middleware
