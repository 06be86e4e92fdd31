"""Small factories: a published page tree and tagged entries, with sensible defaults."""

import datetime
import itertools

from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import BaseViewRestriction, Page, PageViewRestriction

from catalog.models import (
    Audience,
    ChapterIndexPage,
    ChapterPage,
    CurriculumOffering,
    CurriculumPage,
    Discipline,
    HomePage,
    PodcastEpisodePage,
    PodcastPage,
    ResourcePage,
    ToolkitPage,
    Topic,
)

_numbers = itertools.count(1)


def home_page() -> HomePage:
    """The home page the data migration created."""
    return HomePage.objects.get()


def publish(parent: Page, page: Page, live: bool = True) -> Page:
    """Add `page` under `parent`, published (or only saved as a draft when live=False)."""
    page.live = live
    parent.add_child(instance=page)
    revision = page.save_revision()
    if live:
        revision.publish()
    page.refresh_from_db()
    return page.specific


def members_only(page: Page) -> Page:
    """Put `page` behind a "signed-in members only" view restriction."""
    PageViewRestriction.objects.create(page=page, restriction_type=BaseViewRestriction.LOGIN)
    return page


def discipline(name: str = "", **fields) -> Discipline:
    return Discipline.objects.create(name=name or f"Discipline {next(_numbers)}", **fields)


def audience(name: str = "", **fields) -> Audience:
    return Audience.objects.create(name=name or f"Audience {next(_numbers)}", **fields)


def topic(name: str = "", **fields) -> Topic:
    return Topic.objects.create(name=name or f"Topic {next(_numbers)}", **fields)


def document(title: str = "Handout", filename: str = "handout.pdf", content: bytes = b"%PDF-1.4"):
    doc = get_document_model()(title=title)
    doc.file.save(filename, ContentFile(content), save=False)
    doc._set_document_file_metadata()
    doc.save()
    return doc


def _entry_defaults(fields: dict) -> dict:
    number = next(_numbers)
    return {
        "title": f"Entry {number}",
        "slug": f"entry-{number}",
        "summary": f"Summary of entry {number}.",
        "publication_date": datetime.date(2024, 1, 1),
        **fields,
    }


def toolkit(parent: Page | None = None, **fields) -> ToolkitPage:
    number = next(_numbers)
    page = ToolkitPage(**{"title": f"Toolkit {number}", "slug": f"toolkit-{number}", **fields})
    return publish(parent or home_page(), page)


def resource(parent: ToolkitPage | None = None, live: bool = True, **fields) -> ResourcePage:
    page = ResourcePage(**_entry_defaults({"resource_type": "guide", **fields}))
    return publish(parent or toolkit(), page, live=live)


def chapter_index(parent: Page | None = None, **fields) -> ChapterIndexPage:
    existing = ChapterIndexPage.objects.first()
    if existing:
        return existing
    page = ChapterIndexPage(**{"title": "Trainings", "slug": "trainings", **fields})
    return publish(parent or home_page(), page)


def chapter(parent: ChapterIndexPage | None = None, **fields) -> ChapterPage:
    number = next(_numbers)
    page = ChapterPage(
        **{"title": f"Chapter {number}", "slug": f"chapter-{number}", "state": "Ohio", **fields}
    )
    return publish(parent or chapter_index(), page)


def curriculum(parent: ChapterPage | None = None, live: bool = True, **fields) -> CurriculumPage:
    page = CurriculumPage(**_entry_defaults(fields))
    return publish(parent or chapter(), page, live=live)


def podcast(parent: Page | None = None, **fields) -> PodcastPage:
    number = next(_numbers)
    page = PodcastPage(
        **{
            "title": f"Show {number}",
            "slug": f"show-{number}",
            "description": "A show about the work.",
            "owner_email": "podcast@example.org",
            **fields,
        }
    )
    return publish(parent or home_page(), page)


def episode(parent: PodcastPage | None = None, live: bool = True, **fields) -> PodcastEpisodePage:
    page = PodcastEpisodePage(**_entry_defaults(fields))
    return publish(parent or podcast(), page, live=live)


def offering(curriculum: CurriculumPage, days_from_today: int = 30, **fields) -> CurriculumOffering:
    """An offering of `curriculum`, 9:00 to 16:00 Eastern, `days_from_today` days from today."""
    start = datetime.date.today() + datetime.timedelta(days=days_from_today)
    values = {
        "start_date": start,
        "start_time": datetime.time(9),
        "end_time": datetime.time(16),
        "venue": "Harrisburg, Pennsylvania",
        **fields,
    }
    return CurriculumOffering.objects.create(curriculum=curriculum, **values)
