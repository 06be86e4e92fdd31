"""The row each live catalog entry contributes to the index, read in bulk from the page tables.

`documents(page_ids)` reads a chunk of entries in a handful of queries whatever its size (the
shared page row with each type's own columns, the tags with their live names, the guests, and
the restricted, chapter and show pages above them) and builds an `IndexDocument` for each.
Publishing one page costs the same few reads as a chunk of a thousand.

What goes where is declared on the page models (`index_kind`, `index_type_words`,
`index_text_fields`); the weighted text parts are:
- A: the title, the type's words ("podcast episode", a resource's type) and the live term names;
- B: the summary, publisher, guests, the chapter or show it sits under, a training's format;
- C: the body, overview, objectives, agenda and show notes;
- D: the transcript, within the budget a tsvector holds (catalog.search.index_budget).
"""

import datetime
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html import unescape

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Q, TextField, Value
from django.db.models.functions import Cast
from wagtail.fields import StreamField
from wagtail.models import Page, PageViewRestriction

from catalog.models import (
    Access,
    CatalogEntryPage,
    ChapterPage,
    CurriculumPage,
    DeliveryFormat,
    EpisodeGuest,
    PodcastEpisodePage,
    PodcastPage,
    ResourcePage,
    ResourceType,
    SurvivorInvolvement,
)
from catalog.search.index_budget import searchable_part
from catalog.transcripts import Cue
from catalog.vocabulary import TAXONOMY, through_model

CHUNK = 1_000
RESOURCE_TYPES = dict(ResourceType.choices)
ENTRY_TYPES = (ResourcePage, CurriculumPage, PodcastEpisodePage)
# Words for "Did you mean": letters only, long enough to be worth correcting.
WORD = re.compile(r"[^\W\d_]{3,64}")
NEVER_LISTED = None  # the access of a page under a shared-password restriction


@dataclass
class IndexDocument:
    """One row of the index and its four weighted text parts."""

    page_id: int
    kind: str
    title: str
    summary: str
    url_path: str
    publication_date: datetime.date
    language: str
    chapter_id: int | None
    resource_type: str | None
    delivery_format: str | None
    terms: dict[str, list[int]]  # each vocabulary's term ids, by its name ("topics")
    access: int
    access_groups: list[int]
    # The weighted parts: A (after the title, which leads it), B, C and D.
    text: tuple[str, str, str, str] = ("", "", "", "")

    @property
    def year(self) -> int:
        return self.publication_date.year

    def row(self) -> dict:
        """The entry table's columns."""
        return {
            "page_id": self.page_id, "kind": self.kind, "title": self.title,
            "summary": self.summary, "url_path": self.url_path,
            "publication_date": self.publication_date, "year": self.year,
            "language": self.language, "chapter_id": self.chapter_id,
            "resource_type": self.resource_type, "delivery_format": self.delivery_format,
            **{name: sorted(set(ids)) for name, ids in self.terms.items()}, "access": self.access,
            "access_groups": sorted(set(self.access_groups)),
        }  # fmt: skip

    def words(self) -> set[str]:
        """The words of parts A to C, for "Did you mean" (transcripts are speech: left out)."""
        return set(WORD.findall(" ".join((self.title, *self.text[:3])).casefold()))


TAG = re.compile(r"<[^>]*>")
# Keys of stream data that hold a setting, not words: a block's id and type, a chart's kind.
NOT_WORDS = frozenset({"id", "type", "chart_type"})


def plain_text(value) -> str:
    """The words of rich text, stream data (any nesting, as JSON text or parsed) or plain text,
    tags removed."""
    if value is None:
        return ""
    if isinstance(value, str):
        return unescape(TAG.sub(" ", value)) if "<" in value else value
    if isinstance(value, dict):
        return " ".join(plain_text(item) for key, item in value.items() if key not in NOT_WORDS)
    if isinstance(value, list | tuple):
        return " ".join(plain_text(item) for item in value)
    return ""


def label_of(choices, value) -> str:
    return dict(choices.choices).get(value, "")


def join(*parts: str) -> str:
    return " ".join(part for part in parts if part)


@dataclass
class Surroundings:
    """The pages above entries that shape their rows: restrictions, chapters and shows."""

    restrictions: dict[str, list[tuple[str, set[int]]]] = field(default_factory=dict)
    chapters: dict[str, tuple[int, str]] = field(default_factory=dict)  # path → (id, title)
    shows: dict[str, str] = field(default_factory=dict)  # path → title

    @classmethod
    def read(cls, paths: Iterable[str] | None = None) -> "Surroundings":
        """One query: every restricted page, chapter and show (above `paths`, if given)."""
        chapter_type = ContentType.objects.get_for_model(ChapterPage).pk
        show_type = ContentType.objects.get_for_model(PodcastPage).pk
        pages = Page.objects.all()
        if paths is not None:
            ancestors = {path[:end] for path in paths for end in range(4, len(path) + 1, 4)}
            pages = pages.filter(path__in=ancestors)
        rows = (
            pages.filter(
                Q(view_restrictions__isnull=False)
                | Q(content_type_id__in=[chapter_type, show_type])
            )
            .values_list(
                "path", "pk", "title", "content_type_id", "view_restrictions__pk",
                "view_restrictions__restriction_type", "view_restrictions__groups",
            )
            .order_by()
        )  # fmt: skip
        surroundings = cls()
        by_restriction: dict[int, tuple[str, str, set[int]]] = {}
        for path, pk, title, type_id, restriction, kind, group in rows:
            if type_id == chapter_type:
                surroundings.chapters[path] = (pk, title)
            elif type_id == show_type:
                surroundings.shows[path] = title
            if restriction is not None:
                entry = by_restriction.setdefault(restriction, (path, kind, set()))
                if group is not None:
                    entry[2].add(group)
        for path, kind, groups in by_restriction.values():
            surroundings.restrictions.setdefault(path, []).append((kind, groups))
        return surroundings

    def above(self, path: str) -> list[str]:
        return [path[:end] for end in range(4, len(path) + 1, 4)]

    def access(self, path: str) -> tuple[int, list[int]] | None:
        """(access, groups) for a page at `path`; None if a shared password guards it.

        Every restriction on the page or above it applies. Groups restrictions on several levels
        keep the groups they share: a visitor passes all of them only through those (the
        cautious reading; nested group restrictions are not how the catalog is organised).
        """
        kinds: list[tuple[str, set[int]]] = []
        for ancestor in self.above(path):
            kinds += self.restrictions.get(ancestor, [])
        if any(kind == PageViewRestriction.PASSWORD for kind, _ in kinds):
            return NEVER_LISTED
        group_sets = [groups for kind, groups in kinds if kind == PageViewRestriction.GROUPS]
        if group_sets:
            return Access.GROUPS, sorted(set.intersection(*group_sets))
        if kinds:
            return Access.SIGNED_IN, []
        return Access.PUBLIC, []

    def chapter(self, path: str) -> tuple[int, str] | None:
        for ancestor in reversed(self.above(path)[:-1]):
            if ancestor in self.chapters:
                return self.chapters[ancestor]
        return None

    def show(self, path: str) -> str:
        for ancestor in reversed(self.above(path)[:-1]):
            if ancestor in self.shows:
                return self.shows[ancestor]
        return ""


def tags_of(page_ids: "Selection") -> dict[int, dict[str, list[tuple[int, str]]]]:
    """{entry: {kind: [(term id, name), …]}} for the live terms of the entries: one query."""
    branches = []
    for kind in TAXONOMY:
        through, column = through_model(kind)
        term = column.removesuffix("_id")
        branches.append(
            through.objects.filter(among("catalogentrypage_id", page_ids))
            .filter(**{f"{term}__live": True})
            .order_by()
            .values_list(Value(kind), "catalogentrypage_id", column, F(f"{term}__name"))
        )
    tags: dict[int, dict[str, list[tuple[int, str]]]] = defaultdict(lambda: defaultdict(list))
    for kind, entry, term_id, name in branches[0].union(*branches[1:], all=True):
        tags[entry][kind].append((term_id, name))
    for by_kind in tags.values():  # in a fixed order: the text's positions depend on it
        for terms in by_kind.values():
            terms.sort()
    return tags


def guests_of(page_ids: "Selection") -> dict[int, list[str]]:
    guests: dict[int, list[str]] = defaultdict(list)
    rows = EpisodeGuest.objects.filter(among("episode_id", page_ids)).order_by("sort_order", "pk")
    for episode, name, role in rows.values_list("episode_id", "name", "role"):
        guests[episode].append(join(name, role))
    return guests


# The columns read for each entry: the shared page row and every type's own (NULL for others).
# A selection of pages: their ids, or (for a rebuild) a range of ids.
Selection = list[int] | range
SHARED = ("pk", "title", "summary", "url_path", "path", "content_type_id", "publication_date",
          "language")  # fmt: skip
OWN = {
    ResourcePage: ("resource_type", "publisher", "body"),
    CurriculumPage: (
        "delivery_format",
        "survivor_involvement",
        "overview",
        "learning_objectives",
        "agenda",
        "funding_note",
    ),
    PodcastEpisodePage: ("show_notes", "transcript_cues"),
}


def among(column: str, page_ids: "Selection") -> Q:
    """A condition on `column` for the selected pages: a list of ids, or a range of them."""
    if isinstance(page_ids, range):
        return Q(**{f"{column}__gte": page_ids.start, f"{column}__lt": page_ids.stop})
    return Q(**{f"{column}__in": page_ids})


def entry_rows(page_ids: "Selection") -> list[dict]:
    """The live entries among `page_ids`, each with its own type's columns: one query.

    Stream fields come as their JSON text (parsed here, not built into blocks)."""
    columns: dict[str, F | Cast] = {}
    for model, names in OWN.items():
        prefix = model._meta.model_name
        for name in names:
            field = model._meta.get_field(name)
            expression: F | Cast = F(f"{prefix}__{name}")
            if isinstance(field, StreamField):
                expression = Cast(expression, TextField())
            columns[f"{prefix}_{name}"] = expression
    rows = list(
        CatalogEntryPage.objects.live()
        .filter(among("pk", page_ids), alias_of__isnull=True)
        .order_by()
        .values(*SHARED, **columns)
    )
    for row in rows:
        for key in STREAMS:
            if row.get(key):
                row[key] = json.loads(row[key])
    return rows


STREAMS = [
    f"{model._meta.model_name}_{name}"
    for model, names in OWN.items()
    for name in names
    if isinstance(model._meta.get_field(name), StreamField)
]


def transcript_text(cues) -> str:
    return searchable_part(" ".join(Cue.from_json(row).text for row in cues or ())).text


def build(row: dict, kind: str, tags, guests, surroundings: Surroundings) -> IndexDocument | None:
    """The document of one entry row (see `entry_rows`), or None if it is never listed."""
    access = surroundings.access(row["path"])
    if access is NEVER_LISTED:
        return None
    chapter = surroundings.chapter(row["path"])
    term_names = [name for kind_ in TAXONOMY for _id, name in tags.get(kind_, ())]
    type_words = TYPE_WORDS[kind]
    b_parts = [row["summary"]]
    c_parts: list[str] = []
    d_part = ""
    resource_type = delivery_format = None
    if kind == "resource":
        resource_type = row["resourcepage_resource_type"] or None
        if resource_type in RESOURCE_TYPES:
            type_words = join(type_words, RESOURCE_TYPES[resource_type])
        b_parts.append(row["resourcepage_publisher"] or "")
        c_parts.append(plain_text(row["resourcepage_body"]))
    elif kind == "curriculum":
        delivery_format = row["curriculumpage_delivery_format"] or None
        involvement = row["curriculumpage_survivor_involvement"]
        b_parts += [
            label_of(DeliveryFormat, delivery_format),
            label_of(SurvivorInvolvement, involvement),
        ]  # fmt: skip
        c_parts += [
            plain_text(row[f"curriculumpage_{name}"])
            for name in ("overview", "learning_objectives", "agenda", "funding_note")
        ]
    else:
        b_parts += guests
        c_parts.append(plain_text(row["podcastepisodepage_show_notes"]))
        d_part = transcript_text(row["podcastepisodepage_transcript_cues"])
    b_parts.append(chapter[1] if chapter else surroundings.show(row["path"]))
    return IndexDocument(
        page_id=row["pk"],
        kind=kind,
        title=row["title"],
        summary=row["summary"],
        url_path=row["url_path"],
        publication_date=row["publication_date"],
        language=row["language"],
        chapter_id=chapter[0] if chapter else None,
        resource_type=resource_type,
        delivery_format=delivery_format,
        terms={
            field: [term for term, _ in tags.get(kind, ())] for kind, (_, field) in TAXONOMY.items()
        },
        access=access[0],
        access_groups=access[1],
        text=(join(type_words, *term_names), join(*b_parts), join(*c_parts), d_part),
    )


# The words that find each type: its name and what trainers call it.
TYPE_WORDS = {
    "resource": "resource toolkit",
    "curriculum": "curriculum curricula training course",
    "episode": "podcast episode",
}


def kinds_by_content_type() -> dict[int, str]:
    kinds = {"resourcepage": "resource", "curriculumpage": "curriculum",
             "podcastepisodepage": "episode"}  # fmt: skip
    return {
        ContentType.objects.get_for_model(model).pk: kinds[model._meta.model_name]
        for model in ENTRY_TYPES
    }


def documents(page_ids: Selection, surroundings: Surroundings | None = None) -> list[IndexDocument]:
    """The documents of the live entries among `page_ids` (others have none)."""
    rows = entry_rows(page_ids)
    if not rows:
        return []
    if surroundings is None:
        surroundings = Surroundings.read(row["path"] for row in rows)
    tags = tags_of(page_ids if isinstance(page_ids, range) else [row["pk"] for row in rows])
    kinds = kinds_by_content_type()
    episodes = [row["pk"] for row in rows if kinds.get(row["content_type_id"]) == "episode"]
    if not episodes:
        guests = {}
    else:
        guests = guests_of(page_ids if isinstance(page_ids, range) else episodes)
    built = []
    for row in rows:
        kind = kinds.get(row["content_type_id"])
        if kind is None:  # a catalog entry of a type this index does not know
            continue
        document = build(
            row, kind, tags.get(row["pk"], {}), guests.get(row["pk"], []), surroundings
        )
        if document is not None:
            built.append(document)
    return built


def all_documents() -> Iterator[list[IndexDocument]]:
    """Every live entry's document, a chunk at a time, for a rebuild."""
    surroundings = Surroundings.read()
    entries = CatalogEntryPage.objects.live().filter(alias_of__isnull=True)
    ids = list(entries.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        yield documents(range(chunk[0], chunk[-1] + 1), surroundings)


def live_entry_count() -> int:
    return CatalogEntryPage.objects.live().filter(alias_of__isnull=True).count()
