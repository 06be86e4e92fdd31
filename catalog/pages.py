"""What each page type shows and serves beyond its own fields: its listings, calendars, feed,
related entries and structured data.

These build on the modules that query and render pages (catalog.listing, catalog.calendar,
catalog.feeds, catalog.related, catalog.structured_data), which import the models; the models
ask for them by name instead (catalog.models.page_views), and this module, imported when the
app is ready (CatalogConfig.ready), supplies each name. So imports run one way, from here down.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

from catalog.calendar import (
    calendar_response,
    offerings_in,
    split_offerings,
    upcoming,
    upcoming_trainings,
)
from catalog.conditional import conditional_response
from catalog.feeds import podcast_feed
from catalog.listing import NEWEST_FIRST, latest_entries, paginate_entries, visible_entries
from catalog.middleware import share_with_other_sites
from catalog.models import (
    CatalogEntryPage,
    ChapterIndexPage,
    ChapterPage,
    CurriculumPage,
    Discipline,
    HomePage,
    PodcastEpisodePage,
    PodcastPage,
    ResourcePage,
)
from catalog.models.chapters import SectionCalendarMixin
from catalog.models.mixins import EntryIndexMixin
from catalog.models.page_views import supplies
from catalog.related import related_entries
from catalog.safety_exit import shows_exit_this_page
from catalog.site_identity import identity_for
from catalog.structured_data import (
    course_data,
    episode_data,
    home_data,
    learning_resource_data,
    listing_data,
    series_data,
)
from catalog.templatetags.catalog_tags import own_tag_groups
from catalog.transcripts import to_webvtt

# Contexts: each a dict the page type's get_context merges into its own.


@supplies("entry")
def entry_context(entry: CatalogEntryPage, request: HttpRequest) -> dict:
    return {
        "related_entries": related_entries(entry, request),
        # Its published audiences, as its tags, related entries and the search read them.
        "exit_this_page": shows_exit_this_page(request, entry.audiences.live()),
    }


@supplies("entry_index")
def entry_index_context(index: EntryIndexMixin, request: HttpRequest) -> dict:
    """A page of the entries the index lists, newest first, and their description for
    base.html (apart from a page type's own `structured_data`)."""
    listed = index.listed_entries(visible_entries(request)).order_by(*NEWEST_FIRST)
    entries = paginate_entries(request, listed)
    return {"entries": entries, "listing_data": listing_data(index, entries, request)}


@supplies("home")
def home_context(home: HomePage, request: HttpRequest) -> dict:
    return {
        "latest_entries": latest_entries(request),
        "structured_data": home_data(identity_for(request), request),
    }


@supplies("chapter")
def chapter_context(chapter: ChapterPage, request: HttpRequest) -> dict:
    return {"upcoming_offerings": upcoming(offerings_in(chapter, request, everyone=False))}


@supplies("curriculum")
def curriculum_context(curriculum: CurriculumPage, request: HttpRequest) -> dict:
    upcoming_offerings, past = split_offerings(curriculum.offerings.all())
    return {
        "upcoming_offerings": upcoming_offerings,
        "past_offerings": past,
        "next_offering": curriculum.next_offering(upcoming_offerings),
        "structured_data": course_data(curriculum, upcoming_offerings + past, request),
    }


@supplies("podcast")
def podcast_context(show: PodcastPage, request: HttpRequest) -> dict:
    return {"structured_data": series_data(show, request)}


@supplies("episode")
def episode_context(episode: PodcastEpisodePage, request: HttpRequest, show: PodcastPage) -> dict:
    return {"structured_data": episode_data(episode, show, request)}


@supplies("resource")
def resource_context(resource: ResourcePage, request: HttpRequest) -> dict:
    # Read once for the JSON-LD and the page's tag lists (the `tag_groups` tag reuses them).
    resource.tag_groups = own_tag_groups(resource)
    return {"structured_data": learning_resource_data(resource, request)}


# Routes: each answers a RoutablePageMixin route of the page type.


@supplies("section_calendar")
def section_calendar(section: SectionCalendarMixin, request: HttpRequest) -> HttpResponse:
    return calendar_response(offerings_in(section, request), section.title, request)


@supplies("discipline_calendar")
def discipline_calendar(
    index: ChapterIndexPage, request: HttpRequest, discipline: str
) -> HttpResponse:
    term = Discipline.objects.live().filter(slug=discipline).first()
    if term is None:
        raise Http404("No such discipline.")
    offerings = offerings_in(index, request).filter(curriculum__disciplines=term)
    return calendar_response(offerings, f"{index.title}: {term.name}", request)


@supplies("curriculum_calendar")
def curriculum_calendar(curriculum: CurriculumPage, request: HttpRequest) -> HttpResponse:
    return calendar_response(curriculum.offerings.all(), curriculum.title, request)


@supplies("offering_calendar")
def offering_calendar(curriculum: CurriculumPage, request: HttpRequest, key: str) -> HttpResponse:
    """One offering as a calendar file, found by its key (never its sequential id)."""
    offering = [offering for offering in curriculum.offerings.all() if offering.key == key]
    if not offering:
        raise Http404("No such offering.")
    return calendar_response(offering, curriculum.title, request, download=True)


@supplies("transcript")
def episode_transcript(episode: PodcastEpisodePage, request: HttpRequest) -> HttpResponse:
    """The transcript as WebVTT, for podcast apps (the feed links it) and players."""
    if not episode.transcript_cues:
        raise Http404("This episode has no transcript.")
    # Wagtail checked the view restrictions before routing here: a 304 goes only to those
    # allowed to see the transcript.
    response = conditional_response(
        request,
        lambda: HttpResponse(to_webvtt(episode.cues), content_type="text/vtt; charset=utf-8"),
    )
    if episode.get_view_restrictions().exists():  # members only: for this member's browser
        response["Cross-Origin-Resource-Policy"] = "same-origin"
        patch_cache_control(response, private=True)
    else:  # players and apps on other sites fetch it (on a 304 too, or they refuse it)
        share_with_other_sites(response)
        response["Access-Control-Allow-Origin"] = "*"
    return response


# The route's whole answer is already one function of (page, request).
supplies("upcoming_trainings")(upcoming_trainings)
supplies("podcast_feed")(podcast_feed)
