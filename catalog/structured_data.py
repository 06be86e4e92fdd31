"""schema.org descriptions of the site's pages (JSON-LD), for search engines and assistants.

Each description says what its page shows and no more: a members-only page is only rendered to
those allowed to see it, a listing describes only the public entries it lists, and nothing here
queries per entry. Every address is the site's own (catalog.addresses), never the Host a
request came with. The template tag `catalog_tags.structured_data` writes them into the page.
"""

from decimal import Decimal

from django.conf import settings
from django.core.paginator import Page as PaginatorPage
from django.http import HttpRequest
from django.urls import reverse

from catalog.addresses import absolute_url, page_address, root_url
from catalog.link_previews import canonical_url
from catalog.running_time import iso_duration
from catalog.vocabulary import TAG_GROUP_LABELS

absolute = page_address  # a page's full address on the site's own address

SCHEMA = "https://schema.org"


def breadcrumb_data(trail: list[tuple[str, str]]) -> dict | None:
    """The breadcrumb as a BreadcrumbList: (name, full address) from Home down to the page.
    Google wants at least two items; a shorter trail says nothing worth saying."""
    if len(trail) < 2:
        return None
    items = [
        {"@type": "ListItem", "position": position, "name": name, "item": url}
        for position, (name, url) in enumerate(trail, start=1)
    ]
    return {"@context": SCHEMA, "@type": "BreadcrumbList", "itemListElement": items}


def organization_data(identity, request: HttpRequest) -> dict:
    """The organization the site settings name (catalog.site_identity), with what the footer
    shows of it: logo, description, email, phone and postal address."""
    home = f"{root_url(request)}/"
    data = {
        "@context": SCHEMA,
        "@type": "Organization",
        "@id": f"{home}#organization",
        "name": identity.organization_name,
        "url": home,
    }
    if identity.logo:
        data["logo"] = absolute_url(request, identity.logo.url)
    shown = {
        "description": identity.description,
        "email": identity.contact_email,
        "telephone": identity.phone,
        "address": ", ".join(identity.address_lines),
    }
    data.update({key: value for key, value in shown.items() if value})
    return data


def website_data(request: HttpRequest, publisher_id: str) -> dict:
    """The catalog as a WebSite whose search engines may send a query to our search page."""
    home = f"{root_url(request)}/"
    search = absolute_url(request, reverse("search"))
    return {
        "@context": SCHEMA,
        "@type": "WebSite",
        "@id": f"{home}#website",
        "name": settings.WAGTAIL_SITE_NAME,
        "url": home,
        "inLanguage": "en",
        "publisher": {"@id": publisher_id},
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": f"{search}?q={{search_term_string}}"},
            "query-input": "required name=search_term_string",
        },
    }


def home_data(identity, request: HttpRequest) -> list[dict]:
    organization = organization_data(identity, request)
    return [organization, website_data(request, organization["@id"])]


def listing_data(index, entries: PaginatorPage, request: HttpRequest) -> dict:
    """An index page as a CollectionPage whose ItemList is the public entries of this page of
    it, in the order shown, numbered on from the page's first.

    Structured data is shared output, like the feeds (tests/test_privacy_surfaces.py): a
    member's page lists members-only entries, its description does not. The listing marked
    them already (`is_members_only`, catalog.listing), so leaving them out costs no query; an
    entry not marked is left out too.
    """
    public = [entry for entry in entries.object_list if not getattr(entry, "is_members_only", True)]
    items = [
        {
            "@type": "ListItem",
            "position": position,
            "url": page_address(request, entry),
            "name": entry.title,
        }
        for position, entry in enumerate(public, start=entries.start_index())
    ]
    return {
        "@context": SCHEMA,
        "@type": "CollectionPage",
        "name": index.title,
        "url": canonical_url(request),
        "mainEntity": {"@type": "ItemList", "itemListElement": items},
    }


def learning_resource_data(resource, request: HttpRequest) -> dict:
    """A resource as a LearningResource. Its tags come from `resource.tag_groups`, the ones the
    page shows (set once by the page's context, then read by the `tag_groups` tag too)."""
    groups = dict(getattr(resource, "tag_groups", None) or ())
    audiences = [term.name for term in groups.get(TAG_GROUP_LABELS["audience"], ())]
    topics = [term.name for term in groups.get(TAG_GROUP_LABELS["topic"], ())]
    data = {
        "@context": SCHEMA,
        "@type": "LearningResource",
        "name": resource.title,
        "description": resource.summary,
        "url": absolute(request, resource),
        "learningResourceType": resource.get_resource_type_display(),
        "inLanguage": resource.language,
        "isAccessibleForFree": not getattr(resource, "is_members_only", False),
        "datePublished": resource.publication_date.isoformat(),
    }
    if resource.publisher:
        data["publisher"] = {"@type": "Organization", "name": resource.publisher}
    if audiences:
        data["audience"] = [{"@type": "Audience", "audienceType": name} for name in audiences]
    if topics:
        data["about"] = [{"@type": "Thing", "name": name} for name in topics]
        data["keywords"] = ", ".join(topics)
    return data


def series_data(show, request: HttpRequest) -> dict:
    return {
        "@context": SCHEMA,
        "@type": "PodcastSeries",
        "name": show.title,
        "description": show.description,
        "url": absolute(request, show),
        "webFeed": absolute_url(request, show.url + show.reverse_subpage("feed")),
        "author": {"@type": "Organization", "name": show.author},
        "inLanguage": show.language,
    }


def episode_data(episode, show, request: HttpRequest) -> dict:
    data = {
        "@context": SCHEMA,
        "@type": "PodcastEpisode",
        "name": episode.title,
        "description": episode.summary,
        "url": absolute(request, episode),
        "datePublished": episode.publication_date.isoformat(),
        "inLanguage": episode.language,
        "partOfSeries": {
            "@type": "PodcastSeries",
            "name": show.title,
            "url": absolute(request, show),
        },
    }
    if episode.season is not None:
        data["partOfSeason"] = {"@type": "PodcastSeason", "seasonNumber": episode.season}
    if episode.episode_number is not None:
        data["episodeNumber"] = episode.episode_number
    if episode.duration:
        data["duration"] = iso_duration(round(episode.duration.total_seconds()))
    if episode.audio_src:
        data["associatedMedia"] = {
            "@type": "MediaObject",
            "contentUrl": absolute_url(request, episode.audio_src),
            "encodingFormat": episode.audio_type,
        }
    return data


# An offering's delivery format as schema.org's course mode and event attendance mode.
COURSE_MODES = {"in-person": "onsite", "online": "online", "hybrid": "blended"}
ATTENDANCE_MODES = {
    key: f"{SCHEMA}/{mode}EventAttendanceMode"
    for key, mode in (("in-person", "Offline"), ("online", "Online"), ("hybrid", "Mixed"))
}


def hours_duration(hours) -> str:
    return iso_duration(round(float(hours) * 3600))


def shown_registration_url(offering) -> str:
    """The registration link as the page shows it: only while the offering is open and ahead
    (includes/offering.html); a full, cancelled or past offering's link is not repeated."""
    if offering.status == "open" and not offering.is_past:
        return offering.registration_url
    return ""


def offering_location(offering, curriculum_url: str) -> dict | list[dict]:
    """Where people take part: the venue, the web (where to register, else the curriculum's
    page), or both for a hybrid offering."""
    url = shown_registration_url(offering) or curriculum_url
    online = {"@type": "VirtualLocation", "name": "Online", "url": url}
    venue = {"@type": "Place", "name": offering.venue, "address": offering.venue}
    places: dict[str, dict | list[dict]] = {
        "in-person": venue,
        "online": online,
        "hybrid": [venue, online],
    }
    return places[offering.delivery_format]


def offering_schedule(offering) -> dict:
    """The days of an offering as a schedule: once a day from the first day to the last, each
    from the offering's start time to its end time (the hours the page shows)."""
    day = offering.first_day_ends_at - offering.starts_at
    return {
        "@type": "Schedule",
        "duration": iso_duration(round(day.total_seconds())),
        "repeatFrequency": "Daily",
        "repeatCount": (offering.last_day - offering.start_date).days + 1,
        "startDate": offering.start_date.isoformat(),
        "endDate": offering.last_day.isoformat(),
    }


def course_instance(curriculum, offering, curriculum_url: str) -> dict:
    instance = {
        "@type": "CourseInstance",
        "courseMode": COURSE_MODES[offering.delivery_format],
        "eventAttendanceMode": ATTENDANCE_MODES[offering.delivery_format],
        "startDate": offering.starts_at.isoformat(),
        "endDate": offering.ends_at.isoformat(),
        "location": offering_location(offering, curriculum_url),
        "courseSchedule": offering_schedule(offering),
    }
    if curriculum.duration_hours:
        instance["courseWorkload"] = hours_duration(curriculum.duration_hours)
    if offering.is_cancelled:
        instance["eventStatus"] = f"{SCHEMA}/EventCancelled"
    if registration_url := shown_registration_url(offering):
        instance["url"] = registration_url
    return instance


def course_offer(curriculum) -> dict:
    """What a place costs, as Google's course rich result requires: `category` Free or Paid."""
    price = Decimal(curriculum.price or 0)
    amount = int(price) if price == price.to_integral_value() else float(price)
    return {
        "@type": "Offer",
        "category": "Paid" if price else "Free",
        "price": amount,
        "priceCurrency": "USD",
    }


def course_data(curriculum, offerings, request: HttpRequest) -> dict:
    """schema.org Course: the curriculum, its offerings, its price and the credit it gives."""
    chapter = curriculum.chapter
    url = absolute(request, curriculum)
    data = {
        "@context": SCHEMA,
        "@type": "Course",
        "name": curriculum.title,
        "description": curriculum.summary,
        "url": url,
        "inLanguage": curriculum.language,
        "offers": course_offer(curriculum),
    }
    if offerings:  # an empty list is no instance: Google wants at least one, or none said
        data["hasCourseInstance"] = [course_instance(curriculum, item, url) for item in offerings]
    if chapter is not None:
        provider = {"name": chapter.title, "url": absolute(request, chapter)}
        data["provider"] = {"@type": "Organization", **provider}
    if curriculum.duration_hours:
        data["timeRequired"] = hours_duration(curriculum.duration_hours)
    if curriculum.ce_hours:
        credential = {
            "@type": "EducationalOccupationalCredential",
            "name": f"{curriculum.ce_hours.normalize():f} continuing-education hours",
            "credentialCategory": "Continuing education",
        }
        if curriculum.accreditation:
            credential["competencyRequired"] = curriculum.accreditation
        data["educationalCredentialAwarded"] = credential
    return data
