"""One site address: `manage.py set_site_address` gives the default Wagtail Site the address in
WAGTAILADMIN_BASE_URL, and every output that leaves the site with a full URL then names it:
the sitemap, robots.txt, the podcast feed, the calendars, the JSON-LD, the CSV export and
Wagtail's notification emails. A request that arrives under another name the site answers to (a
proxy's internal host name) changes none of them. The deployment check says when the Site and
the setting disagree."""

import csv
import io
import re
import xml.etree.ElementTree as ET
from io import StringIO
from urllib.parse import urlsplit

import extruct
import icalendar
import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.checks import run_checks
from django.core.management import CommandError, call_command
from django.test import Client
from wagtail.models import Page, Site

from catalog.checks import SITE_ADDRESS_DIFFERS, site_address_matches
from catalog.models import (
    ChapterIndexPage,
    CurriculumOffering,
    CurriculumPage,
    PodcastPage,
    ResourcePage,
)
from catalog.privacy import public_pages

SITE = "https://catalog.example.org"
# A name the site also answers to, e.g. the address its proxy uses: no output may name it.
OTHER_HOST = "app-1.internal:8000"
# Origins of this site that no output may name (the Site's default, the test client's, the
# other host's, the development server's).
STRAY_HOSTS = {"localhost", "testserver", "app-1.internal", "127.0.0.1"}
SITEMAP = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
ITUNES = {"itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd"}


@pytest.fixture(autouse=True)
def _demo_loaded(demo_for_module, db):
    """Every test sees the demo (and none sees another test's additions)."""


@pytest.fixture
def addressed(settings) -> None:
    """The deployment's setting, and the command run as `make run` and the README run it."""
    settings.WAGTAILADMIN_BASE_URL = SITE
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, OTHER_HOST.split(":")[0]]
    call_command("set_site_address", stdout=StringIO())


@pytest.fixture
def other_host() -> Client:
    """A visitor whose requests arrive under the site's other name."""
    return Client(HTTP_HOST=OTHER_HOST)


def set_address(url: str, settings) -> str:
    settings.WAGTAILADMIN_BASE_URL = url
    out = StringIO()
    call_command("set_site_address", stdout=out)
    return out.getvalue()


def default_site() -> Site:
    return Site.objects.get(is_default_site=True)


def get(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def on_site(url: str) -> None:
    assert url.startswith(f"{SITE}/"), url


def no_stray_addresses(text: str) -> None:
    """No URL in `text` names this site by any other address."""
    urls = re.findall(r"https?://[^\s\"'<>\\]+", text)
    stray = [url for url in urls if urlsplit(url).hostname in STRAY_HOSTS]
    assert not stray, stray


def xml(text: str) -> ET.Element:
    return ET.fromstring(text)  # noqa: S314 - our own output, in a test


# --- The command ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "hostname", "port", "root_url"),
    [
        ("https://catalog.example.org", "catalog.example.org", 443, "https://catalog.example.org"),
        ("https://Catalog.Example.org/", "catalog.example.org", 443, "https://catalog.example.org"),
        ("http://catalog.example.org", "catalog.example.org", 80, "http://catalog.example.org"),
        ("http://127.0.0.1:8000", "127.0.0.1", 8000, "http://127.0.0.1:8000"),
    ],
)
def test_the_command_sets_the_default_sites_host_and_port(settings, url, hostname, port, root_url):
    sites = Site.objects.count()
    output = set_address(url, settings)
    site = default_site()
    assert (site.hostname, site.port, site.root_url) == (hostname, port, root_url)
    assert f"now {root_url}" in output
    assert Site.objects.count() == sites  # it creates nothing


def test_the_command_changes_nothing_the_second_time(settings):
    set_address(SITE, settings)
    saved = default_site()
    assert set_address(SITE, settings).strip() == f"The site's address is already {SITE}."
    site = default_site()
    assert (site.pk, site.hostname, site.port, site.root_page_id) == (
        saved.pk,
        saved.hostname,
        saved.port,
        saved.root_page_id,
    )


@pytest.mark.parametrize(
    "url",
    [
        "catalog.example.org",  # no scheme
        "ftp://catalog.example.org",
        "https://",
        "https://catalog.example.org/catalog/",  # a Site has no path
        "https://catalog.example.org/?x=1",
        "https://user@catalog.example.org",
        "https://catalog.example.org:99999",
        "https://catalog.example.org:port",
        "https://catalog.example.org:8443",  # Wagtail would say http:// on any port but 443
        "http://catalog.example.org:443",
    ],
)
def test_a_malformed_address_is_refused_readably(settings, url):
    before = default_site()
    settings.WAGTAILADMIN_BASE_URL = url
    with pytest.raises(CommandError, match=r"^WAGTAILADMIN_BASE_URL: "):
        call_command("set_site_address", stdout=StringIO())
    after = default_site()
    assert (after.hostname, after.port) == (before.hostname, before.port)


def test_the_demo_loader_keeps_the_address(settings):
    set_address(SITE, settings)
    call_command("load_demo", allow_without_debug=True, stdout=StringIO())
    assert default_site().root_url == SITE


# --- The deployment check ------------------------------------------------------------------


def test_the_deployment_check_warns_until_the_command_runs(settings):
    settings.WAGTAILADMIN_BASE_URL = SITE
    warnings = site_address_matches()
    assert [warning.id for warning in warnings] == [SITE_ADDRESS_DIFFERS]
    assert "http://localhost" in warnings[0].msg and SITE in warnings[0].msg
    assert "set_site_address" in warnings[0].hint
    call_command("set_site_address", stdout=StringIO())
    assert site_address_matches() == []


def test_the_site_address_check_is_a_deployment_check_only(settings):
    settings.WAGTAILADMIN_BASE_URL = SITE

    def ids(**options) -> set[str]:
        return {message.id for message in run_checks(**options)}

    assert SITE_ADDRESS_DIFFERS not in ids()
    assert SITE_ADDRESS_DIFFERS in ids(include_deployment_checks=True)


def test_a_malformed_setting_is_a_deployment_warning(settings):
    settings.WAGTAILADMIN_BASE_URL = "https://catalog.example.org/catalog/"
    assert [warning.id for warning in site_address_matches()] == [SITE_ADDRESS_DIFFERS]


# --- Every output names it -----------------------------------------------------------------


def test_robots_txt_names_the_sitemap_on_the_site_address(addressed, other_host):
    text = get(other_host, "/robots.txt")
    assert f"Sitemap: {SITE}/sitemap.xml" in text
    no_stray_addresses(text)


def test_every_sitemap_address_is_on_the_site_address(addressed, other_host):
    index = get(other_host, "/sitemap.xml")
    no_stray_addresses(index)
    sections = [loc.text for loc in xml(index).iterfind("sm:sitemap/sm:loc", SITEMAP)]
    assert sections
    pages = []
    for section in sections:
        on_site(section)
        text = get(other_host, section.removeprefix(SITE))
        no_stray_addresses(text)
        pages += [loc.text for loc in xml(text).iterfind("sm:url/sm:loc", SITEMAP)]
    assert f"{SITE}/" in pages and len(pages) > 20
    for page in pages:
        on_site(page)


def test_the_podcast_feed_links_and_enclosures_are_on_the_site_address(addressed, other_host):
    show = PodcastPage.objects.get()
    text = get(other_host, f"{show.url}feed/")
    no_stray_addresses(text)
    channel = xml(text).find("channel")
    on_site(channel.findtext("link"))
    on_site(channel.find("itunes:image", ITUNES).attrib["href"])
    items = channel.findall("item")
    assert items
    for item in items:
        on_site(item.findtext("link"))
        on_site(item.find("enclosure").attrib["url"])


def test_calendar_links_are_on_the_site_address(addressed, other_host):
    calendars = [f"{ChapterIndexPage.objects.get().url}calendar/"]
    calendars += [f"{page.url}calendar/" for page in CurriculumPage.objects.live().public()]
    registration = set(CurriculumOffering.objects.values_list("registration_url", flat=True))
    events = 0
    for url in calendars:
        text = get(other_host, url)
        no_stray_addresses(text.replace("\r\n ", ""))  # unfolded: a URL may span two lines
        for event in icalendar.Calendar.from_ical(text).walk("VEVENT"):
            events += 1
            on_site(str(event["URL"]))
            links = re.findall(r"https?://\S+", str(event["DESCRIPTION"]))
            assert [link for link in links if link not in registration], event["DESCRIPTION"]
            for link in links:
                assert link in registration or link.startswith(f"{SITE}/"), link
    assert events


def test_structured_data_names_the_site_address(addressed, other_host):
    pages = public_pages(Page.objects.filter(depth__gt=1)).specific()
    urls = []
    for page in pages:
        html = get(other_host, page.url)
        for script in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
            no_stray_addresses(script)
        items = extruct.extract(html, base_url=SITE, syntaxes=["json-ld"])["json-ld"]
        urls += [item["url"] for item in items if isinstance(item.get("url"), str)]
    assert len(urls) > 10
    for url in urls:
        on_site(url)


def test_the_csv_export_links_are_on_the_site_address(addressed, other_host):
    text = get(other_host, "/search/export.csv").lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) > 10
    for row in rows:
        on_site(row["URL"])


def test_notification_emails_link_to_the_admin_on_the_site_address(
    addressed, django_user_model, django_capture_on_commit_callbacks
):
    reviewer = django_user_model.objects.create_user("reviewer", email="reviewer@example.org")
    reviewer.groups.add(Group.objects.get(name="Catalog moderators"))  # the review task's group
    editor = django_user_model.objects.create_user("writer", email="writer@example.org")
    page = ResourcePage.objects.live().public().first()
    page.save_revision(user=editor)
    with django_capture_on_commit_callbacks(execute=True):
        page.get_workflow().start(page, editor)
    assert [message.to for message in mail.outbox] == [["reviewer@example.org"]]
    assert default_site().root_url == SITE  # the emails and the Site name one address
    for message in mail.outbox:
        no_stray_addresses(message.body)
        links = re.findall(r"https?://\S+", message.body)
        assert links, message.body
        for link in links:
            on_site(link)
    assert any(f"{SITE}/admin/" in message.body for message in mail.outbox)
