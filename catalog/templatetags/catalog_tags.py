"""Template tags for the site's shared pieces: navigation, taxonomy lists, feeds, JSON-LD."""

import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from wagtail.models import Site

from catalog.privacy import public_pages, visibility_for

register = template.Library()


@register.inclusion_tag("includes/primary_navigation.html", takes_context=True)
def primary_navigation(context) -> dict:
    """Links to the home page's sections this visitor may see, in the editors' menu order."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return {"sections": []}
    sections = list(visibility_for(request).apply(site.root_page.get_children().in_menu()))
    current = context.get("page")
    for section in sections:
        section.is_current = bool(current and current.path.startswith(section.path))
    return {"request": request, "sections": sections}


@register.inclusion_tag("includes/tag_groups.html")
def tag_groups(entry) -> dict:
    """An entry's disciplines, audiences and topics as links to their browse pages.

    Listings attach `tag_groups` in one query for the whole page; a detail page (or a preview,
    whose tags are unsaved) reads its own relations.
    """
    groups = getattr(entry, "tag_groups", None)
    if groups is None:
        groups = [
            (label, terms)
            for label, terms in (
                ("Disciplines", list(entry.disciplines.live())),
                ("Audiences", list(entry.audiences.live())),
                ("Topics", list(entry.topics.live())),
            )
            if terms
        ]
    return {"groups": groups}


@register.inclusion_tag("includes/feed_links.html", takes_context=True)
def feed_links(context) -> dict:
    """`<link rel="alternate">` to each public podcast's feed, for browsers and podcast apps."""
    from catalog.models import PodcastPage  # the tags load before the models are ready

    request = context.get("request")
    shows = public_pages(PodcastPage.objects.order_by("path"), request)
    return {"request": request, "shows": shows.only("title", "url_path")}


# JSON-LD sits in a <script> element: these characters must not end it or open markup there.
JSON_IN_SCRIPT = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.simple_tag
def structured_data(data: dict | None) -> SafeString | str:
    """A schema.org description as a JSON-LD block (data, not script: CSP does not run it)."""
    if not data:
        return ""
    text = json.dumps(data, ensure_ascii=False).translate(JSON_IN_SCRIPT)
    # Safe: JSON whose <, > and & are \\u escapes cannot close the element or add markup.
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308
