"""The admin's Content Security Policy: the site's own, with two exceptions Wagtail 8 needs.

1. Wagtail starts some widgets with an inline script in the form: `new DocumentChooser(…)`,
   `initDateChooser(…)`, inline panels. Refused, the document chooser never opens and an editor
   cannot attach or change a resource's file. So `script-src` adds `'unsafe-inline'`, only in
   responses to staff (users who may open the admin, catalog.staff): never to a visitor or a
   signed-in member who asks for an admin address, never on the sign-in page (strict for
   everyone, signed in or not), and never in the views that render a page's own content
   (previews, drafts, revisions), where stored content could carry a script. Every script,
   style and request still comes from the site itself.
2. The live preview shows the page in a frame of the admin itself: those views may be framed by
   the site (`frame-ancestors 'self'`, as Wagtail's X-Frame-Options: SAMEORIGIN there says),
   never by another. Every other admin page keeps `frame-ancestors 'none'`.

Both come from `AdminPolicyMiddleware`, django-csp's middleware with its documented hook,
`get_policy_parts()`, overridden (settings.MIDDLEWARE names it): it reads which admin view
answered from the request's URL match. Only views that answer count: one that raises (a 404, a
refused permission) gets the site's policy, as does any address outside the admin.

Drop the first once Wagtail's widgets start without inline code (tests/browser/ will say).
"""

from enum import Enum

from csp.constants import HEADER
from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import DIRECTIVES_T
from django.http import HttpRequest, HttpResponseBase
from django.urls import reverse

from catalog.staff import is_staff

RENDERS_PAGE_CONTENT = ("preview", "view_draft", "revisions_view")
# Shown to people who are not (yet) signed in as staff: strict whoever asks.
ALWAYS_STRICT = {"wagtailadmin_login"}
INLINE_SCRIPTS = {"script-src": ["'unsafe-inline'"]}
FRAMED_BY_THE_SITE = {"frame-ancestors": ["'self'"]}
# Set on the request when the view raised, so its error page keeps the site's policy.
_VIEW_RAISED = "_catalog_admin_view_raised"


class AdminException(Enum):
    """Which of the two exceptions an admin view has."""

    INLINE_SCRIPTS = "inline scripts, for staff"
    FRAMED_BY_THE_SITE = "framed by the site"


def admin_exception(request: HttpRequest) -> AdminException | None:
    """The exception the admin view that answered `request` has; None outside the admin, on
    the sign-in page, or when no view answered."""
    match = request.resolver_match
    if match is None or getattr(request, _VIEW_RAISED, False):
        return None
    if not request.path_info.startswith(reverse("wagtailadmin_home")):
        return None
    name = match.url_name or ""
    if name in ALWAYS_STRICT:
        return None
    if any(word in name for word in RENDERS_PAGE_CONTENT):
        return AdminException.FRAMED_BY_THE_SITE
    return AdminException.INLINE_SCRIPTS


def _with(directives: DIRECTIVES_T | None, extra: dict[str, list[str]]) -> DIRECTIVES_T:
    """`directives` with `extra`'s sources added to each of its directives."""
    merged = dict(directives or {})
    for directive, sources in extra.items():
        merged[directive] = [*(merged.get(directive) or []), *sources]
    return merged


class AdminPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, giving admin views their exception to the site's policy."""

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        setattr(request, _VIEW_RAISED, True)  # the error page is not the view's own answer

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if admin_exception(request) is AdminException.FRAMED_BY_THE_SITE and HEADER in response:
            # Wagtail renders the page through the whole middleware chain, which already gave
            # it the site's policy (frame-ancestors 'none'); the admin's replaces it.
            del response[HEADER]
        return super().process_response(request, response)

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if report_only:  # the site sends no report-only policy
            return parts
        exception = admin_exception(request)
        if exception is AdminException.FRAMED_BY_THE_SITE:
            parts.replace = {**(parts.replace or {}), **FRAMED_BY_THE_SITE}
        elif exception is AdminException.INLINE_SCRIPTS and is_staff(request.user):
            parts.update = _with(parts.update, INLINE_SCRIPTS)
        return parts
