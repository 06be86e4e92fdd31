"""Curricula in a file: one row per curriculum of a state chapter.

Columns: parent (the chapter, by slug or title), slug, title, summary, delivery_format,
survivor_involvement, duration_hours, ce_hours, price, accreditation, learning_objectives (one a
line), agenda (days and sessions: catalog.importing.agenda), funding_note, contact_name,
contact_email, publication_date, language, disciplines, audiences, topics. The overview,
materials, prerequisites and offerings are edited in the admin.

When the agenda's sessions have times, the page works its duration out from them; a row that
gives another duration_hours is refused rather than silently overruled.
"""

from catalog.importing.agenda import AgendaColumn, timed_hours
from catalog.importing.columns import LinesColumn, Vocabulary
from catalog.importing.field_columns import DecimalColumn, field_column
from catalog.importing.files import Row
from catalog.importing.kinds import Example, Kind, entry_columns
from catalog.models import ChapterPage, CurriculumPage


def example(values: Example) -> dict[str, str]:
    disciplines = values.names("disciplines", "; ")
    return {
        "parent": values.parent,
        "slug": "sample-recognizing-exploitation-half-day",
        "title": "Sample: Recognizing exploitation, a half-day training for CAC teams",
        "summary": "A morning for multidisciplinary teams new to exploitation cases: the signs, "
        "screening at intake, and who to call.",
        "delivery_format": "In person",
        "survivor_involvement": "Survivor-informed",
        "duration_hours": "2.75",
        "ce_hours": "2.75",
        "price": "0",
        "accreditation": "",
        "learning_objectives": "Recognize the signs of commercial sexual exploitation\n"
        "Screen every referral for exploitation at intake",
        "agenda": "Day 1: Recognizing exploitation\n"
        "09:00-10:30 What exploitation looks like | Survivor leader\n"
        f"10:45-12:00 Screening at intake and tracking cases | CAC director | {disciplines}\n"
        "    Practising the screening questions in pairs.",
        "funding_note": "A Children's Justice Act grant.",
        "contact_name": "",
        "contact_email": "trainings@example.org",
        "publication_date": "2021-01-01",
        "language": "English",
        **values.every_vocabulary(),
    }


def rules(row: Row, content: dict, vocabulary: Vocabulary) -> list[str]:
    """The duration of a timed agenda is the sum of its sessions (CurriculumPage.clean)."""
    if "agenda" not in row.fields and "duration_hours" not in row.fields:
        return []
    agenda = row.fields["agenda"] if "agenda" in row.fields else content.get("agenda")
    hours = timed_hours(agenda)
    if hours is None:
        return []
    given = row.fields.get("duration_hours")
    if given is not None and given != hours:
        shown = DURATION.show(hours)
        return [f"duration_hours {DURATION.show(given)} is not the {shown} hours of the agenda's "
                f"timed sessions: leave it empty or give {shown}"]  # fmt: skip
    row.fields["duration_hours"] = hours  # as the page will work it out
    return []


DURATION = DecimalColumn(CurriculumPage, "duration_hours")
CURRICULA = Kind(
    name="curricula",
    model=CurriculumPage,
    parent_model=ChapterPage,
    parent_noun=("chapter", "chapters"),
    counted_as=("%(count)s curriculum", "%(count)s curricula"),
    columns=entry_columns(
        CurriculumPage,
        [
            field_column(CurriculumPage, "delivery_format"),
            field_column(CurriculumPage, "survivor_involvement"),
            DURATION,
            field_column(CurriculumPage, "ce_hours"),
            field_column(CurriculumPage, "price"),
            field_column(CurriculumPage, "accreditation"),
            LinesColumn(CurriculumPage, "learning_objectives", "objective"),
            AgendaColumn(CurriculumPage, "agenda"),
            field_column(CurriculumPage, "funding_note"),
            field_column(CurriculumPage, "contact_name"),
            field_column(CurriculumPage, "contact_email"),
        ],
    ),
    example=example,
    rules=rules,
    notes=(
        "learning_objectives: one objective a line (in a spreadsheet, Alt+Enter starts a new "
        "line in a cell).",
        "agenda: a line per day, its title (“Day 1: Recognizing exploitation”), then a line per "
        "session: “09:00-10:30 Title | presenter role | disciplines”, the disciplines separated "
        "by “;”, or “- Title | …” for a session without times; a session's description goes on "
        "indented lines beneath it.",
        "duration_hours: worked out from the agenda when its sessions have times; leave it "
        "empty then.",
        "The overview, materials, prerequisites and offerings are edited in the admin, and an "
        "import leaves them as they are.",
    ),
)
