"""What a search finds, and in what order, read from the rendered search page (issue 13).

The demo content is loaded once for the module (each test runs in a savepoint of that
transaction, as Django's setUpTestData does); a test that needs entries where it controls which
field holds a word adds them on top and they are rolled back after it. The words those tests
use ("marigold", "lantern", ...) appear nowhere in the demo, which each test checks first.
Every test here runs on SQLite and, with DATABASE_URL, on PostgreSQL.
"""

import datetime
import re
from html import unescape
from http import HTTPStatus

import pytest
from django.utils.html import strip_tags

from catalog.models import CurriculumPage, PodcastEpisodePage, ResourcePage
from tests import factories

pytestmark = pytest.mark.django_db

RESULT_TITLE = re.compile(r'class="entry-card__title"[^>]*><a href="[^"]*">(.*?)</a>', re.S)
SPELLING = re.compile(r'<div class="notice notice--spelling"[^>]*>(.*?)</div>', re.S)
LINK = re.compile(r'<a href="([^"]*)"')


@pytest.fixture(autouse=True)
def _demo_loaded(demo_for_module, db):
    """Every test sees the demo (and none sees another test's additions)."""


def search_page(client, url: str = "/search/", **params) -> str:
    response = client.get(url, params)
    assert response.status_code == HTTPStatus.OK
    return response.content.decode()


def result_titles(html: str) -> list[str]:
    """The result cards' titles, in the order the page lists them (highlighting removed)."""
    return [unescape(strip_tags(title)).strip() for title in RESULT_TITLE.findall(html)]


def found(client, query: str) -> list[str]:
    return result_titles(search_page(client, q=query, per_page=100))


def spelling_notice(html: str) -> tuple[str, list[str]]:
    """The "Did you mean" / "Showing results for" notice: its text and its links ("", [])."""
    match = SPELLING.search(html)
    if match is None:
        return "", []
    text = " ".join(unescape(strip_tags(match.group(1))).split())
    return text, [unescape(href) for href in LINK.findall(match.group(1))]


def titles_of(pages) -> set[str]:
    return {page.title for page in pages}


def word_body(text: str) -> list[dict]:
    return [{"type": "paragraph", "value": f"<p>{text}</p>"}]


def vtt(text: str) -> str:
    return f"WEBVTT\n\n00:00.000 --> 00:04.000\n<v Alex Morgan>{text}\n"


def test_the_field_holding_the_word_decides_the_order(client):
    """Title above summary above body above transcript, whatever the dates (newest last here)."""
    assert found(client, "marigold") == []
    kit, show = factories.toolkit(), factories.podcast()
    factories.episode(
        show,
        title="Spring walk",
        transcript=vtt("We planted a marigold by the door."),
        publication_date=datetime.date(2025, 4, 1),
    )
    factories.resource(
        kit,
        title="Garden notes",
        body=word_body("A marigold in every window box."),
        publication_date=datetime.date(2024, 4, 1),
    )
    factories.resource(
        kit,
        title="Planting plan",
        summary="Why the marigold comes first.",
        publication_date=datetime.date(2023, 4, 1),
    )
    factories.resource(kit, title="The marigold guide", publication_date=datetime.date(2022, 4, 1))
    assert found(client, "marigold") == [
        "The marigold guide",
        "Planting plan",
        "Garden notes",
        "Spring walk",
    ]


def test_every_entry_type_ranks_its_title_above_its_text(client):
    """A curriculum's overview and an episode's show notes rank below a title, as a body does."""
    assert found(client, "lantern") == []
    factories.curriculum(
        title="Evening course",
        overview="<p>Bring a lantern.</p>",
        publication_date=datetime.date(2025, 1, 1),
    )
    factories.episode(
        title="Night shift",
        show_notes="<p>The lantern we talked about.</p>",
        publication_date=datetime.date(2025, 1, 2),
    )
    factories.curriculum(title="Lantern training", publication_date=datetime.date(2020, 1, 1))
    titles = found(client, "lantern")
    assert titles[0] == "Lantern training"
    assert set(titles) == {"Lantern training", "Evening course", "Night shift"}


def test_a_quoted_phrase_finds_only_the_words_together(client):
    """In quotes, "forensic interview" finds the phrase, not the two words apart; unquoted it
    finds both, the whole phrase first (though the scattered entry is newer and shorter)."""
    kit = factories.toolkit()
    factories.resource(
        kit,
        title="Kestrel notes",
        summary="Forensic nurses and the interview room.",
        publication_date=datetime.date(2025, 6, 1),
    )
    factories.resource(
        kit,
        title="Kestrel guide",
        summary="How to plan a forensic interview with a young person who is not ready to talk.",
        publication_date=datetime.date(2020, 6, 1),
    )
    assert found(client, 'kestrel "forensic interview"') == ["Kestrel guide"]
    quoted = found(client, '"forensic interview"')
    assert "Kestrel guide" in quoted
    assert "Kestrel notes" not in quoted
    unquoted = found(client, "forensic interview")
    assert unquoted.index("Kestrel guide") < unquoted.index("Kestrel notes")
    assert found(client, 'kestrel -"forensic interview"') == ["Kestrel notes"]


def test_survivor_led_lists_the_survivor_led_curriculum_first(client):
    """The issue's complaint: "survivor led" (or "survivor-led") must lead with the curriculum
    whose title says "survivor-led"."""
    curriculum = CurriculumPage.objects.get(slug="survivor-led-two-day-training")
    for query in ("survivor led", "survivor-led", "Survivor Led"):
        assert found(client, query)[0] == curriculum.title, query


def test_a_minus_word_leaves_out_the_entries_with_it(client):
    """ "exploitation -boys" is "exploitation" less every entry that also says "boys"."""
    everything = found(client, "exploitation")
    with_boys = found(client, "exploitation boys")
    without = found(client, "exploitation -boys")
    assert "Boys don't tell: male victims of exploitation" in with_boys
    assert "Serving boys and young men who have been exploited" in with_boys
    assert without
    assert set(without) == set(everything) - set(with_boys)
    assert "Boys don't tell: male victims of exploitation" not in found(client, "-boys")


def test_a_minus_word_leaves_out_an_entry_whatever_field_holds_it(client):
    """The excluded word in a summary, a body or a transcript leaves the entry out too."""
    kit = factories.toolkit()
    factories.resource(kit, title="Beacon basics")
    factories.resource(kit, title="Beacon summary", summary="Beacon use at sea.")
    factories.resource(kit, title="Beacon body", body=word_body("A beacon for sea rescue."))
    factories.episode(title="Beacon talk", transcript=vtt("The sea was rough that night."))
    assert set(found(client, "beacon")) == {
        "Beacon basics",
        "Beacon summary",
        "Beacon body",
        "Beacon talk",
    }
    assert found(client, "beacon -sea") == ["Beacon basics"]


def test_type_words_find_their_entries(client):
    """ "podcast" finds the five episodes; "curriculum" and "training" list the curricula first;
    "toolkit" finds the resources; "webinar" the webinar recordings."""
    episodes = titles_of(PodcastEpisodePage.objects.live().public())
    assert len(episodes) == 5
    assert set(found(client, "podcast")) == episodes
    curricula = titles_of(CurriculumPage.objects.live().public())
    for query in ("curriculum", "training"):
        titles = found(client, query)
        assert set(titles[: len(curricula)]) == curricula, query
    resources = ResourcePage.objects.live().public()
    assert set(found(client, "toolkit")) == titles_of(resources)
    webinars = titles_of(resources.filter(resource_type="webinar-recording"))
    assert webinars
    assert set(found(client, "webinar")) == webinars


def test_accents_do_not_matter(client):
    """ "explotacion" finds the Spanish guide's "explotación" (and "explotado"), "guia" its
    "guía"; an entry typed without accents is found by the accented word."""
    spanish = ResourcePage.objects.get(slug="supporting-caregivers-es").title
    assert "explotado" in spanish
    for query in ("explotacion", "explotación", "explotado", "guia", "guía"):
        assert found(client, query) == [spanish], query
    factories.resource(title="Hoja informativa", summary="Que es la explotacion sexual.")
    for query in ("explotación", "explotacion"):
        assert set(found(client, query)) == {spanish, "Hoja informativa"}, query


def test_stemming_finds_other_forms_of_a_word(client):
    """As in tests/test_search.py: "screen" finds "screening" and the other forms."""
    screening = set(found(client, "screening"))
    assert "CSEC screening tool for CAC intake" in screening
    for query in ("screen", "screened", "SCREENS"):
        assert set(found(client, query)) == screening, query


@pytest.mark.parametrize(
    ("typed", "meant"), [("traficking", "trafficking"), ("screning", "screening")]
)
def test_a_misspelling_that_finds_nothing_shows_the_close_spelling(client, typed, meant):
    """Nothing matches the typo: the page shows the close spelling's results, says so, and
    links to a search for exactly what was typed, which finds nothing and suggests nothing."""
    html = search_page(client, q=typed, per_page=100)
    notice, links = spelling_notice(html)
    assert f"Nothing matches “{typed}”. Showing results for {meant}." in notice
    assert result_titles(html) == found(client, meant) != []
    assert f"Search for exactly “{typed}”" in notice
    [exact] = links
    assert "exact=1" in exact and f"q={typed}" in exact
    html = client.get(exact).content.decode()
    assert result_titles(html) == []
    assert spelling_notice(html) == ("", [])
    assert f"No results for “{typed}”" in html


def test_a_misspelling_some_entry_holds_offers_the_spelling_most_use(client):
    """One entry says "screning", a dozen say "screening": that one is listed, and the page
    asks "Did you mean screening?" with a link to that search."""
    factories.resource(title="Intake notes", summary="Screning questions for intake.")
    html = search_page(client, q="screning")
    assert result_titles(html) == ["Intake notes"]
    notice, links = spelling_notice(html)
    assert notice == "Did you mean screening?"
    [suggested] = links
    assert "q=screening" in suggested
    assert result_titles(client.get(suggested).content.decode()) == found(client, "screening")


@pytest.mark.parametrize("query", ["exploitation", "screening", "trafficking", "survivor led"])
def test_a_well_spelled_search_suggests_nothing(client, query):
    """Plenty of results, or fewer than ten but no spelling that finds five times as many."""
    html = search_page(client, q=query)
    assert result_titles(html)
    assert spelling_notice(html) == ("", [])
