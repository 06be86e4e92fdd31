"""The facets visitors narrow the catalog by: what each offers, how it filters, how it counts.

Every facet filters in the ORM (taxonomy through a primary-key subquery on its join table, never a
join that could repeat rows) and counts with one SQL `GROUP BY` branch; `facet_counts` runs all
branches as a single `UNION ALL` query.
"""

import datetime
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, F, Q, QuerySet, Value
from django.db.models.functions import Cast, ExtractYear, Substr

from catalog.models import (
    CurriculumPage,
    Language,
    PodcastEpisodePage,
    ResourcePage,
    ResourceType,
)
from catalog.privacy import within_sections
from catalog.vocabulary import Term, Vocabulary, through_model


def count_branch(queryset: QuerySet, name: str, value) -> QuerySet:
    """One `UNION` branch: (facet name, value as text, number of entries)."""
    return (
        queryset.order_by()
        .values(facet=Value(name), value=Cast(value, CharField()))
        .annotate(n=Count("pk"))
    )


class Facet:
    """A way to narrow the catalog. Subclasses say what it offers, filters and counts."""

    name = ""
    label = ""
    show_zero_counts = True  # else values with no results are hidden rather than disabled

    def choices(self, vocabulary: Vocabulary) -> list[tuple[str, str]]:
        raise NotImplementedError

    def condition(self, values: list[str], vocabulary: Vocabulary) -> Q:
        """Entries with any of `values`: filters use it, and facet counts turn it into a flag."""
        raise NotImplementedError

    def filter(self, queryset: QuerySet, values: list[str], vocabulary: Vocabulary) -> QuerySet:
        return queryset.filter(self.condition(values, vocabulary))

    def count_branches(self, entries: QuerySet, vocabulary: Vocabulary) -> list[QuerySet]:
        raise NotImplementedError

    def choice_for(self, counted_value: str, vocabulary: Vocabulary) -> str | None:
        """The choice a counted value stands for (an id becomes a slug, and so on)."""
        return counted_value


class FieldFacet(Facet):
    """Values of one column of the entry (or of its resource row) with fixed choices."""

    def __init__(self, name, label, column, choices: Iterable[tuple[str, str]], show_zeros=True):
        self.name, self.label, self.column = name, label, column
        self._choices = list(choices)
        self.show_zero_counts = show_zeros

    def choices(self, vocabulary: Vocabulary) -> list[tuple[str, str]]:
        return self._choices

    def condition(self, values, vocabulary):
        return Q(**{f"{self.column}__in": values})

    def count_branches(self, entries, vocabulary):
        present = entries.filter(**{f"{self.column}__isnull": False})
        return [count_branch(present, self.name, F(self.column))]


class ResourceTypeFacet(FieldFacet):
    """A resource's type; other entries have none. Filtered by a subquery on resources, so the
    condition means the same in a WHERE clause and as a counted flag."""

    def __init__(self):
        super().__init__(
            "format", "Resource type", "resourcepage__resource_type", ResourceType.choices
        )

    def condition(self, values, vocabulary):
        resources = ResourcePage.objects.filter(resource_type__in=values)
        return Q(pk__in=resources.values("pk"))


class EntryTypeFacet(Facet):
    """Resource, curriculum or podcast episode."""

    name, label = "type", "Type"
    TYPES = {"resource": ResourcePage, "curriculum": CurriculumPage, "episode": PodcastEpisodePage}

    def content_type_ids(self) -> dict[str, int]:
        return {
            slug: ContentType.objects.get_for_model(model).pk for slug, model in self.TYPES.items()
        }

    def choices(self, vocabulary):
        return [(slug, model._meta.verbose_name.capitalize()) for slug, model in self.TYPES.items()]

    def condition(self, values, vocabulary):
        ids = self.content_type_ids()
        return Q(content_type_id__in=[ids[value] for value in values])

    def count_branches(self, entries, vocabulary):
        return [count_branch(entries, self.name, F("content_type_id"))]

    def choice_for(self, counted_value, vocabulary):
        slugs = {str(pk): slug for slug, pk in self.content_type_ids().items()}
        return slugs.get(counted_value)


class TaxonomyFacet(Facet):
    """Disciplines, audiences or topics: several values match entries with any of them."""

    def __init__(self, name: str, label: str):
        self.name, self.label = name, label
        self.through, self.term_column = through_model(name)

    def choices(self, vocabulary):
        return [(term.slug, term.name) for term in vocabulary.of(self.name)]

    def condition(self, values, vocabulary):
        ids = [term.id for term in vocabulary.of(self.name) if term.slug in values]
        tagged = self.through.objects.filter(**{f"{self.term_column}__in": ids})
        return Q(pk__in=tagged.values("catalogentrypage_id"))

    def count_branches(self, entries, vocabulary):
        rows = self.through.objects.filter(catalogentrypage_id__in=entries.order_by().values("pk"))
        return [count_branch(rows, self.name, F(self.term_column))]

    def choice_for(self, counted_value, vocabulary):
        term = vocabulary.by_id(self.name).get(int(counted_value))
        return term.slug if term else None


class ChapterFacet(Facet):
    """The state chapter that offers an entry (its curricula)."""

    name, label = "chapter", "Chapter"

    def chapters(self, vocabulary) -> list[Term]:
        return vocabulary.of("chapter")

    def choices(self, vocabulary):
        return [(chapter.slug, chapter.name) for chapter in self.chapters(vocabulary)]

    def condition(self, values, vocabulary):
        paths = [chapter.path for chapter in self.chapters(vocabulary) if chapter.slug in values]
        return within_sections(paths) or Q(pk__in=[])

    def count_branches(self, entries, vocabulary):
        lengths = sorted({len(chapter.path) for chapter in self.chapters(vocabulary)})
        return [count_branch(entries, self.name, Substr("path", 1, length)) for length in lengths]

    def choice_for(self, counted_value, vocabulary):
        slugs = {chapter.path: chapter.slug for chapter in self.chapters(vocabulary)}
        return slugs.get(counted_value)


class YearFacet(Facet):
    """The year an entry was published; only years with entries are offered."""

    name, label, show_zero_counts = "year", "Year", False

    def choices(self, vocabulary):
        this_year = datetime.date.today().year
        return [(str(year), str(year)) for year in range(this_year + 1, 1969, -1)]

    def condition(self, values, vocabulary):
        return Q(publication_date__year__in=[int(value) for value in values])

    def count_branches(self, entries, vocabulary):
        return [count_branch(entries, self.name, ExtractYear("publication_date"))]


FACETS: list[Facet] = [
    EntryTypeFacet(),
    TaxonomyFacet("discipline", "Discipline"),
    TaxonomyFacet("audience", "Audience"),
    TaxonomyFacet("topic", "Topic"),
    ResourceTypeFacet(),
    # Most languages have no entries yet: offer only those that do.
    FieldFacet("language", "Language", "language", Language.choices, show_zeros=False),
    ChapterFacet(),
    YearFacet(),
]
FACETS_BY_NAME = {facet.name: facet for facet in FACETS}
