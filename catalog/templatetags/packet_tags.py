"""The trainer's packet controls in page templates (issue 16, catalog.packet).

`{% packet_add entry %}` is "Add to packet" for one entry and `{% packet_link %}` the header's
link; both render nothing where the packet must not appear: on a page that shows "Exit this
page" (a reader at risk keeps no trace in this browser's storage), and, for an entry, where the
packet could not show it to this visitor (a draft in preview, a password-protected page).
"""

from django import template
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from catalog.privacy import visibility_for
from catalog.safety_exit import exit_mode

register = template.Library()


def _request(context) -> HttpRequest | None:
    return getattr(context, "request", None) or context.get("request")


def packet_offered(context) -> bool:
    """Whether this page may offer the packet: not where "Exit this page" shows."""
    return not (bool(context.get("exit_this_page")) or exit_mode(_request(context)))


def packet_can_show(request: HttpRequest | None, entry) -> bool:
    """Whether the packet page would show `entry` to this visitor: live, and in no section closed
    to them (a password-protected one is closed to everyone: catalog.privacy)."""
    if not getattr(entry, "live", True):
        return False
    hidden = visibility_for(request).hidden_sections
    return not any(entry.path.startswith(section) for section in hidden)


# Without JavaScript a link to a packet of this entry alone; packet.js makes it a toggle
# (aria-pressed) that keeps the packet in this browser. Built here, not by a template: a search
# page draws one for each of its cards.
PACKET_ADD = (
    '<p class="packet-control screen-only"><a class="packet-add" href="{0}?e={1}" '
    'data-packet-id="{1}" data-packet-title="{2}" data-packet-url="{3}">Add to packet'
    '<span class="visually-hidden">: {2}</span></a></p>'
)


def packet_url(context) -> str:
    """The packet page's address, reversed once for a whole page of cards."""
    render_context = getattr(context, "render_context", None)
    if render_context is None:
        return reverse("packet")
    if "packet_url" not in render_context:
        render_context["packet_url"] = reverse("packet")
    return render_context["packet_url"]


@register.simple_tag(takes_context=True)
def packet_add(
    context, entry, served: bool = False, address: str | None = None
) -> SafeString | str:
    """ "Add to packet" for `entry`. `served`: `entry` is the page being served, which may be
    one the packet never shows (a card comes from the index or a listing, which list only
    entries the visitor may see). `address`: the entry's URL, where the caller has it."""
    request = _request(context)
    if entry.pk is None:  # a preview of a page never saved: nothing the packet could open
        return ""
    if not packet_offered(context) or (served and not packet_can_show(request, entry)):
        return ""
    if address is None:
        address = entry.get_url(request=request) or ""
    return format_html(PACKET_ADD, packet_url(context), int(entry.pk), entry.title, address)


@register.simple_tag(takes_context=True)
def packet_link(context) -> SafeString | str:
    """The header's link to the packet, with the count packet.js fills in."""
    if not packet_offered(context):
        return ""
    return render_to_string("includes/packet_link.html", {}, request=_request(context))
