"""Template tags for the site's shared pieces: navigation and taxonomy lists."""

from django import template
from wagtail.models import Site

from catalog.privacy import visibility_for

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
                ("Disciplines", list(entry.disciplines.all())),
                ("Audiences", list(entry.audiences.all())),
                ("Topics", list(entry.topics.all())),
            )
            if terms
        ]
    return {"groups": groups}
