"""The demo content: loaded once, true to the brief, every page served."""

import datetime
import re
from http import HTTPStatus

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils.html import escape
from wagtail.documents import get_document_model
from wagtail.models import Page, PageViewRestriction, Revision

from catalog.calendar import split_offerings
from catalog.models import (
    Audience,
    CatalogEntryPage,
    ChapterIndexPage,
    ChapterPage,
    CurriculumOffering,
    CurriculumPage,
    Discipline,
    HomePage,
    PodcastEpisodePage,
    ResourcePage,
    Topic,
)

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/ld\+json)[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=\"|\son[a-z]+=\"|javascript:", re.I)
# Absolute addresses are third parties' unless they are the Site's own root URL (http://localhost
# in the tests), which canonical links and link previews name.
THIRD_PARTY_ASSET = re.compile(
    r"<(?:script|img|link|iframe|audio|source|video)\b[^>]*(?:src|href)=\"(?:https?:)?//"
    r"(?!localhost/)",
    re.I,
)


def load_demo() -> None:
    call_command("load_demo", allow_without_debug=True, stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture
def demo(demo_for_module, db, settings):
    """The demo, loaded once for the module with its files (no test keeps its own changes)."""
    settings.MEDIA_ROOT = demo_for_module


def snapshot() -> dict:
    """What the demo wrote: every page's position, title and latest revision, and the counts."""
    return {
        "pages": list(
            Page.objects.order_by("path").values_list("path", "title", "latest_revision")
        ),
        "revisions": Revision.objects.count(),
        "documents": get_document_model().objects.count(),
        "terms": (Discipline.objects.count(), Audience.objects.count(), Topic.objects.count()),
        "restrictions": PageViewRestriction.objects.count(),
    }


def test_loading_twice_changes_nothing(demo, django_user_model):
    first = snapshot()
    users = list(django_user_model.objects.values_list("username", "password"))
    load_demo()
    assert snapshot() == first
    assert list(django_user_model.objects.values_list("username", "password")) == users


def test_refuses_to_create_known_passwords_with_debug_off():
    with pytest.raises(CommandError, match="only runs with DEBUG on"):
        call_command("load_demo")


def test_demo_holds_what_the_brief_describes(demo):
    resources = ResourcePage.objects.live()
    assert resources.count() >= 12
    brief = resources.get(slug="a-light-on-the-unseen")
    assert brief.resource_type == "report"
    chart = next(block for block in brief.body if block.block_type == "chart")
    table = chart.value["data"]
    assert [column["heading"] for column in table.columns] == ["Barrier", "2016", "2020"]
    assert len(list(table.rows)) == 9

    pennsylvania = ChapterPage.objects.get(slug="pennsylvania")
    curricula = CurriculumPage.objects.live().child_of(pennsylvania)
    two_day = curricula.get(slug="survivor-led-two-day-training")
    assert two_day.survivor_involvement == "survivor-led"
    assert [day.value["title"][:5] for day in two_day.agenda] == ["Day 1", "Day 2"]
    assert curricula.exclude(pk=two_day.pk).count() >= 3

    episodes = PodcastEpisodePage.objects.live()
    assert episodes.filter(title="The Child-Trafficking-to-Adult-Prostitution Pipeline").exists()
    assert episodes.count() >= 5


def test_demo_terms_are_published_with_a_history(demo):
    for model in (Discipline, Audience, Topic):
        terms = model.objects.all()
        assert terms.exists()
        assert all(term.live and term.live_revision_id for term in terms), model
    assert Audience.objects.live().filter(safety_exit=True).exists()


def test_every_entry_is_tagged_and_invented_ones_say_so(demo):
    from_the_brief = {"a-light-on-the-unseen", "survivor-led-two-day-training"}
    for entry in CatalogEntryPage.objects.live().specific():
        assert entry.audiences.exists() and entry.topics.exists(), entry.title
        marked = "Sample content" in entry.summary
        assert marked == (entry.slug not in from_the_brief), entry.title


def test_every_demo_page_is_served_with_its_title_and_a_strict_csp_body(demo, django_user_model):
    anonymous, signed_in = Client(), Client()
    signed_in.force_login(django_user_model.objects.get(username="member"))  # the demo's member
    private_paths = list(PageViewRestriction.objects.values_list("page__path", flat=True))
    pages = Page.objects.live().filter(depth__gt=1).specific()
    assert pages.count() > 30
    for page in pages:
        private = any(page.path.startswith(path) for path in private_paths)
        response = (signed_in if private else anonymous).get(page.url)
        assert response.status_code == HTTPStatus.OK, page.url
        html = response.content.decode()
        # The home page's heading says what the site is for; the header already names it.
        heading = page.purpose if isinstance(page, HomePage) else page.title
        assert re.search(rf"<h1[^>]*>{re.escape(escape(heading))}</h1>", html), page.url
        assert not INLINE_SCRIPT.search(html), page.url
        assert not INLINE_STYLE.search(html), page.url
        assert not THIRD_PARTY_ASSET.search(html), page.url
        if private:
            assert anonymous.get(page.url).status_code == HTTPStatus.FOUND


def test_demo_files_are_downloadable(demo, client):
    screening = ResourcePage.objects.get(slug="csec-screening-tool-for-cac-intake")
    response = client.get(screening.document.url)
    assert response.status_code == HTTPStatus.OK
    assert b"".join(response.streaming_content).startswith(b"%PDF-1.4")
    episode = PodcastEpisodePage.objects.get(slug="screening-every-case")
    assert client.get(episode.audio_file.url)["Content-Type"] == "audio/mpeg"


def test_demo_episodes_have_transcripts_and_a_feed(demo, client):
    episodes = PodcastEpisodePage.objects.live()
    for episode in episodes:
        assert len(episode.transcript_cues) >= 3, episode.title
        assert episode.duration and episode.audio_length_bytes, episode.title
        html = client.get(episode.url).content.decode()
        assert 'class="transcript__time"' in html, episode.title
    show = episodes.first().get_parent()
    feed = client.get(f"{show.url}feed/")
    assert feed.status_code == HTTPStatus.OK
    assert feed.content.count(b"<item>") == episodes.count()


def test_demo_trainings_have_offerings_ahead_and_behind_and_calendars(demo, client):
    two_day = CurriculumPage.objects.get(slug="survivor-led-two-day-training")
    assert two_day.duration_hours == two_day.agenda_hours  # the agenda's own hours
    upcoming, past = split_offerings(two_day.offerings.all())
    assert upcoming and past
    assert CurriculumPage.objects.filter(prerequisites=two_day).count() >= 3
    index = ChapterIndexPage.objects.get()
    calendar = client.get(f"{index.url}calendar/")
    assert calendar.status_code == HTTPStatus.OK
    # Calendars list offerings from CATALOG_CALENDAR_PAST_DAYS (90) ago on: the demo's one of
    # 160 days ago is left out, the one of 45 days ago is in.
    since = datetime.date.today() - datetime.timedelta(days=90)
    listed = CurriculumOffering.objects.filter(start_date__gte=since)
    assert listed.filter(start_date__lt=datetime.date.today()).exists()
    # One event a day: a two-day offering is two events.
    days = sum(1 + (offering.last_day - offering.start_date).days for offering in listed)
    assert days > listed.count()
    assert calendar.content.count(b"BEGIN:VEVENT") == days
    assert b"STATUS:CANCELLED" in calendar.content
    assert client.get(f"{index.url}upcoming/").status_code == HTTPStatus.OK
