"""The plain 503 page every request gets while the database (or the shared cache, or the media
bucket) cannot be reached.

Django turns an exception into a response at every middleware layer
(`convert_exception_to_response`), through the URLconf's `handler500`. So one handler covers a
failure anywhere: in a view, in a middleware on the way in (a session or the signed-in user
read from the database, the transaction around a POST) or on the way out (a session saved, the
redirects middleware looking up a 404), and in the rendering of a 404 page. For a database
connection error it answers 503, "try again in a few minutes", with `Retry-After`; anything
else keeps the plain 500 page.

The 503 page is rendered without the request, so no context processor runs (the site's
identity and settings come from the database or a cache kept there), and reads no session:
rendering it cannot fail the same way. If it fails anyway, a fixed text answers.

Recovery needs nothing from here: a connection that failed is dropped (CONN_HEALTH_CHECKS and
Django's end-of-request clean-up), and the next request connects again.
"""

import logging
import sys

from botocore.exceptions import BotoCoreError
from django.contrib.auth.models import AnonymousUser
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.views import defaults

from catalog.cache_backends import CACHE_UNAVAILABLE

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
TEMPLATE = "503.html"
# If even the template cannot be rendered: no traceback, no detail, still a page.
FALLBACK = (
    "<!DOCTYPE html><html lang=en><title>Temporarily unavailable</title>"
    "<h1>The catalog is temporarily unavailable</h1>"
    "<p>Please try again in a few minutes.</p></html>"
)
# Failing to connect, or a connection lost or closed under a query: to the database, to the
# shared cache when a change's invalidation cannot be recorded (catalog.cache_backends), or to
# the media bucket (MEDIA_STORAGE=s3: a rendition or the site's logo read from it).
CONNECTION_ERRORS: tuple[type[Exception], ...] = (
    OperationalError,
    InterfaceError,
    *CACHE_UNAVAILABLE,
    BotoCoreError,
)


def is_database_outage(exc: BaseException | None) -> bool:
    """Whether `exc`, or an exception it was raised from or while handling, is a database
    connection error (a library may turn one into an error of its own)."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, CONNECTION_ERRORS):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def unavailable() -> HttpResponse:
    """The 503 page, never stored by a cache: the next visit should find the site back."""
    try:
        body: str = loader.render_to_string(TEMPLATE)
    except Exception:
        logger.exception("The %s page could not be rendered", TEMPLATE)
        body = FALLBACK
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: the 503 page for a database outage, Django's plain 500 page otherwise."""
    if is_database_outage(sys.exc_info()[1]):
        forget_the_visitor(request)
        return unavailable()
    return defaults.server_error(request)


def forget_the_visitor(request: HttpRequest) -> None:
    """Treat the visitor as anonymous for the rest of this request. The signed-in user is read
    from the database when first asked for, and asked for again on the way out (the staff idle
    timeout, catalog.middleware.personal_responses): a failed read is not remembered, so each
    would try to connect again, and a database that never answers would cost a connect timeout
    each. The session itself is left alone: its cookie stays, and it is not saved."""
    request.user = AnonymousUser()
