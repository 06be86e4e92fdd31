"""Template tags for "Exit this page" across the caregiver journey (catalog.safety_exit).

`{% exit_href target %}` gives a page's or an address's URL carrying `exit=1` when this page
shows the control, `{% exit_mode_input %}` the hidden field that keeps it across a GET form, and
`{% exit_this_page_control %}` the control itself where it belongs. They read the request, which
inclusion tags' own contexts keep too, so no template has to pass anything down.
"""

from django import template
from django.conf import settings
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import SafeString
from wagtail.models import Page

from catalog.safety_exit import EXIT_PARAMETER, EXIT_VALUE, exit_mode, with_exit_mode

register = template.Library()


def _request(context) -> HttpRequest | None:
    return getattr(context, "request", None) or context.get("request")


def exit_shown(context) -> bool:
    """Whether this page shows "Exit this page", so that its links within the site carry it."""
    return bool(context.get("exit_this_page")) or exit_mode(_request(context))


@register.simple_tag(takes_context=True)
def exit_href(context, target: Page | str | None) -> str:
    """The URL of `target` (a page or an address) for a link on this page: with `exit=1` when
    the page shows "Exit this page" and the link stays on the site."""
    request = _request(context)
    url = target.get_url(request=request) if isinstance(target, Page) else target
    return with_exit_mode(str(url or ""), request, exit_shown(context))


@register.simple_tag(takes_context=True)
def exit_mode_input(context) -> SafeString | str:
    """A hidden `exit=1` for a GET form on a page that shows the control, else nothing."""
    if not exit_shown(context):
        return ""
    return format_html('<input type="hidden" name="{}" value="{}">', EXIT_PARAMETER, EXIT_VALUE)


@register.simple_tag(takes_context=True)
def exit_this_page_control(context) -> SafeString | str:
    """The "Exit this page" control, on a page that concerns readers at risk or was reached from
    one (`?exit=1`); nothing elsewhere."""
    if not exit_shown(context):
        return ""
    return render_to_string("includes/exit_this_page.html", {"exit_url": settings.CATALOG_EXIT_URL})
