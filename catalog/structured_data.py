"""schema.org descriptions of the podcast (JSON-LD), for search engines and assistants."""

from django.http import HttpRequest

from catalog.addresses import absolute_url, page_address

absolute = page_address  # a page's full address on the site's own address


def iso_duration(seconds: int) -> str:
    """Seconds as an ISO 8601 duration, e.g. PT1H2M5S."""
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    parts = [f"{value}{unit}" for value, unit in ((hours, "H"), (minutes, "M")) if value]
    return "PT" + "".join(parts) + (f"{seconds}S" if seconds or not parts else "")


def series_data(show, request: HttpRequest) -> dict:
    return {
        "@context": "https://schema.org",
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
        "@context": "https://schema.org",
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


COURSE_MODES = {"in-person": "onsite", "online": "online", "hybrid": "blended"}


def hours_duration(hours) -> str:
    return iso_duration(round(float(hours) * 3600))


def course_instance(curriculum, offering) -> dict:
    instance = {
        "@type": "CourseInstance",
        "courseMode": COURSE_MODES[offering.delivery_format],
        "startDate": offering.starts_at.isoformat(),
        "endDate": offering.ends_at.isoformat(),
        "location": (
            {"@type": "VirtualLocation", "name": "Online"}
            if offering.online
            else {"@type": "Place", "name": offering.venue, "address": offering.venue}
        ),
    }
    if curriculum.duration_hours:
        instance["courseWorkload"] = hours_duration(curriculum.duration_hours)
    if offering.is_cancelled:
        instance["eventStatus"] = "https://schema.org/EventCancelled"
    if offering.registration_url:
        instance["url"] = offering.registration_url
    return instance


def course_data(curriculum, offerings, request: HttpRequest) -> dict:
    """schema.org Course: the curriculum, its offerings and the credit it gives."""
    chapter = curriculum.chapter
    data = {
        "@context": "https://schema.org",
        "@type": "Course",
        "name": curriculum.title,
        "description": curriculum.summary,
        "url": absolute(request, curriculum),
        "inLanguage": curriculum.language,
        "hasCourseInstance": [course_instance(curriculum, offering) for offering in offerings],
    }
    if chapter is not None:
        data["provider"] = {"@type": "Organization", "name": chapter.title}
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
