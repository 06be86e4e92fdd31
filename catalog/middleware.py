"""Response headers Django does not set itself."""

from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.templatetags.static import static
from django.utils.cache import patch_cache_control

# The static files other sites may embed: the podcast's own cover art, which the feed names
# for a show without one, so that a web player on another site can show it. Nothing else.
SHARED_STATIC_FILES = ("img/podcast-cover.png",)


def share_with_other_sites(response: HttpResponse) -> HttpResponse:
    """Let pages on other sites embed this response (an `<audio>` or `<img>` on a web player):
    `Cross-Origin-Resource-Policy: cross-origin`, where everything else is `same-origin`.

    Only for files anyone may have anyway: a public episode's audio, the show's cover art.
    """
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


def is_shared_static_file(path: str) -> bool:
    """Whether `path` is one of SHARED_STATIC_FILES, by its plain or its content-hashed name
    (whitenoise serves both)."""
    if not path.startswith(settings.STATIC_URL):
        return False
    return any(path in (settings.STATIC_URL + name, static(name)) for name in SHARED_STATIC_FILES)


def policy_headers(get_response: Callable) -> Callable:
    """`Permissions-Policy` on every response: the browser features no page of ours may use;
    and `Cross-Origin-Resource-Policy`: no other site may embed what we serve, unless its view
    says otherwise (`share_with_other_sites`). Static files (whitenoise, below this middleware)
    have no view: SHARED_STATIC_FILES are shared here."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        if is_shared_static_file(request.path):
            share_with_other_sites(response)
        response.setdefault("Cross-Origin-Resource-Policy", settings.CROSS_ORIGIN_RESOURCE_POLICY)
        return response

    return middleware


def personal_responses(get_response: Callable) -> Callable:
    """`Cache-Control: private` on every response computed for a signed-in visitor.

    A member's search page, listing, entry page or suggestions may show members-only entries: no
    shared cache (a CDN, a proxy) may keep one and hand it to someone else. Placed before
    SessionMiddleware, so that it sees the response after the session was read: a response that
    never read the session cannot depend on who is signed in and is left as it is (it stays
    cacheable, like robots.txt and the sitemap); one that read it for an anonymous visitor
    already carries SessionMiddleware's `Vary: Cookie`, so a shared cache keeps it apart from
    members' requests. `private` joins whatever else the response says (`no-store` stays).
    """

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        session = getattr(request, "session", None)
        read_the_session = session is not None and session.accessed
        if read_the_session and getattr(request, "user", None) and request.user.is_authenticated:
            patch_cache_control(response, private=True)
        return response

    return middleware


class AtomicWritesMiddleware:
    """Every request that may change something (not GET, HEAD or OPTIONS) runs its view in one
    transaction: a page published, moved or deleted in the admin and the catalog index rows it
    rewrites (catalog.index.sync) commit together, or not at all if anything fails.

    Reading requests stay in autocommit: no BEGIN and COMMIT around a search, a cached page or
    the health check. (Django's ATOMIC_REQUESTS would wrap them all.)
    """

    READING = frozenset({"GET", "HEAD", "OPTIONS"})

    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view, args, kwargs) -> HttpResponse | None:
        if request.method in self.READING:
            return None
        with transaction.atomic():
            return view(request, *args, **kwargs)
