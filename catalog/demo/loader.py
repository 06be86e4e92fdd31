"""Loads the demo content from `content/*.toml`.

Idempotent: anything that exists (by slug, name or username) is left as it is, so a second run
creates nothing and never overwrites an editor's changes.
"""

import datetime
import tomllib
from collections.abc import Callable
from functools import cache, partial
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from wagtail.documents import get_document_model
from wagtail.models import (
    BaseViewRestriction,
    Collection,
    CollectionViewRestriction,
    Page,
    PageViewRestriction,
)

from catalog.demo import files
from catalog.demo.items import offering, stream_block
from catalog.demo.site import load_site
from catalog.models import (
    VOCABULARIES,
    ChapterIndexPage,
    ChapterPage,
    CurriculumPage,
    Discipline,
    EpisodeGuest,
    HomePage,
    PodcastEpisodePage,
    PodcastPage,
    ResourcePage,
    TaxonomyTerm,
    ToolkitPage,
)

SAMPLE_MARK = " (Sample content for the demo.)"
# The last line of every PDF the loader makes, the brief's too: none is the published document.
SAMPLE_FILE_MARK = "Sample PDF made for the demo, not the published document."
# How to get a resource that has neither a file (`pdf`) nor a `link`.
RESOURCE_ACCESS = ("how_to_get", "contact_email", "contact_url")
DEMO_PASSWORD = "changeme"  # noqa: S105 - printed for local demo accounts only
CONTENT = Path(__file__).parent / "content"
# Every vocabulary of the registry, with the key of its terms in the demo content.
VOCABULARY = tuple((model, field) for field, model in VOCABULARIES.items())
DEMO_USERS = [
    ("admin", "Superuser: everything in the admin", {"is_staff": True, "is_superuser": True}),
    ("editor", "Catalog editor: writes entries and submits them for review", {}),
    ("moderator", "Catalog moderator: approves and publishes", {}),
    ("member", "Member: sees members-only entries on the site", {}),
]
CHAPTER_CONTACT = ("contact_name", "contact_email", "contact_phone", "contact_link")
# The groups the roles migration (0007) made, by demo user.
DEMO_GROUPS = {"editor": "Catalog editors", "moderator": "Catalog moderators"}


@cache
def content(name: str) -> dict:
    """One content file, e.g. content("toolkit") for content/toolkit.toml."""
    with (CONTENT / f"{name}.toml").open("rb") as file:
        return tomllib.load(file)


class DemoLoader:
    """Creates whatever part of the demo is missing and reports what it created."""

    def __init__(self) -> None:
        self.created: list[str] = []
        self.terms: dict[type[TaxonomyTerm], dict[str, TaxonomyTerm]] = {}

    @transaction.atomic
    def run(self) -> list[str]:
        self.load_vocabulary()
        home = HomePage.objects.get()
        self.load_toolkit(home)
        self.load_trainings(home)
        self.load_podcast(home)
        load_site(home, content("site"), self.child, self.created)
        self.load_users()
        return self.created

    # --- building blocks -------------------------------------------------------------------

    def child(self, parent: Page, slug: str, build: Callable[[], Page]) -> tuple[Page, bool]:
        """The child of `parent` with `slug`, published from `build()` if it is missing."""
        existing = parent.get_children().filter(slug=slug).first()
        if existing is not None:
            return existing.specific, False
        page = build()
        page.slug = slug
        parent.add_child(instance=page)
        page.save_revision().publish()
        self.created.append(f"{page._meta.verbose_name}: {page.title}")
        return page, True

    def tags(self, data: dict) -> dict:
        """The entry's taxonomy terms, looked up by slug, as page field values."""
        return {
            field: [self.terms[model][slug] for slug in data.get(field, [])]
            for model, field in VOCABULARY
        }

    @staticmethod
    def summary(data: dict) -> str:
        return data["summary"] + (SAMPLE_MARK if data.get("sample") else "")

    def document(self, title: str, filename: str, content: bytes, collection: Collection):
        document = get_document_model()(title=title, collection=collection)
        document.file.save(filename, ContentFile(content), save=False)
        document._set_document_file_metadata()
        document.save()
        return document

    def members_collection(self) -> Collection:
        """A document collection that only signed-in members may download from."""
        root = Collection.get_first_root_node()
        collection = root.get_children().filter(name="Members only").first()
        if collection is None:
            collection = root.add_child(name="Members only")
            CollectionViewRestriction.objects.create(
                collection=collection, restriction_type=BaseViewRestriction.LOGIN
            )
        return collection

    # --- the content -----------------------------------------------------------------------

    def load_vocabulary(self) -> None:
        vocabulary = content("vocabulary")
        for model, field in VOCABULARY:
            self.terms[model] = {}
            for order, entry in enumerate(vocabulary.get(field, [])):
                name, description = entry["name"], entry["description"]
                term = model.objects.filter(name=name).first()
                if term is None:
                    extra = {"safety_exit": True} if entry.get("safety_exit") else {}
                    term = model.objects.create(
                        name=name, description=description, sort_order=order, **extra
                    )
                    # Published through a revision, as a moderator's would be: live, with history.
                    term.save_revision().publish()
                    self.created.append(f"{model._meta.verbose_name}: {name}")
                self.terms[model][term.slug] = term

    def load_toolkit(self, home: HomePage) -> None:
        data = content("toolkit")
        kit_data = data["toolkit"]
        kit, _ = self.child(
            home,
            kit_data["slug"],
            lambda: ToolkitPage(
                title=kit_data["title"], intro=kit_data["intro"], show_in_menus=True
            ),
        )
        for item in data["resources"]:
            page, created = self.child(kit, item["slug"], partial(self.resource, item))
            if created and item.get("members_only"):
                PageViewRestriction.objects.create(
                    page=page, restriction_type=BaseViewRestriction.LOGIN
                )

    def resource(self, data: dict) -> ResourcePage:
        document = None
        if "pdf" in data:
            collection = (
                self.members_collection()
                if data.get("members_only")
                else Collection.get_first_root_node()
            )
            content = files.simple_pdf(data["title"], [*data["pdf"], SAMPLE_FILE_MARK])
            title = f"{data['title']} (sample PDF)"
            document = self.document(title, f"{data['slug']}.pdf", content, collection)
        return ResourcePage(
            title=data["title"],
            summary=self.summary(data),
            resource_type=data["resource_type"],
            publisher=data["publisher"],
            length=data.get("length", ""),
            language=data.get("language", "en"),
            publication_date=data["publication_date"],
            last_reviewed=data["last_reviewed"],
            document=document,
            external_url=data.get("link", ""),
            **{field: data.get(field, "") for field in RESOURCE_ACCESS},
            body=[stream_block(item) for item in data["body"]],
            **self.tags(data),
        )

    def load_trainings(self, home: HomePage) -> None:
        data = content("trainings")
        index_data, chapter_data = data["index"], data["chapter"]
        index, _ = self.child(
            home,
            index_data["slug"],
            lambda: ChapterIndexPage(
                title=index_data["title"], intro=index_data["intro"], show_in_menus=True
            ),
        )
        fields = ("title", "state", "description", *CHAPTER_CONTACT)
        chapter, _ = self.child(
            index,
            chapter_data["slug"],
            lambda: ChapterPage(**{field: chapter_data.get(field, "") for field in fields}),
        )
        for item in data["curricula"]:
            self.child(chapter, item["slug"], partial(self.curriculum, item))

    def curriculum(self, data: dict) -> CurriculumPage:
        disciplines = self.terms[Discipline]
        agenda = [
            {
                "type": "day",
                "value": {
                    "title": day["title"],
                    "sessions": [
                        {
                            **session,
                            "disciplines": [disciplines[s].pk for s in session["disciplines"]],
                        }
                        for session in day["sessions"]
                    ],
                },
            }
            for day in data["agenda"]
        ]
        materials = [
            {"type": "resource", "value": ResourcePage.objects.get(slug=slug).pk}
            for slug in data["materials"]
        ]
        page = CurriculumPage(
            title=data["title"],
            summary=self.summary(data),
            overview=data["overview"],
            learning_objectives=[
                {"type": "objective", "value": text} for text in data["objectives"]
            ],
            duration_hours=data["duration_hours"],
            delivery_format=data["delivery_format"],
            survivor_involvement=data["survivor_involvement"],
            funding_note=data["funding_note"],
            publication_date=data["publication_date"],
            last_reviewed=data["last_reviewed"],
            agenda=agenda,
            materials=materials,
            ce_hours=data.get("ce_hours"),
            accreditation=data.get("accreditation", ""),
            **self.tags(data),
        )
        page.prerequisites = [
            CurriculumPage.objects.get(slug=slug) for slug in data.get("prerequisites", [])
        ]
        page.offerings = [offering(item) for item in data.get("offerings", [])]
        return page

    def load_podcast(self, home: HomePage) -> None:
        data = content("podcast")
        show_data = data["show"]
        show, _ = self.child(
            home,
            show_data["slug"],
            lambda: PodcastPage(
                title=show_data["title"],
                description=show_data["description"],
                owner_email=show_data["owner_email"],
                show_in_menus=True,
            ),
        )
        for item in data["episodes"]:
            self.child(show, item["slug"], partial(self.episode, item))

    def episode(self, data: dict) -> PodcastEpisodePage:
        seconds = 30
        audio = self.document(
            f"{data['title']} (sample audio: {seconds} seconds of silence)",
            f"{data['slug']}.mp3",
            files.silent_mp3(seconds),
            Collection.get_first_root_node(),
        )
        page = PodcastEpisodePage(
            title=data["title"],
            summary=self.summary(data),
            season=data["season"],
            episode_number=data["episode_number"],
            publication_date=data["publication_date"],
            last_reviewed=data["last_reviewed"],
            show_notes=data["show_notes"],
            transcript=data.get("transcript", ""),
            audio_file=audio,
            duration=datetime.timedelta(seconds=seconds),
            **self.tags(data),
        )
        page.guests = [
            EpisodeGuest(name=guest["name"], role=guest["role"]) for guest in data["guests"]
        ]
        return page

    def load_users(self) -> None:
        User = get_user_model()
        for username, _role, flags in DEMO_USERS:
            if not User.objects.filter(username=username).exists():
                user = User.objects.create_user(
                    username, email=None, password=DEMO_PASSWORD, **flags
                )
                if username in DEMO_GROUPS:
                    user.groups.add(Group.objects.get(name=DEMO_GROUPS[username]))
                self.created.append(f"user: {username}")
