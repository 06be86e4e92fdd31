"""Machine-readable dates and one site address (issue 15): every `<time>` on every demo page,
seen anonymously and as a member, carries a `datetime` the HTML standard accepts (the Nu HTML
checker reported agenda times without one), and the sitemap names the Site's root URL."""

import datetime
import re
from html.parser import HTMLParser
from http import HTTPStatus

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from wagtail.models import Page, PageViewRestriction, Site

from catalog.models import ChapterIndexPage

# The HTML standard's machine-readable forms for <time datetime> (§4.5.14), without the ranges,
# which `valid_datetime` checks with the datetime module.
DATE = r"(?P<year>\d{4,})-(?P<month>\d{2})-(?P<day>\d{2})"
TIME = r"(?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.\d{1,3})?)?"
OFFSET = r"(?:Z|[+-](?P<offset_hour>\d{2}):?(?P<offset_minute>\d{2}))"
FORMS = [
    re.compile(rf"^{pattern}$")
    for pattern in (
        r"(?P<year>\d{4,})-(?P<month>\d{2})",  # month
        DATE,
        r"(?:--)?(?P<month>\d{2})-(?P<day>\d{2})",  # yearless date
        TIME,
        rf"{DATE}[T ]{TIME}",  # local date and time
        OFFSET,
        rf"{DATE}[T ]{TIME}{OFFSET}",  # global date and time
        r"(?P<year>\d{4,})-W(?P<week>\d{2})",
        r"(?P<year>\d{4,})",
    )
]
ISO_DURATION = re.compile(
    r"^P(?=\d|T\d)(?:\d+D)?(?:T(?=\d)(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d{1,3})?S)?)?$"
)
FRIENDLY_DURATION = re.compile(r"^\s*(?:\d+(?:\.\d{1,3})?\s*[wdhms]\s*)+$", re.I)


def fields_in_range(values: dict) -> bool:
    numbers = {name: int(value) for name, value in values.items() if value is not None}
    year, month, day = numbers.get("year", 2000), numbers.get("month", 1), numbers.get("day", 1)
    try:  # 29 February is a valid yearless date: check against a leap year
        datetime.date(year if "year" in numbers else 2000, month, day)
    except ValueError:
        return False
    return (
        year > 0
        and numbers.get("hour", 0) < 24
        and numbers.get("minute", 0) < 60
        and numbers.get("second", 0) < 60
        and numbers.get("offset_hour", 0) < 24
        and numbers.get("offset_minute", 0) < 60
        and 1 <= numbers.get("week", 1) <= 53
    )


def valid_datetime(value: str) -> bool:
    """Whether `value` is one of the machine-readable forms a <time datetime> may hold."""
    if ISO_DURATION.match(value) or FRIENDLY_DURATION.match(value):
        return True
    return any(
        (match := form.match(value)) and fields_in_range(match.groupdict()) for form in FORMS
    )


class TimeElements(HTMLParser):
    """Collects each <time>'s datetime attribute (None when it has none)."""

    def __init__(self) -> None:
        super().__init__()
        self.values: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "time":
            self.values.append(dict(attrs).get("datetime"))


def time_values(html: str) -> list[str | None]:
    parser = TimeElements()
    parser.feed(html)
    return parser.values


def member_client() -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username="member"))  # the demo's member
    return client


def every_demo_page() -> list[tuple[Page, Client]]:
    """Every live page of the demo with a client allowed to see it: anonymous for public
    pages, the demo's member for members-only ones."""
    private = list(PageViewRestriction.objects.values_list("page__path", flat=True))
    anonymous, member = Client(), member_client()
    return [
        (page, member if any(page.path.startswith(path) for path in private) else anonymous)
        for page in Page.objects.live().filter(depth__gt=1).specific().order_by("path")
    ]


@pytest.mark.parametrize(
    "value",
    ["2026-06-22", "2026-06", "--02-29", "09:00", "09:00:30.5", "2026-06-22T08:30:00-05:00",
     "2026-06-22 08:30Z", "2026-06-22T08:30", "+0530", "2026-W53", "2026", "PT5S", "PT1H5M",
     "P2DT3H", "4h 30m"],
)  # fmt: skip
def test_the_checker_accepts_the_standards_forms(value):
    assert valid_datetime(value)


@pytest.mark.parametrize(
    "value",
    ["", "9:00 AM", "9:00", "June 22, 2026", "2026-02-30", "24:00", "2026-06-22T08:30-25:00",
     "P", "PT", "P1Y", "PT1H2", "2026-W54", "0000"],
)  # fmt: skip
def test_the_checker_refuses_what_people_read(value):
    assert not valid_datetime(value)


@pytest.fixture
def demo(demo_for_module, db):
    """The demo, loaded once for the module (and none of a test's additions kept)."""


def test_every_time_on_every_demo_page_is_machine_readable(demo):
    anonymous, member = Client(), member_client()
    index = ChapterIndexPage.objects.get()
    extra = [f"{index.url}upcoming/", "/search/?q=training", "/search/?q=episode"]
    checked = 0
    for page, allowed in every_demo_page():
        clients = {allowed, member}
        for client in clients:
            response = client.get(page.url)
            assert response.status_code == HTTPStatus.OK, page.url
            values = time_values(response.content.decode())
            bad = [value for value in values if value is None or not valid_datetime(value)]
            assert not bad, (page.url, bad)
            checked += len(values)
    for url in extra:
        for client in (anonymous, member):
            values = time_values(client.get(url).content.decode())
            assert all(value and valid_datetime(value) for value in values), url
    assert checked > 100  # the agendas, offerings, dates and lengths were all seen


def test_the_sitemap_names_the_sites_own_address(demo, client):
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "catalog.example.org", 443
    site.save()
    root = site.root_url
    assert root == "https://catalog.example.org"
    index = client.get("/sitemap.xml")
    assert index.status_code == HTTPStatus.OK
    sections = re.findall(r"<loc>([^<]+)</loc>", index.content.decode())
    assert sections and all(loc.startswith(f"{root}/") for loc in sections), sections
    for section in sections:
        body = client.get(section.removeprefix(root)).content.decode()
        pages = re.findall(r"<loc>([^<]+)</loc>", body)
        assert len(pages) > 20
        assert all(loc.startswith(f"{root}/") for loc in pages), pages[:3]
