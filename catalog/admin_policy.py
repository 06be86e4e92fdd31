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

Drop the first once Wagtail's widgets start without inline code (tests/browser/ will say).
"""

from functools import update_wrapper, wraps

from csp.constants import HEADER
from django.urls import URLResolver

from catalog.staff import is_staff

RENDERS_PAGE_CONTENT = ("preview", "view_draft", "revisions_view")
# Shown to people who are not (yet) signed in as staff: strict whoever asks.
ALWAYS_STRICT = {"wagtailadmin_login"}
INLINE_SCRIPTS = {"script-src": ["'unsafe-inline'"]}
FRAMED_BY_THE_SITE = {"frame-ancestors": ["'self'"]}


def inline_scripts_for_signed_in_staff(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if is_staff(request.user):
            response._csp_update = INLINE_SCRIPTS  # what django-csp's @csp_update sets
        return response

    return wrapped


def framed_by_the_site(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        # Wagtail renders the page through the whole middleware chain, which already gave it the
        # site's policy (frame-ancestors 'none'); the admin's, set on the way out, replaces it.
        if HEADER in response:
            del response[HEADER]
        response._csp_replace = FRAMED_BY_THE_SITE  # what django-csp's @csp_replace sets
        return response

    return wrapped


def apply_admin_policy(patterns: list) -> list:
    """Wrap every admin view (in place, recursively) with its exception to the policy."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            apply_admin_policy(pattern.url_patterns)
            continue
        if pattern.name in ALWAYS_STRICT:
            continue
        if any(word in (pattern.name or "") for word in RENDERS_PAGE_CONTENT):
            decorated = framed_by_the_site(pattern.callback)
        else:
            decorated = inline_scripts_for_signed_in_staff(pattern.callback)
        pattern.callback = update_wrapper(decorated, pattern.callback)
    return patterns
