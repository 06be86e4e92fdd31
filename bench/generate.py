"""Fill a fresh catalog database with N realistic, tagged entries, fast.

    DATABASE_URL=... python bench/generate.py 100000

Wagtail pages are normally created one `add_child` at a time (a few milliseconds each); here the
page rows are bulk-inserted with their tree paths computed, and each multi-table child row is
inserted per table. Run `manage.py update_index` afterwards (bench/search.py does, and times it).
"""

import datetime
import os
import random
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "catalog.settings")

import django

django.setup()

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from wagtail.models import Page  # noqa: E402

from bench.text import entry_text  # noqa: E402
from catalog.demo.loader import DemoLoader  # noqa: E402
from catalog.models import (  # noqa: E402
    Audience,
    CatalogEntryPage,
    ChapterIndexPage,
    ChapterPage,
    CurriculumPage,
    Discipline,
    HomePage,
    PodcastEpisodePage,
    PodcastPage,
    ResourcePage,
    ToolkitPage,
    Topic,
)

BATCH = 1_000
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # treebeard's, steplen 4
SHARE = {ResourcePage: 0.7, CurriculumPage: 0.15, PodcastEpisodePage: 0.15}
STATES = ["Pennsylvania", "Ohio", "Texas", "Oregon", "Georgia"]


def tree_step(number: int) -> str:
    """The 4-character path step of the `number`th child (1-based), as treebeard writes it."""
    step = ""
    for _ in range(4):
        number, digit = divmod(number, 36)
        step = ALPHABET[digit] + step
    return step


def publish(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def parents() -> dict:
    """The index pages entries go under: a toolkit, five chapters, a podcast."""
    home = HomePage.objects.get()
    kit = publish(home, ToolkitPage(title="Resource toolkit", slug="toolkit", show_in_menus=True))
    index = publish(home, ChapterIndexPage(title="Chapter trainings", slug="trainings"))
    chapters = [
        publish(index, ChapterPage(title=f"CACs of {state}", slug=state.lower(), state=state))
        for state in STATES
    ]
    show = publish(
        home,
        PodcastPage(
            title="One in Ten",
            slug="one-in-ten",
            description="Podcast.",
            owner_email="podcast@example.org",
        ),
    )
    return {ResourcePage: [kit], CurriculumPage: chapters, PodcastEpisodePage: [show]}


def type_fields(model, rng: random.Random, text: dict) -> dict:
    if model is ResourcePage:
        return {
            "resource_type": rng.choice(["fact-sheet", "guide", "screening-tool", "protocol",
                                         "report", "video", "webinar-recording", "template"]),
            "publisher": rng.choice(["National Children's Alliance", "A state chapter", "OJJDP"]),
            "length": f"{rng.randint(1, 40)} pages",
            "body": [{"type": "paragraph", "value": f"<p>{text['body']}</p>"}],
        }  # fmt: skip
    if model is CurriculumPage:
        return {
            "overview": f"<p>{text['body']}</p>",
            "duration_hours": rng.choice([3, 4.5, 6, 11, 12]),
            "delivery_format": rng.choice(["in-person", "online", "hybrid"]),
            "survivor_involvement": rng.choice(["", "survivor-led", "survivor-informed"]),
            "agenda": [],
            "learning_objectives": [],
            "materials": [],
        }
    return {
        "season": rng.randint(1, 6),
        "episode_number": rng.randint(1, 30),
        "audio_url": "https://podcast.example.org/episode.mp3",
        "audio_length_bytes": rng.randint(10_000_000, 90_000_000),
        "duration": datetime.timedelta(minutes=rng.randint(20, 70)),
        "show_notes": f"<p>{text['body']}</p>",
    }


def insert_tables(model, objs: list) -> None:
    """Insert the CatalogEntryPage row and the type's own row of each (already saved) page."""
    for table_model in (CatalogEntryPage, model):
        fields = table_model._meta.local_concrete_fields
        table_model._base_manager._insert(objs, fields=fields, raw=True)


def generate(count: int, seed: int = 20261124) -> None:
    rng = random.Random(seed)
    DemoLoader().load_vocabulary()
    terms = {
        "disciplines": list(Discipline.objects.values_list("pk", flat=True)),
        "audiences": list(Audience.objects.values_list("pk", flat=True)),
        "topics": list(Topic.objects.values_list("pk", flat=True)),
    }
    names = {
        pk: name
        for model in (Discipline, Audience, Topic)
        for pk, name in model.objects.values_list("pk", "name")
    }
    parent_pages = parents()
    locale_id = HomePage.objects.get().locale_id
    now = timezone.now()
    started = time.monotonic()
    made = 0
    for model, share in SHARE.items():
        content_type = ContentType.objects.get_for_model(model)
        total = round(count * share) if model is not PodcastEpisodePage else count - made
        for start in range(0, total, BATCH):
            size = min(BATCH, total - start)
            with transaction.atomic():
                batch(model, content_type, parent_pages[model], start, size, rng, terms, names,
                      locale_id, now)  # fmt: skip
            made += size
            print(f"\r  generated {made:>7,} / {count:,} entries", end="", flush=True)
    for parent_list in parent_pages.values():
        for parent in parent_list:
            # Not get_children(): treebeard returns none while numchild is still 0.
            children = Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
            Page.objects.filter(pk=parent.pk).update(numchild=children.count())
    print(f"\r  generated {count:,} entries in {time.monotonic() - started:.0f} s" + " " * 10)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # planner statistics, as autovacuum keeps them in production


def batch(model, content_type, parents, start, size, rng, terms, names, locale_id, now) -> None:
    pages, tagging = [], []
    for offset in range(size):
        number = start + offset
        parent = parents[number % len(parents)]
        position = number // len(parents) + 1
        chosen = {
            "disciplines": rng.sample(terms["disciplines"], rng.randint(1, 3)),
            "audiences": rng.sample(terms["audiences"], rng.randint(1, 2)),
            "topics": rng.sample(terms["topics"], rng.randint(1, 3)),
        }
        text = entry_text(rng, [names[pk] for pk in chosen["topics"]], model)
        slug = f"{text['slug']}-{number}"
        page = model(
            title=text["title"],
            draft_title=text["title"],
            slug=slug,
            content_type=content_type,
            path=parent.path + tree_step(position),
            depth=parent.depth + 1,
            numchild=0,
            url_path=f"{parent.url_path}{slug}/",
            live=True,
            has_unpublished_changes=False,
            first_published_at=now,
            last_published_at=now,
            locale_id=locale_id,
            translation_key=uuid.uuid4(),
            summary=text["summary"],
            language="es" if rng.random() < 0.08 else "en",
            publication_date=datetime.date(2015, 1, 1) + datetime.timedelta(rng.randint(0, 4300)),
            last_reviewed=None,
            **type_fields(model, rng, text),
        )
        pages.append(page)
        tagging.append(chosen)
    base_rows = Page.objects.bulk_create([Page(**page_fields(page)) for page in pages])
    for page, base in zip(pages, base_rows, strict=True):
        page.pk = page.id = page.page_ptr_id = base.pk
        page.catalogentrypage_ptr_id = base.pk
    insert_tables(model, pages)
    for field, relation in (("disciplines", "discipline"), ("audiences", "audience"),
                            ("topics", "topic")):  # fmt: skip
        through = CatalogEntryPage._meta.get_field(field).remote_field.through
        through.objects.bulk_create(
            through(catalogentrypage_id=page.pk, **{f"{relation}_id": pk})
            for page, chosen in zip(pages, tagging, strict=True)
            for pk in chosen[field]
        )


def page_fields(page: Page) -> dict:
    """The wagtailcore_page columns of a specific page instance."""
    return {field.attname: getattr(page, field.attname) for field in Page._meta.concrete_fields}


if __name__ == "__main__":
    generate(int(sys.argv[1]))
