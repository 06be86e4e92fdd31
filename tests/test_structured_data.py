"""Structured data as its consumers read it: every demo page's JSON-LD, extracted with extruct,
meets Google's rules for its rich result (BreadcrumbList, Course and CourseInstance,
Organization, WebSite with SearchAction) and schema.org's for the rest (LearningResource,
CollectionPage, the podcast's series and episodes), names the Site's own address, and says
nothing the page does not show."""

import html
import re
from decimal import Decimal
from http import HTTPStatus

import extruct
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction, Site

from catalog.models import ResourcePage, SiteSettings
from catalog.models.choices import Language, ResourceType
from tests import factories
from tests.site_images import svg_image
from tests.test_time_elements import every_demo_page, member_client

COURSE_CATEGORIES = {"Free", "Partially Free", "Subscription", "Paid"}
ATTENDANCE = {
    "onsite": {"https://schema.org/OfflineEventAttendanceMode": {"Place"}},
    "online": {"https://schema.org/OnlineEventAttendanceMode": {"VirtualLocation"}},
    "blended": {"https://schema.org/MixedEventAttendanceMode": {"Place", "VirtualLocation"}},
}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$")
ISO_DURATION = re.compile(r"^PT(?=\d)(\d+H)?(\d+M)?(\d+S)?$")


@pytest.fixture(autouse=True)
def _demo_loaded(demo_for_module, db):
    """Every test sees the demo (and none sees another test's additions)."""


def site_root() -> str:
    return Site.objects.get(is_default_site=True).root_url


def json_ld(client: Client, url: str) -> list[dict]:
    response = client.get(url)
    assert response.status_code == HTTPStatus.OK, url
    markup = response.content.decode()
    return extruct.extract(markup, base_url=site_root(), syntaxes=["json-ld"])["json-ld"]


def of_type(items: list[dict], kind: str) -> dict:
    found = [item for item in items if item["@type"] == kind]
    assert len(found) == 1, f"{len(found)} {kind}"
    return found[0]


def on_site(url: str) -> None:
    assert url.startswith(f"{site_root()}/"), url


# --- each type's rules ---------------------------------------------------------------------------


def check_breadcrumbs(item: dict) -> None:
    """Google: at least two ListItems, numbered from 1, each with a name and (but the last) an
    item address."""
    steps = item["itemListElement"]
    assert len(steps) >= 2
    assert [step["position"] for step in steps] == list(range(1, len(steps) + 1))
    for step in steps:
        assert step["@type"] == "ListItem" and step["name"]
        on_site(step["item"])


def check_organization(item: dict) -> None:
    assert item["name"]
    on_site(item["url"])
    if "logo" in item:
        on_site(item["logo"])


def check_website(item: dict) -> None:
    assert item["name"]
    on_site(item["url"])
    action = item["potentialAction"]
    assert action["@type"] == "SearchAction"
    on_site(action["target"]["urlTemplate"])
    assert "{search_term_string}" in action["target"]["urlTemplate"]
    assert action["query-input"] == "required name=search_term_string"


def check_course_instance(instance: dict) -> None:
    """Google: courseMode, and courseSchedule (duration, repeatFrequency, repeatCount) or
    courseWorkload; the issue: eventAttendanceMode, and a url on every VirtualLocation."""
    assert instance["@type"] == "CourseInstance"
    ((mode, location_types),) = ATTENDANCE[instance["courseMode"]].items()
    assert instance["eventAttendanceMode"] == mode
    assert "courseSchedule" in instance or "courseWorkload" in instance
    schedule = instance.get("courseSchedule")
    if schedule:
        assert ISO_DURATION.match(schedule["duration"])
        assert schedule["repeatFrequency"] in {"Daily", "Weekly", "Monthly", "Yearly"}
        assert isinstance(schedule["repeatCount"], int) and schedule["repeatCount"] >= 1
    if "courseWorkload" in instance:
        assert ISO_DURATION.match(instance["courseWorkload"])
    assert ISO_DATETIME.match(instance["startDate"]) and ISO_DATETIME.match(instance["endDate"])
    locations = instance["location"]
    locations = locations if isinstance(locations, list) else [locations]
    assert {location["@type"] for location in locations} == location_types
    for location in locations:
        if location["@type"] == "VirtualLocation":
            assert location["url"].startswith(("https://", "http://"))
        else:
            assert location["name"] and location["address"]


def check_course(item: dict) -> None:
    """Google's course info: name, description, provider, offers with a category, and
    hasCourseInstance."""
    assert item["name"] and item["description"]
    assert item["provider"]["@type"] == "Organization" and item["provider"]["name"]
    offer = item["offers"]
    assert offer["@type"] == "Offer" and offer["category"] in COURSE_CATEGORIES
    assert offer["priceCurrency"] == "USD" and offer["price"] >= 0
    assert (offer["category"] == "Free") == (offer["price"] == 0)
    assert item["hasCourseInstance"]
    for instance in item["hasCourseInstance"]:
        check_course_instance(instance)


def check_learning_resource(item: dict) -> None:
    assert item["name"] and item["description"]
    on_site(item["url"])
    assert item["learningResourceType"] in ResourceType.labels
    assert item["inLanguage"] in Language.values
    assert isinstance(item["isAccessibleForFree"], bool)
    assert ISO_DATE.match(item["datePublished"])
    assert all(a["@type"] == "Audience" and a["audienceType"] for a in item.get("audience", []))
    if "publisher" in item:
        assert item["publisher"]["@type"] == "Organization" and item["publisher"]["name"]


def check_collection(item: dict) -> None:
    assert item["name"]
    on_site(item["url"])
    listed = item["mainEntity"]["itemListElement"]
    positions = [entry["position"] for entry in listed]
    assert positions == list(range(positions[0], positions[0] + len(listed))) if listed else True
    for entry in listed:
        assert entry["@type"] == "ListItem" and entry["name"]
        on_site(entry["url"])


def check_series(item: dict) -> None:
    assert item["name"] and item["description"]
    on_site(item["url"])
    on_site(item["webFeed"])


def check_episode(item: dict) -> None:
    assert item["name"]
    on_site(item["url"])
    assert ISO_DATE.match(item["datePublished"])
    assert item["partOfSeries"]["name"]
    on_site(item["partOfSeries"]["url"])
    if "associatedMedia" in item:
        on_site(item["associatedMedia"]["contentUrl"])
    if "duration" in item:
        assert ISO_DURATION.match(item["duration"])


CHECKS = {
    "BreadcrumbList": check_breadcrumbs,
    "Organization": check_organization,
    "WebSite": check_website,
    "Course": check_course,
    "LearningResource": check_learning_resource,
    "CollectionPage": check_collection,
    "PodcastSeries": check_series,
    "PodcastEpisode": check_episode,
}
CRUMBS = {"BreadcrumbList"}
EXPECTED = {
    "HomePage": {"Organization", "WebSite"},
    "ToolkitPage": CRUMBS | {"CollectionPage"},
    "ChapterIndexPage": CRUMBS | {"CollectionPage"},
    "ChapterPage": CRUMBS | {"CollectionPage"},
    "PodcastPage": CRUMBS | {"CollectionPage", "PodcastSeries"},
    "ResourcePage": CRUMBS | {"LearningResource"},
    "CurriculumPage": CRUMBS | {"Course"},
    "PodcastEpisodePage": CRUMBS | {"PodcastEpisode"},
    "StandardPage": CRUMBS,
}


def test_every_demo_page_describes_itself_by_its_consumers_rules():
    pages = every_demo_page()
    assert {type(page).__name__ for page, _ in pages} == set(EXPECTED)
    for page, client in pages:
        items = json_ld(client, page.url)
        types = [item["@type"] for item in items]
        assert sorted(types) == sorted(EXPECTED[type(page).__name__]), page.url
        for item in items:
            assert item["@context"] == "https://schema.org"
            CHECKS[item["@type"]](item)


def test_the_breadcrumb_list_is_the_breadcrumbs_own_links():
    for page, client in every_demo_page():
        markup = client.get(page.url).content.decode()
        nav = re.search(r'<nav class="breadcrumbs.*?</nav>', markup, re.S)
        if nav is None:
            continue
        links = re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', nav[0])
        crumbs = of_type(json_ld(client, page.url), "BreadcrumbList")["itemListElement"]
        # The links keep "Exit this page" mode (?exit=1); the descriptions name the pages.
        shown = [
            (site_root() + html.unescape(href).removesuffix("?exit=1"), html.unescape(name))
            for href, name in links
        ]
        assert [(step["item"], step["name"]) for step in crumbs] == shown, page.url


def listed(items: list[dict]) -> list[str]:
    """The addresses a CollectionPage lists, in order."""
    collection = of_type(items, "CollectionPage")
    return [entry["url"] for entry in collection["mainEntity"]["itemListElement"]]


def cards(client: Client, url: str) -> list[str]:
    """The addresses of the entry cards a listing page shows, in order."""
    markup = client.get(url).content.decode()
    links = re.findall(r'class="entry-card__title"[^>]*><a href="([^"]+)"', markup)
    return [site_root() + href for href in links]


def test_a_listing_describes_the_public_entries_it_shows_to_anyone():
    """Shared output, like the feeds: a member's listing shows the members-only resource, its
    JSON-LD does not."""
    toolkit = Page.objects.get(slug="toolkit")
    private = (
        site_root()
        + ResourcePage.objects.get(pk__in=PageViewRestriction.objects.values("page")).url
    )
    anonymous, member = Client(), member_client()
    public = cards(anonymous, toolkit.url)
    assert private not in public and private in cards(member, toolkit.url)
    assert listed(json_ld(anonymous, toolkit.url)) == public
    assert listed(json_ld(member, toolkit.url)) == public


def test_a_later_page_of_a_listing_numbers_on_from_the_first(client, settings):
    settings.CATALOG_PAGE_SIZE = 5
    collection = of_type(json_ld(client, "/toolkit/?page=2"), "CollectionPage")
    assert [entry["position"] for entry in collection["mainEntity"]["itemListElement"]] == [
        6, 7, 8, 9, 10,
    ]  # fmt: skip
    assert collection["url"] == f"{site_root()}/toolkit/?page=2"


def test_a_listing_costs_no_query_per_entry(client):
    kit = factories.toolkit(title="Counted", slug="counted")

    def queries() -> int:
        client.get(kit.url)  # caches warm
        with CaptureQueriesContext(connection) as captured:
            client.get(kit.url)
        return len(captured)

    factories.resource(kit)
    one = queries()
    for _ in range(4):
        factories.resource(kit)
    assert queries() == one
    assert len(listed(json_ld(client, kit.url))) == 5


def test_a_resource_is_a_learning_resource_with_what_its_page_shows(client):
    page = factories.resource(
        title="Guía de detección",
        summary="Diez preguntas.",
        resource_type="screening-tool",
        publisher="National Children's Alliance",
        language="es",
        audiences=[factories.audience("Foster parents")],
        topics=[factories.topic("Intake"), factories.topic("Housing")],
    )
    data = of_type(json_ld(client, page.url), "LearningResource")
    assert data == {
        "@context": "https://schema.org",
        "@type": "LearningResource",
        "name": "Guía de detección",
        "description": "Diez preguntas.",
        "url": f"{site_root()}{page.url}",
        "learningResourceType": "Screening tool",
        "inLanguage": "es",
        "isAccessibleForFree": True,
        "datePublished": page.publication_date.isoformat(),
        "publisher": {"@type": "Organization", "name": "National Children's Alliance"},
        "audience": [{"@type": "Audience", "audienceType": "Foster parents"}],
        # In the order the page's tag list shows them.
        "about": [{"@type": "Thing", "name": "Housing"}, {"@type": "Thing", "name": "Intake"}],
        "keywords": "Housing, Intake",
    }
    factories.members_only(page)
    assert client.get(page.url).status_code == HTTPStatus.FOUND  # nothing for the anonymous
    members = of_type(json_ld(member_client(), page.url), "LearningResource")
    assert members["isAccessibleForFree"] is False


def test_the_home_page_names_the_organization_and_how_to_search(client):
    settings_row = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings_row.organization_name, settings_row.logo = "Example Alliance", svg_image()
    settings_row.save()
    items = json_ld(client, "/")
    organization, website = of_type(items, "Organization"), of_type(items, "WebSite")
    assert organization["name"] == "Example Alliance"
    assert organization["url"] == f"{site_root()}/"
    logo = organization["logo"].removeprefix(site_root())
    assert client.get(logo).status_code == HTTPStatus.OK
    assert website["publisher"] == {"@id": organization["@id"]}
    template = website["potentialAction"]["target"]["urlTemplate"]
    assert template == f"{site_root()}/search/?q={{search_term_string}}"
    search = template.removeprefix(site_root()).replace("{search_term_string}", "screening")
    found = ResourcePage.objects.get(slug="csec-screening-tool-for-cac-intake")
    assert f'href="{found.url}"' in client.get(search).content.decode()


def test_course_instances_say_how_people_attend_and_where_online(client):
    page = factories.curriculum(title="Formats", slug="formats", price=Decimal("120.50"))
    page_url = f"{site_root()}{page.url}"
    factories.offering(page, 10, delivery_format="in-person")
    factories.offering(page, 12, delivery_format="online", venue="",
                       registration_url="https://register.example/online")  # fmt: skip
    factories.offering(page, 14, delivery_format="online", venue="", status="full",
                       registration_url="https://register.example/full")  # fmt: skip
    factories.offering(page, 16, delivery_format="hybrid")
    html = client.get(page.url).content.decode()
    assert "<dt>Cost</dt><dd>$120.50 a place</dd>" in html  # what the data says, the page shows
    course = of_type(json_ld(client, page.url), "Course")
    check_course(course)
    assert course["offers"] == {
        "@type": "Offer", "category": "Paid", "price": 120.5, "priceCurrency": "USD",
    }  # fmt: skip
    in_person, online, full, hybrid = course["hasCourseInstance"]
    assert in_person["eventAttendanceMode"].endswith("/OfflineEventAttendanceMode")
    assert online["location"]["url"] == "https://register.example/online"
    # A full offering's link is not on the page: the page's own address stands in.
    assert full["location"]["url"] == page_url and "url" not in full
    assert "register.example/full" not in str(course)
    assert hybrid["eventAttendanceMode"].endswith("/MixedEventAttendanceMode")
    assert [place["@type"] for place in hybrid["location"]] == ["Place", "VirtualLocation"]


def test_a_free_course_says_so_and_one_without_offerings_lists_no_instance(client):
    page = factories.curriculum(title="No dates", slug="no-dates")
    assert "<dt>Cost</dt><dd>Free</dd>" in client.get(page.url).content.decode()
    course = of_type(json_ld(client, page.url), "Course")
    assert course["offers"]["category"] == "Free" and course["offers"]["price"] == 0
    assert "hasCourseInstance" not in course


def test_every_address_is_the_sites_own_whatever_host_was_asked(client):
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "catalog.example.org", 443
    site.save()
    resource = ResourcePage.objects.live().public().first()
    for url in ("/", "/toolkit/", resource.url, "/trainings/pennsylvania/"):
        text = str(json_ld(client, url))
        assert "https://catalog.example.org/" in text
        assert not re.search(r"https?://(localhost|testserver)", text), url


def test_an_unpublished_section_is_no_step_of_the_breadcrumb(client):
    """A live page under a section taken down: the section's address is a 404 and its title a
    draft's, so neither the breadcrumb nor its BreadcrumbList names it."""
    section = factories.chapter(title="Withdrawn chapter", slug="withdrawn-chapter")
    page = factories.curriculum(section, title="Still live", slug="still-live")
    section.unpublish()
    markup = client.get(page.url).content.decode()
    assert (
        "Withdrawn chapter" not in re.search(r'<nav class="breadcrumbs.*?</nav>', markup, re.S)[0]
    )
    steps = of_type(json_ld(client, page.url), "BreadcrumbList")["itemListElement"]
    assert "Withdrawn chapter" not in [step["name"] for step in steps]
    assert steps[-1]["name"] == "Still live"


def test_hosted_audio_keeps_its_own_address(client):
    show = factories.podcast(title="Hosted", slug="hosted")
    episode = factories.episode(
        show, audio_url="https://host.example/a.mp3", audio_length_bytes=1000, audio_file=None
    )
    data = of_type(json_ld(client, episode.url), "PodcastEpisode")
    assert data["associatedMedia"]["contentUrl"] == "https://host.example/a.mp3"
