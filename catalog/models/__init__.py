"""The catalog's models, one module per concept; Django finds them all through this package."""

from catalog.models.base import CatalogEntryPage
from catalog.models.chapters import ChapterIndexPage, ChapterPage
from catalog.models.choices import DeliveryFormat, Language, ResourceType, SurvivorInvolvement
from catalog.models.curricula import CurriculumPage
from catalog.models.episodes import EpisodeGuest, PodcastEpisodePage
from catalog.models.home import HomePage
from catalog.models.imports import ImportUpload
from catalog.models.index import Access, IndexEntry, IndexWord
from catalog.models.links import LinkCheck, LinkCheckRun
from catalog.models.members import Membership, MembershipRequest
from catalog.models.offerings import CurriculumOffering
from catalog.models.podcasts import PodcastPage
from catalog.models.resources import ResourcePage, ToolkitPage
from catalog.models.site import SiteSettings
from catalog.models.standard import StandardPage
from catalog.models.taxonomy import VOCABULARIES, Audience, Discipline, TaxonomyTerm, Topic

__all__ = [
    "VOCABULARIES",
    "Access",
    "Audience",
    "CatalogEntryPage",
    "ChapterIndexPage",
    "ChapterPage",
    "CurriculumOffering",
    "CurriculumPage",
    "DeliveryFormat",
    "Discipline",
    "EpisodeGuest",
    "HomePage",
    "ImportUpload",
    "IndexEntry",
    "IndexWord",
    "Language",
    "LinkCheck",
    "LinkCheckRun",
    "Membership",
    "MembershipRequest",
    "PodcastEpisodePage",
    "PodcastPage",
    "ResourcePage",
    "ResourceType",
    "SiteSettings",
    "StandardPage",
    "SurvivorInvolvement",
    "TaxonomyTerm",
    "ToolkitPage",
    "Topic",
]
