"""Each page type shows what a visitor needs: its metadata, tags, body and links."""

import datetime
import html
import re

import pytest

from catalog.models import EpisodeGuest
from tests import factories

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    """The response body with tags removed and whitespace collapsed, for reading assertions."""
    markup = response.content.decode()
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", markup)))


def test_resource_page_shows_its_metadata_tags_and_file(client, home):
    interviewing = factories.discipline("Forensic interviewing")
    staff = factories.audience("CAC staff")
    screening = factories.topic("Identification and screening")
    handout = factories.document("Screening tool", "screening-tool.pdf", b"%PDF-1.4 " * 100)
    page = factories.resource(
        title="CSEC screening tool",
        summary="Ten questions for intake staff.",
        resource_type="screening-tool",
        publisher="National Children's Alliance",
        length="4 pages",
        language="es",
        publication_date=datetime.date(2023, 5, 2),
        last_reviewed=datetime.date(2026, 5, 20),
        document=handout,
        disciplines=[interviewing],
        audiences=[staff],
        topics=[screening],
        body=[{"type": "paragraph", "value": "<p>Screen every referral.</p>"}],
    )

    response = client.get(page.url)

    assert response.status_code == 200
    text = text_of(response)
    for expected in [
        "CSEC screening tool",
        "Ten questions for intake staff.",
        "Screening tool",
        "Publisher National Children's Alliance",
        "Length 4 pages",
        "Language Spanish",
        "Published May 2, 2023",
        "Last reviewed May 20, 2026",
        "Screen every referral.",
        "Forensic interviewing",
        "CAC staff",
        "Identification and screening",
        "(PDF, 900 bytes)",
    ]:
        assert expected in text, expected
    html = response.content.decode()
    assert f'href="{handout.url}"' in html
    assert '<h1 lang="es">CSEC screening tool</h1>' in html  # the material's language


def test_external_resource_links_out_without_leaking_the_referrer(client, home):
    page = factories.resource(external_url="https://www.example.org/guide.pdf")
    html = client.get(page.url).content.decode()
    assert 'href="https://www.example.org/guide.pdf" rel="noopener noreferrer"' in html
    assert "on www.example.org" in html


def test_census_table_renders_with_caption_and_headers(client, home):
    table = {
        "caption": "Top barriers",
        "columns": [{"type": "text", "heading": "Barrier"}, {"type": "text", "heading": "2020"}],
        "rows": [{"values": ["Identification/screening", "54%"]}],
    }
    page = factories.resource(body=[{"type": "table", "value": table}])
    html = client.get(page.url).content.decode()
    assert "<caption>Top barriers</caption>" in html
    assert '<th scope="col">2020</th>' in html
    assert '<th scope="row">Identification/screening</th><td>54%</td>' in html


def test_curriculum_page_shows_its_shape_agenda_and_materials(client, home):
    advocacy = factories.discipline("Victim advocacy")
    chapter = factories.chapter(
        title="CACs of Pennsylvania", contact_name="Chris Kirchner", contact_email="cc@example.org"
    )
    tool = factories.resource(title="Screening tool")
    handout = factories.document("Day 1 slides", "day-1.pdf")
    page = factories.curriculum(
        chapter,
        title="Survivor-led two-day training",
        overview="<p>Two days for the whole team.</p>",
        learning_objectives=[{"type": "objective", "value": "Recognize exploitation"}],
        duration_hours="11",
        delivery_format="hybrid",
        survivor_involvement="survivor-led",
        funding_note="A Children's Justice Act grant.",
        agenda=[
            {
                "type": "day",
                "value": {
                    "title": "Day 1: Recognizing exploitation",
                    "sessions": [
                        {
                            "start": "09:00",
                            "end": "10:30",
                            "title": "A survivor's account",
                            "description": "How it starts.",
                            "presenter_role": "Survivor leader",
                            "disciplines": [advocacy.pk],
                        }
                    ],
                },
            }
        ],
        materials=[
            {"type": "resource", "value": tool.pk},
            {"type": "document", "value": handout.pk},
        ],
    )

    text = text_of(client.get(page.url))

    for expected in [
        "Offered by CACs of Pennsylvania",
        "Duration 1.50 hours",  # the agenda's one timed session: the editor's 11 is replaced
        "Format Hybrid",
        "Survivor involvement Survivor-led",
        "Funding A Children's Justice Act grant.",
        "Contact Chris Kirchner, cc@example.org",  # the chapter's, as the curriculum has none
        "Two days for the whole team.",
        "Recognize exploitation",
        "Day 1: Recognizing exploitation",
        "9:00 AM – 10:30 AM",
        "A survivor's account",
        "Led by: Survivor leader",
        "For: Victim advocacy",
        "Screening tool (toolkit resource)",
        "Day 1 slides (PDF)",
    ]:
        assert expected in text.replace("–", " – ").replace("  ", " "), expected


def test_episode_page_shows_player_numbering_and_guests(client, home):
    audio = factories.document("Episode audio", "episode.mp3", b"\xff\xfb\x10\xc0" + bytes(100))
    page = factories.episode(
        title="The pipeline",
        season=1,
        episode_number=4,
        publication_date=datetime.date(2020, 11, 10),
        duration=datetime.timedelta(minutes=42),
        audio_file=audio,
        show_notes="<p>What we talked about.</p>",
    )
    EpisodeGuest.objects.create(
        episode=page, name="Alex Morgan", role="Survivor leader", link="https://example.org/alex"
    )

    response = client.get(page.url)
    html, text = response.content.decode(), text_of(response)

    assert f'<audio id="episode-player" controls preload="metadata" src="{audio.url}">' in html
    assert '<a href="https://example.org/alex" rel="noopener noreferrer">Alex Morgan</a>, ' in html
    assert "Survivor leader" in text
    for expected in [
        "Episode Season 1, episode 4",
        "Aired November 10, 2020",
        "Length 42 min",
        "What we talked about.",
        "Download the episode (MP3, 104 bytes)",
    ]:
        assert expected in text, expected


def test_chapter_page_lists_its_curricula_and_contact(client, home):
    chapter = factories.chapter(
        title="CACs of Ohio", contact_name="Pat Lee", website="https://x.org"
    )
    factories.curriculum(chapter, title="Two-day training")
    text = text_of(client.get(chapter.url))
    assert "Two-day training" in text
    assert "Contact Pat Lee" in text
    assert "Website https://x.org" in text


@pytest.mark.parametrize("bad_page", ["abc", "0", "-1", "999", "1e9999", "%00", "2.5", ""])
def test_index_pages_paginate_and_bad_page_numbers_still_give_a_page(
    client, home, settings, bad_page
):
    settings.CATALOG_PAGE_SIZE = 2
    kit = factories.toolkit(title="Toolkit")
    for number in range(5):
        factories.resource(kit, title=f"Resource {number}")
    response = client.get(kit.url, {"page": bad_page})
    assert response.status_code == 200
    assert len(response.context["entries"].object_list) in {1, 2}
    assert "of 5" in text_of(response)


def test_index_lists_entries_newest_first(client, home):
    kit = factories.toolkit()
    older = factories.resource(kit, title="Older", publication_date=datetime.date(2020, 1, 1))
    newer = factories.resource(kit, title="Newer", publication_date=datetime.date(2025, 1, 1))
    entries = client.get(kit.url).context["entries"].object_list
    assert [entry.pk for entry in entries] == [newer.pk, older.pk]


def test_home_page_leads_to_browse_pages_sections_and_latest(client, home):
    interviewing = factories.discipline("Forensic interviewing")
    caregivers = factories.audience("Caregivers")
    kit = factories.toolkit(title="Resource Toolkit", intro="<p>Tools for teams.</p>")
    factories.resource(kit, title="Newest guide")
    html = client.get("/").content.decode()
    assert f'href="{interviewing.get_absolute_url()}"' in html
    assert f'href="{caregivers.get_absolute_url()}"' in html
    assert "Resource Toolkit" in html and "Tools for teams." in html
    assert "Newest guide" in html


def test_not_found_is_a_friendly_page(client, home):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()
    assert 'href="/"' in response.content.decode()


def test_server_error_page_needs_no_database_or_request(rf):
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_stylesheets_are_served_hashed_compressed_and_cached_for_a_year(client, home):
    html = client.get("/").content.decode()
    stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', html).group(1)
    response = client.get(stylesheet, HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "max-age=315360000" in response["Cache-Control"]


def test_health_check_answers_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]
