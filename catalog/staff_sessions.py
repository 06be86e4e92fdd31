"""Staff sessions end after CATALOG_STAFF_SESSION_IDLE_SECONDS without a request (8 hours by
default); members keep Django's two weeks (SESSION_COOKIE_AGE).

A staff session can publish, unpublish and unlock sign-ins: one left open on a shared computer
should not stay usable for a fortnight. Each staff request sets the session to end that long
after it, so only idleness signs staff out, never work in progress.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from catalog.staff import is_staff


def staff_idle_timeout(get_response: Callable) -> Callable:
    """Middleware, after AuthenticationMiddleware: staff sessions expire when idle."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        # After the view, so that the request that signs staff in is counted as well; the
        # session middleware, further out, saves the new expiry.
        user = getattr(request, "user", None)
        if user is not None and is_staff(user):
            request.session.set_expiry(settings.CATALOG_STAFF_SESSION_IDLE_SECONDS)
        return response

    return middleware
