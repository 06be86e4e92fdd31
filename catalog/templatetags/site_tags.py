"""Template tags for what every page carries of the site itself: its link preview and the
addresses a printed or shared page spells out."""

from django import template

from catalog.addresses import root_url
from catalog.link_previews import canonical_url
from catalog.link_previews import link_preview as preview_of

register = template.Library()


@register.inclusion_tag("includes/link_preview.html", takes_context=True)
def link_preview(context) -> dict:
    """The meta description, canonical link and Open Graph and Twitter card tags."""
    return {"preview": preview_of(context)}


@register.simple_tag(takes_context=True)
def canonical_address(context) -> str:
    """This page's canonical address (the one its <link rel="canonical"> names), for the printed
    "Printed from" line and the share links; empty outside a request."""
    request = context.get("request")
    return canonical_url(request) if request is not None else ""


@register.simple_tag(takes_context=True)
def absolute_address(context, url: str) -> str:
    """A link's address in full, on the site's own root, for print (data-print-href): a path
    gets the site's root URL, an address that already names its host is kept."""
    url = str(url or "")
    request = context.get("request")
    if request is None or not url.startswith("/") or url.startswith("//"):
        return url
    return f"{root_url(request)}{url}"
