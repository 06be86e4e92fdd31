"""Fixed vocabularies: the choices fields offer, shared by models, facets and the demo."""

from django.db import models


class Language(models.TextChoices):
    """Languages the catalog's material comes in (ISO 639-1 codes)."""

    ENGLISH = "en", "English"
    SPANISH = "es", "Spanish"
    CHINESE = "zh", "Chinese"
    VIETNAMESE = "vi", "Vietnamese"
    KOREAN = "ko", "Korean"
    ARABIC = "ar", "Arabic"
    FRENCH = "fr", "French"
    HAITIAN_CREOLE = "ht", "Haitian Creole"


class ResourceType(models.TextChoices):
    """What kind of material a resource is."""

    FACT_SHEET = "fact-sheet", "Fact sheet"
    GUIDE = "guide", "Guide"
    SCREENING_TOOL = "screening-tool", "Screening tool"
    PROTOCOL = "protocol", "Protocol"
    REPORT = "report", "Report"
    VIDEO = "video", "Video"
    WEBINAR_RECORDING = "webinar-recording", "Webinar recording"
    TEMPLATE = "template", "Template"
    CHECKLIST = "checklist", "Checklist"


class DeliveryFormat(models.TextChoices):
    """How a training is delivered."""

    IN_PERSON = "in-person", "In person"
    ONLINE = "online", "Online"
    HYBRID = "hybrid", "Hybrid"


class SurvivorInvolvement(models.TextChoices):
    """How survivors of exploitation shaped a training."""

    SURVIVOR_LED = "survivor-led", "Survivor-led"
    SURVIVOR_INFORMED = "survivor-informed", "Survivor-informed"


class EpisodeType(models.TextChoices):
    """What an episode is to podcast apps (`itunes:episodeType`)."""

    FULL = "full", "Full episode"
    TRAILER = "trailer", "Trailer"
    BONUS = "bonus", "Bonus"


class PodcastCategory(models.TextChoices):
    """Apple Podcasts categories that fit the alliance's shows (`itunes:category`)."""

    EDUCATION = "Education", "Education"
    GOVERNMENT = "Government", "Government"
    HEALTH_AND_FITNESS = "Health & Fitness", "Health & Fitness"
    SOCIETY_AND_CULTURE = "Society & Culture", "Society & Culture"
    NEWS = "News", "News"


class OfferingStatus(models.TextChoices):
    """Whether people can still register for an offering of a training."""

    OPEN = "open", "Open for registration"
    FULL = "full", "Full"
    CANCELLED = "cancelled", "Cancelled"


class TimeZone(models.TextChoices):
    """Where an offering takes place, as the IANA time zone its times are in."""

    EASTERN = "America/New_York", "Eastern"
    CENTRAL = "America/Chicago", "Central"
    MOUNTAIN = "America/Denver", "Mountain"
    ARIZONA = "America/Phoenix", "Mountain (Arizona)"
    PACIFIC = "America/Los_Angeles", "Pacific"
    ALASKA = "America/Anchorage", "Alaska"
    HAWAII = "Pacific/Honolulu", "Hawaii"
    ATLANTIC = "America/Puerto_Rico", "Atlantic (Puerto Rico)"
