"""Template tags for what every page carries of the site itself: its link preview."""

from django import template

from catalog.link_previews import link_preview as preview_of

register = template.Library()


@register.inclusion_tag("includes/link_preview.html", takes_context=True)
def link_preview(context) -> dict:
    """The meta description, canonical link and Open Graph and Twitter card tags."""
    return {"preview": preview_of(context)}
