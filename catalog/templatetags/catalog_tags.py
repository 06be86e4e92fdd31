"""Template tags for the site's shared pieces: navigation, taxonomy lists, feeds, JSON-LD."""

import datetime
import json
from functools import lru_cache
from typing import NamedTuple

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils.formats import localize
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from wagtail.models import Page

from catalog.addresses import page_address
from catalog.current_site import feeds_for, sections_for
from catalog.safety_exit import with_exit_mode
from catalog.structured_data import breadcrumb_data
from catalog.templatetags.packet_tags import packet_add
from catalog.templatetags.safety_exit_tags import exit_href, exit_shown
from catalog.vocabulary import TAG_GROUP_LABELS, TAXONOMY, Term

register = template.Library()


@register.inclusion_tag("includes/primary_navigation.html", takes_context=True)
def primary_navigation(context) -> dict:
    """Links to the home page's sections this visitor may see, in the editors' menu order."""
    request = context.get("request")
    if request is None:
        return {"sections": []}
    current = context.get("page")
    sections = [
        {
            "title": section.title,
            "url": section.url,
            "is_current": bool(current and current.path.startswith(section.path)),
        }
        for section in sections_for(request)
    ]
    return {"request": request, "sections": sections}


def own_tag_groups(entry) -> list[tuple[str, list]]:
    """An entry's live disciplines, audiences and topics, [(label, terms), …], read from its own
    relations: a detail page's (or a preview's, whose tags are unsaved)."""
    groups = [
        (TAG_GROUP_LABELS[kind], list(getattr(entry, field).live()))
        for kind, (_, field) in TAXONOMY.items()
    ]
    return [(label, terms) for label, terms in groups if terms]


# A result card: search, browse and every listing draw one per entry. Built here rather than by
# a template included once a card: twenty included templates were a fifth of a search page's
# time (issue 13).
ENTRY_CARD = (
    '<article class="entry-card">\n'
    '  <p class="entry-card__type">{}{}</p>\n'
    '  <h3 class="entry-card__title"{}><a href="{}">{}</a></h3>\n'
    '  <p class="entry-card__summary"{}>{}</p>\n'
    "  {}\n"
    '  <p class="entry-card__date"><time datetime="{}">{}</time></p>\n'
    "  {}\n"
    "  {}\n"
    "</article>\n"
)
MEMBERS_ONLY_BADGE = mark_safe(' <span class="badge">Members only</span>')
MOMENT = (
    '<p class="entry-card__moment">Heard at <a href="{}#t={}">{}</a> in the transcript: “{}”</p>'
)


@lru_cache(maxsize=4096)
def card_dates(published: datetime.date, language: str | None) -> tuple[str, str]:
    """A card's date as `<time datetime>` and as shown ("March 7, 2025"), worked out once per
    process and language: Django's date format took a quarter of a card's time (measured)."""
    return date_filter(published, "Y-m-d"), date_filter(published, "F j, Y")


@register.simple_tag(takes_context=True)
def entry_card(context, entry) -> SafeString:
    """An entry's card: its type (and "Members only"), title (highlighted in a search), summary,
    the transcript moment a search found, date, tags and "Add to packet". Its links carry "Exit
    this page"'s mode as `exit_href` makes them."""
    lang = format_html(' lang="{}"', entry.content_lang) if entry.content_lang else ""
    # Its address, worked out once for the title's link and "Add to packet": Wagtail's get_url
    # reverses a URL on every call.
    request = getattr(context, "request", None) or context.get("request")
    address = entry.get_url(request=request) or ""
    href = exit_href(context, address)
    moment = getattr(entry, "moment", None)
    found = format_html(MOMENT, href, moment.second, moment.label, moment.text) if moment else ""
    machine_date, shown_date = card_dates(entry.publication_date, get_language())
    return format_html(
        ENTRY_CARD,
        entry.type_label,
        MEMBERS_ONLY_BADGE if getattr(entry, "is_members_only", False) else "",
        lang,
        href,
        getattr(entry, "highlighted_title", "") or entry.title,
        lang,
        getattr(entry, "highlighted_summary", "") or entry.summary,
        found,
        machine_date,
        shown_date,
        tag_groups(context, entry),
        packet_add(context, entry, address=address),
    )


TAG_GROUP = '<div>\n  <dt>{}</dt>\n  <dd><ul class="tags">{}</ul></dd>\n</div>'
TAG = '<li><a href="{}">{}</a></li>'


@lru_cache(maxsize=4096)
def term_tag(term: Term, exit_shown: bool) -> SafeString:
    """A listed term's link in a card's tag list, drawn once per process: a page of twenty
    cards shows about 150 such links, most of them the same few terms. A `Term` is equal only
    to one with the same name and address, so a renamed term is drawn anew."""
    return format_html(TAG, with_exit_mode(term.url, None, exit_shown), term.name)


@register.simple_tag(takes_context=True)
def tag_groups(context, entry) -> SafeString | str:
    """An entry's disciplines, audiences and topics as links to their browse pages (each link
    as `exit_href` makes it). Built here rather than by a template included once a card: a
    page of twenty cards drew it twenty times (1.5 ms of a 30 ms page, measured).

    Listings attach `tag_groups` in one query for the whole page, and so may a detail page's
    context; otherwise the entry's own relations are read.
    """
    groups = getattr(entry, "tag_groups", None)
    if groups is None:
        groups = own_tag_groups(entry)
    if not groups:
        return ""

    shown = exit_shown(context)

    def group(label: str, terms) -> SafeString:
        if all(isinstance(term, Term) for term in terms):  # a listing's: drawn once per process
            return listed_group(label, tuple(terms), shown)
        links = ((exit_href(context, term.get_absolute_url()), term.name) for term in terms)
        return format_html(TAG_GROUP, label, format_html_join("", TAG, links))

    rows = format_html_join("\n", "{}", ((group(label, terms),) for label, terms in groups))
    return format_html('<dl class="tag-groups">\n{}\n</dl>', rows)


@lru_cache(maxsize=4096)
def listed_group(label: str, terms: tuple[Term, ...], exit_shown: bool) -> SafeString:
    """One vocabulary's terms on a listing's card, drawn once per process for each set of terms
    (cards share them: a page of twenty shows a few dozen distinct sets at most)."""
    links = format_html_join("", "{}", ((term_tag(term, exit_shown),) for term in terms))
    return format_html(TAG_GROUP, label, links)


FACET_OPTION = (
    '<li class="facet__option">\n'
    '  <input type="checkbox" id="facet-{0}" name="{1}" value="{2}"{3}>\n'
    '  <label for="facet-{0}">{4} <span class="facet__count{5}">{6}'
    '<span class="visually-hidden"> {7}</span></span></label>\n'
    "</li>"
)


@register.simple_tag
def facet_options(group, options) -> SafeString:
    """The checkboxes of some of a facet's values, each with its count, or, beside a choice in
    the same facet, "+N" for the results ticking it adds. Built here rather than by a template
    included once a value: a search page has about sixty of them."""

    def parts(option):
        adds = option.adds is not None and not option.selected
        number = option.adds if adds else option.count
        more = "more " if adds else ""
        return (
            option.input_id, group.name, option.value, " checked" if option.selected else "",
            option.label, " facet__count--adds" if adds else "",
            ("+" if adds else "") + localize(number),
            f"{more}result{'' if number == 1 else 's'}",
        )  # fmt: skip

    return format_html_join("", FACET_OPTION, (parts(option) for option in options))


class Crumb(NamedTuple):
    """One step of the breadcrumb: the name it shows and the page it links to."""

    name: str
    page: Page


@register.simple_tag
def breadcrumb_trail(page: Page) -> list[Crumb]:
    """The way from Home down to `page`, as the breadcrumb names it (one query). The tree's
    root, above Home, is no place to go, nor is an unpublished section above a live page (its
    address is a 404, its title a draft's)."""
    ancestors = page.get_ancestors().filter(depth__gt=1, live=True)
    trail = [Crumb("Home" if above.depth == 2 else above.title, above) for above in ancestors]
    return [*trail, Crumb(page.title, page)]


@register.simple_tag(takes_context=True)
def breadcrumb_structured_data(context, trail: list[Crumb]) -> SafeString | str:
    """The breadcrumb's own steps as a BreadcrumbList, on the site's own address."""
    request = context.get("request")
    if request is None:
        return ""
    return structured_data(
        breadcrumb_data([(crumb.name, page_address(request, crumb.page)) for crumb in trail])
    )


@register.inclusion_tag("includes/feed_links.html", takes_context=True)
def feed_links(context) -> dict:
    """`<link rel="alternate">` to each public podcast's feed, for browsers and podcast apps."""
    request = context.get("request")
    return {"request": request, "shows": feeds_for(request) if request is not None else ()}


# JSON-LD sits in a <script> element: these characters must not end it or open markup there.
JSON_IN_SCRIPT = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.simple_tag
def structured_data(data: dict | list[dict] | None) -> SafeString | str:
    """A schema.org description (or a list of them) as a JSON-LD block: data, not script, so
    CSP does not run it."""
    if not data:
        return ""
    text = json.dumps(data, ensure_ascii=False).translate(JSON_IN_SCRIPT)
    # Safe: JSON whose <, > and & are \\u escapes cannot close the element or add markup.
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308
