"""Curricula and podcast episodes in and out of CSV, beside resources (issue 17): every column
round-trips (export → import is "unchanged" for every row), and bad rows get line-numbered
errors that name things as the admin does."""

import contextlib
import csv
import datetime
import io
import time
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.importing.agenda import parse_agenda
from catalog.importing.checking import check_rows
from catalog.importing.columns import ColumnError, Vocabulary
from catalog.importing.curricula import CURRICULA
from catalog.importing.episodes import EPISODES
from catalog.importing.exporting import export_csv
from catalog.importing.files import read_rows
from catalog.models import CurriculumPage, Discipline, PodcastEpisodePage
from tests import factories
from tests.test_import_checks import user_in
from tests.test_imports import csv_text, import_in_admin

pytestmark = pytest.mark.django_db

AGENDA = """Day 1: Recognizing exploitation
09:00-10:30 What exploitation looks like | Survivor leader
10:45-12:00 Screening at intake | CAC director | Victim advocacy; law-enforcement
    Practising the questions in pairs.

    Then a case, together.
- Lunch with the trainers
Day 2: Responding as a team
9:00–11:00 Forensic interviews with exploited youth |  | Forensic interviewing"""


@pytest.fixture
def places(home):
    for name in ("Victim advocacy", "Law enforcement", "Forensic interviewing"):
        factories.discipline(name)
    factories.audience("CAC staff")
    factories.topic("Identification and screening")
    show = factories.podcast(title="One in Ten", slug="one-in-ten")
    chapter = factories.chapter(title="CACs of Pennsylvania", slug="pennsylvania")
    return chapter, show


def curriculum_row(number: int = 1, **changes) -> dict:
    return {
        "parent": "pennsylvania", "slug": f"training-{number}", "title": f"Training {number}",
        "summary": "Two days for CAC teams.", "delivery_format": "Hybrid",
        "survivor_involvement": "Survivor-led", "duration_hours": "", "ce_hours": "6.5",
        "price": "25", "accreditation": "NCA standard", "learning_objectives":
        "Recognize the signs\nScreen every referral", "agenda": AGENDA,
        "funding_note": "A Children's Justice Act grant.", "contact_name": "Chris",
        "contact_email": "chris@example.org", "publication_date": "2021-03-01",
        "language": "English", "disciplines": "Victim advocacy | Law enforcement",
        "audiences": "CAC staff", "topics": "Identification and screening", **changes,
    }  # fmt: skip


def episode_row(number: int = 1, **changes) -> dict:
    return {
        "parent": "One in Ten", "slug": f"episode-{number}", "title": f"Episode {number}",
        "summary": "A conversation.", "season": "2", "episode_number": str(number),
        "episode_type": "Bonus", "audio_url": f"https://media.example.org/{number}.mp3",
        "audio_length_bytes": "28311552", "duration": "0:39:20",
        "guests": "Riley Chen | CAC intake coordinator\nSam Patel | | https://example.org/sam",
        "publication_date": "2021-02-09", "language": "Spanish",
        "disciplines": "Forensic interviewing", "audiences": "CAC staff", "topics": "",
        **changes,
    }  # fmt: skip


@pytest.fixture
def file(tmp_path):
    """file(kind, rows) or file(text=…): a CSV file to import."""
    paths = iter(tmp_path / f"{number}.csv" for number in range(1000))

    def write(kind=None, rows=(), text: str = "") -> str:
        path = next(paths)
        path.write_text(text or csv_text(list(rows), kind.header), encoding="utf-8")
        return str(path)

    return write


@pytest.fixture
def imported(file):
    def run(kind, rows: list[dict], *options: str) -> str:
        output = io.StringIO()
        call_command("import_resources", file(kind, rows), "--kind", kind.name, *options,
                     stdout=output, stderr=output)  # fmt: skip
        return output.getvalue()

    return run


@pytest.fixture
def errors_of(file):
    def run(kind, rows: list[dict]) -> list[str]:
        output = io.StringIO()
        with pytest.raises(CommandError, match="nothing was imported"):
            call_command("import_resources", file(kind, rows), "--kind", kind.name,
                         stdout=output, stderr=output)  # fmt: skip
        return [line for line in output.getvalue().splitlines() if line.startswith("line ")]

    return run


def exported(kind) -> str:
    output = io.StringIO()
    call_command("export_resources", "--kind", kind.name, stdout=output)
    return output.getvalue()


@pytest.fixture
def reimported(file):
    def run(kind) -> str:
        output = io.StringIO()
        call_command("import_resources", file(text=exported(kind)), "--kind", kind.name,
                     stdout=output)  # fmt: skip
        return output.getvalue()

    return run


def test_a_curriculum_with_its_agenda_is_imported(places, imported):
    assert "1 curriculum created, 0 updated and 0 unchanged." in imported(
        CURRICULA, [curriculum_row()], "--publish"
    )
    page = CurriculumPage.objects.get()
    assert (page.delivery_format, page.survivor_involvement, page.price, page.ce_hours) == (
        "hybrid", "survivor-led", Decimal(25), Decimal("6.5")
    )  # fmt: skip
    assert [block.value for block in page.learning_objectives] == [
        "Recognize the signs", "Screen every referral"
    ]  # fmt: skip
    day_one, day_two = (block.value for block in page.agenda)
    assert day_one["title"] == "Day 1: Recognizing exploitation"
    screening = day_one["sessions"][1]
    assert (screening["start"], screening["end"], screening["presenter_role"]) == (
        datetime.time(10, 45), datetime.time(12), "CAC director"
    )  # fmt: skip
    assert [term.name for term in screening["disciplines"]] == [
        "Victim advocacy",
        "Law enforcement",
    ]
    assert (
        screening["description"] == "Practising the questions in pairs.\n\nThen a case, together."
    )
    assert (day_one["sessions"][2]["title"], day_one["sessions"][2]["start"]) == (
        "Lunch with the trainers", None
    )  # fmt: skip
    assert day_two["sessions"][0]["end"] == datetime.time(11)
    assert page.duration_hours == Decimal("4.75")  # worked out from the timed sessions


def test_curricula_round_trip_unchanged(places, imported, reimported):
    chapter, _show = places
    imported(CURRICULA, [curriculum_row(1), curriculum_row(2, agenda="", duration_hours="12")])
    factories.curriculum(
        chapter,
        slug="made-in-the-admin",
        agenda=[{"type": "day", "value": {"title": "Day 1", "sessions": [
            {"start": "09:00:00", "end": "10:00:00", "title": "Opening", "description": None,
             "presenter_role": "", "disciplines": [Discipline.objects.first().pk]}]}}],
    )  # fmt: skip
    assert "0 curricula created, 0 updated and 3 unchanged." in reimported(CURRICULA)
    rows = list(csv.DictReader(io.StringIO(exported(CURRICULA).lstrip("\ufeff"))))
    assert rows[0]["agenda"] == AGENDA.replace(
        "Victim advocacy; law-enforcement", "Law enforcement; Victim advocacy"
    ).replace("9:00–11:00", "09:00-11:00")
    assert (rows[0]["duration_hours"], rows[0]["learning_objectives"]) == (
        "4.75", "Recognize the signs\nScreen every referral"
    )  # fmt: skip


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"parent": "ohio"}, "no chapter “ohio”: the chapters are “CACs of Pennsylvania”"),
        ({"agenda": "09:00-10:00 Opening"},
         "agenda, “09:00-10:00 Opening”: a session before any day: begin with a day's title"),
        ({"agenda": "Day 1\n09:00-25:00 Opening"},
         "agenda, “09:00-25:00 Opening”: 09:00-25:00 is not a time range like 09:00-10:30"),
        ({"agenda": "Day 1\n10:00-09:00 Opening"},
         "agenda, “Opening”: the session ends before it starts"),
        ({"agenda": "Day 1\n09:00-10:30 Opening\n10:00-11:00 Next"},
         "agenda, “Next”: the session overlaps “Opening” (09:00-10:30) on “Day 1”"),
        ({"agenda": "Day 1\n09:00-10:00 Opening | Trainer | Judges"},
         "agenda, “09:00-10:00 Opening | Trainer | Judges”: disciplines: unknown “Judges” — "
         "choose from Forensic interviewing, Law enforcement, Victim advocacy"),
        ({"agenda": "Day 1\n    An indented line"},
         "agenda, “An indented line”: an indented line describes a session: put a session "
         "above"),
        ({"agenda": "Day 1\n09:00-10:00 Opening | a | b | c"},
         "agenda, “09:00-10:00 Opening | a | b | c”: a session is “times title | presenter "
         "role | disciplines”"),
        ({"duration_hours": "12"},
         "duration_hours 12 is not the 4.75 hours of the agenda's timed sessions: leave it "
         "empty or give 4.75"),
        ({"price": "-5"}, "price “-5” is not a number of 0 or more, like 12 or 7.5"),
        ({"ce_hours": "1.234"}, "ce_hours “1.234” has more than 2 decimal places"),
        ({"delivery_format": "Webinar"},
         "delivery_format “Webinar” is not one of In person, Online, Hybrid"),
        ({"contact_email": "chris at example"},
         "contact_email “chris at example” is not an email address"),
    ],
)  # fmt: skip
def test_bad_curriculum_rows_say_what_to_fix(places, changes, error, errors_of):
    assert errors_of(CURRICULA, [curriculum_row(1), curriculum_row(2, **changes)]) == [
        f"line 3: {error}"
    ]
    assert not CurriculumPage.objects.exists()


def test_an_episode_is_imported_with_its_guests_and_hosted_audio(places, imported):
    assert "2 podcast episodes created" in imported(EPISODES, [episode_row(1), episode_row(2)])
    page = PodcastEpisodePage.objects.get(slug="episode-1").get_latest_revision_as_object()
    assert (page.season, page.episode_number, page.episode_type, page.language) == (
        2, 1, "bonus", "es"
    )  # fmt: skip
    assert (page.audio_url, page.audio_length_bytes, page.duration) == (
        "https://media.example.org/1.mp3", 28311552, datetime.timedelta(minutes=39, seconds=20)
    )  # fmt: skip
    assert [(guest.name, guest.role, guest.link) for guest in page.guests.all()] == [
        ("Riley Chen", "CAC intake coordinator", ""),
        ("Sam Patel", "", "https://example.org/sam"),
    ]


def test_episodes_round_trip_unchanged(places, imported, reimported):
    _chapter, show = places
    imported(EPISODES, [episode_row(1), episode_row(2, guests="", duration="", season="")],
             "--publish")  # fmt: skip
    uploaded = factories.document(title="Audio", filename="episode.mp3", content=b"ID3")
    factories.episode(show, slug="uploaded-audio", audio_file=uploaded, audio_length_bytes=3)
    assert "0 podcast episodes created, 0 updated and 3 unchanged." in reimported(EPISODES)
    rows = {row["slug"]: row for row in csv.DictReader(io.StringIO(exported(EPISODES)[1:]))}
    assert rows["uploaded-audio"]["audio_url"] == ""  # an uploaded file has no hosted URL
    assert rows["episode-1"]["guests"] == (
        "Riley Chen | CAC intake coordinator\nSam Patel |  | https://example.org/sam"
    )
    assert (rows["episode-1"]["duration"], rows["episode-1"]["episode_type"]) == (
        "0:39:20", "Bonus"
    )  # fmt: skip


def test_a_guest_change_is_an_update(places, imported):
    imported(EPISODES, [episode_row(1)], "--publish")
    assert "0 podcast episodes created, 1 updated" in imported(
        EPISODES, [episode_row(1, guests="Riley Chen | CAC director")], "--publish"
    )
    assert [guest.role for guest in PodcastEpisodePage.objects.get().guests.all()] == [
        "CAC director"
    ]


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"parent": "Two in Ten"}, "no show “Two in Ten”: the shows are “One in Ten”"),
        ({"audio_length_bytes": ""},
         "audio_length_bytes is empty: podcast apps need the hosted audio's size in bytes"),
        ({"duration": "42 minutes"}, "duration “42 minutes” is not a running time like 0:42:10"),
        ({"season": "one"}, "season “one” is not a whole number of 0 or more"),
        ({"episode_number": "99999"}, "episode_number “99999” is too large (at most 32,767)"),
        ({"episode_type": "Special"},
         "episode_type “Special” is not one of Full episode, Trailer, Bonus"),
        ({"audio_url": "ftp://media.example.org/x.mp3"},
         "audio_url “ftp://media.example.org/x.mp3” is not a web address"),
        ({"guests": "Riley | host | https://x.example | extra"},
         "guests, “Riley | host | https://x.example | extra”: a guest is “name | role | link”, "
         "the name first"),
        ({"guests": "Riley | host | not a link"}, "guests: link “not a link” is not a web address"),
        ({"disciplines": "Medical"},
         "disciplines: unknown “Medical” — choose from Forensic interviewing, Law enforcement, "
         "Victim advocacy"),
    ],
)  # fmt: skip
def test_bad_episode_rows_say_what_to_fix(places, changes, error, errors_of):
    assert errors_of(EPISODES, [episode_row(1), episode_row(2, **changes)]) == [f"line 3: {error}"]
    assert not PodcastEpisodePage.objects.exists()


def test_hosted_audio_beside_an_uploaded_file_is_refused(places, errors_of):
    _chapter, show = places
    uploaded = factories.document(title="Audio", filename="episode.mp3", content=b"ID3")
    factories.episode(show, slug="episode-1", audio_file=uploaded, audio_length_bytes=3)
    assert errors_of(EPISODES, [episode_row(1)]) == [
        "line 2: audio_url: this episode has an uploaded audio file, and an episode has a file "
        "or a hosted URL, not both; leave audio_url empty or remove the file in the admin"
    ]


def test_a_long_vocabulary_is_cut_short_in_messages(places, errors_of):
    for number in range(10):
        factories.discipline(f"Discipline {number:02}")
    [error] = errors_of(EPISODES, [episode_row(1, disciplines="Nobody | Medical")])
    assert error == (
        "line 2: disciplines: unknown “Nobody”, “Medical” — choose from Discipline 00, "
        "Discipline 01, Discipline 02, Discipline 03, Discipline 04, Discipline 05, Discipline "
        "06, Discipline 07 and 5 more"
    )


def test_counts_are_singular_and_plural(places, imported):
    assert "1 podcast episode created" in imported(EPISODES, [episode_row(1)])
    assert "1 curriculum created" in imported(CURRICULA, [curriculum_row(1)])
    assert "2 curricula created" in imported(CURRICULA, [curriculum_row(2), curriculum_row(3)])


def test_curricula_and_episodes_import_through_the_admin_into_review(admin_client, places):
    import_in_admin(admin_client, csv_text([curriculum_row(1)], CURRICULA.header), "curricula")
    import_in_admin(admin_client, csv_text([episode_row(1)], EPISODES.header), "episodes")
    for page in (CurriculumPage.objects.get(), PodcastEpisodePage.objects.get()):
        assert not page.live and page.workflow_in_progress
    response = admin_client.get("/admin/catalog/export/episodes.csv")
    assert response["Content-Disposition"] == 'attachment; filename="episodes.csv"'
    assert "episode-1" in response.content.decode("utf-8-sig")


def test_checking_and_exporting_curricula_and_episodes_cost_the_same_queries_for_more_rows(
    places, imported, django_user_model
):
    imported(CURRICULA, [curriculum_row(number) for number in range(1, 13)], "--publish")
    imported(EPISODES, [episode_row(number) for number in range(1, 13)], "--publish")
    editor = user_in(django_user_model, "Catalog editors", "counted")

    def queries(kind, rows: list[dict]) -> tuple[int, int]:
        user = django_user_model.objects.get(pk=editor.pk)  # no permissions cached from before
        text = csv_text(rows, kind.header)
        with CaptureQueriesContext(connection) as checking:
            checked = check_rows(kind, read_rows(text, kind.header, kind.required), user)
        assert not [row.errors for row in checked if row.errors]
        with CaptureQueriesContext(connection) as exporting:
            export_csv(kind, django_user_model.objects.get(pk=editor.pk))
        return len(checking), len(exporting)

    changed = {"title": "Changed"}
    assert queries(CURRICULA, [curriculum_row(n, **changed) for n in range(1, 3)]) == queries(
        CURRICULA, [curriculum_row(n, **changed) for n in range(1, 13)]
    )
    assert queries(EPISODES, [episode_row(n, **changed) for n in range(1, 3)]) == queries(
        EPISODES, [episode_row(n, **changed) for n in range(1, 13)]
    )


@pytest.mark.parametrize(
    "line",
    ["0" * 100_000, "09:00-" + " " * 100_000 + "x", "- " * 50_000, "09:00-10:00 T" + "|" * 100_000,
     "9:00" + "-" * 100_000, " " * 100_000 + "x"],
)  # fmt: skip
def test_long_agenda_and_guest_lines_are_read_in_linear_time(places, line):
    started = time.perf_counter()
    for cell in (f"Day 1\n09:00-10:00 Opening\n{line}", line):
        with contextlib.suppress(ColumnError):
            parse_agenda(cell, Vocabulary())
        with contextlib.suppress(ColumnError):
            EPISODES.by_name["guests"].parse(cell, Vocabulary())
    assert time.perf_counter() - started < 1
