"""The facets visitors narrow the catalog by: what each offers, and the index column it reads.

Each facet turns the chosen values (slugs, codes, years) into the values its column of the
catalog index holds (term ids, chapter ids, codes), and a counted value back into a choice.
`catalog.index` does the filtering and counting: OR within a facet, AND across facets.
"""

import datetime

from django.utils.text import capfirst

from catalog.models import VOCABULARIES, Language, ResourceType
from catalog.vocabulary import Term, Vocabulary


class Facet:
    """A way to narrow the catalog: a column of the index with fixed or vocabulary choices."""

    show_zero_counts = True  # else values with no results are hidden rather than disabled

    def __init__(self, name: str, label: str, column: str, choices=(), show_zeros=True) -> None:
        self.name, self.label, self.column = name, label, column
        self._choices = list(choices)
        self.show_zero_counts = show_zeros

    def choices(self, vocabulary: Vocabulary) -> list[tuple[str, str]]:
        return self._choices

    def index_values(self, values: list[str], vocabulary: Vocabulary) -> list:
        """The column's values for the chosen `values` (already checked against the choices)."""
        return list(values)

    def choice_for(self, counted_value: str, vocabulary: Vocabulary) -> str | None:
        """The choice a counted column value stands for."""
        return counted_value


class EntryTypeFacet(Facet):
    """Resource, curriculum or podcast episode."""

    TYPES = {"resource": "Resource", "curriculum": "Curriculum", "episode": "Podcast episode"}

    def __init__(self) -> None:
        super().__init__("type", "Type", "kind", self.TYPES.items())


class TermFacet(Facet):
    """A vocabulary or the chapters: the live terms (visible chapters) by id."""

    def __init__(self, name: str, label: str, column: str) -> None:
        super().__init__(name, label, column)

    def terms(self, vocabulary: Vocabulary) -> list[Term]:
        return vocabulary.of(self.name)

    def choices(self, vocabulary):
        return [(term.slug, term.name) for term in self.terms(vocabulary)]

    def index_values(self, values, vocabulary):
        return [term.id for term in self.terms(vocabulary) if term.slug in values]

    def choice_for(self, counted_value, vocabulary):
        slugs = {str(term.id): term.slug for term in self.terms(vocabulary)}
        return slugs.get(counted_value)


class YearFacet(Facet):
    """The year an entry was published; only years with entries are offered."""

    def __init__(self) -> None:
        super().__init__("year", "Year", "year", show_zeros=False)

    def choices(self, vocabulary):
        this_year = datetime.date.today().year
        return [(str(year), str(year)) for year in range(this_year + 1, 1969, -1)]

    def index_values(self, values, vocabulary):
        return [int(value) for value in values]


FACETS: list[Facet] = [
    EntryTypeFacet(),
    # One per vocabulary, in the registry's order: "discipline", "Discipline", "disciplines"…
    *(
        TermFacet(model.kind(), capfirst(str(model._meta.verbose_name)), name)
        for name, model in VOCABULARIES.items()
    ),
    Facet("format", "Resource type", "resource_type", ResourceType.choices),
    # Most languages have no entries yet: offer only those that do.
    Facet("language", "Language", "language", Language.choices, show_zeros=False),
    TermFacet("chapter", "Chapter", "chapter_id"),
    YearFacet(),
]
FACETS_BY_NAME = {facet.name: facet for facet in FACETS}
