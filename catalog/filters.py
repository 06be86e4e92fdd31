"""The facet choices in a query string, read and checked by a django-filter FilterSet.

The FilterSet's form validates each facet's values against its choices; the catalog index does
the filtering (catalog.index: OR within a facet, AND across facets). Unknown values (a renamed
term in an old link, a typo, a bot) are dropped and reported instead of failing the whole search.
"""

import django_filters
from django import forms
from django.db.models import QuerySet

from catalog.models import CatalogEntryPage
from catalog.search.facets import FACETS, Facet
from catalog.vocabulary import Vocabulary


class LenientMultipleChoiceField(forms.MultipleChoiceField):
    """Keeps the values it knows, in order and once each, and remembers those it dropped."""

    def clean(self, value) -> list[str]:
        values = list(dict.fromkeys(str(item) for item in self.to_python(value) if item))
        self.ignored = [item for item in values if not self.valid_value(item)]
        return [item for item in values if self.valid_value(item)]


class FacetFilter(django_filters.MultipleChoiceFilter):
    """One facet as a filter: its choices, validation and query come from the `Facet`."""

    field_class = LenientMultipleChoiceField
    # What a FilterSet sets on each of its filters (django-filter's stubs leave them out).
    parent: django_filters.FilterSet
    model: type[CatalogEntryPage]

    def __init__(self, facet: Facet, **kwargs) -> None:
        self.facet = facet
        super().__init__(label=facet.label, **kwargs)

    def filter(self, queryset: QuerySet, value: list[str]) -> QuerySet:
        return queryset  # the catalog index filters (see catalog.search.results)


class EntryFilterSet(django_filters.FilterSet):
    """Narrows entries by every facet. Build with the request's `Vocabulary` for the choices."""

    class Meta:
        model = CatalogEntryPage
        fields: list[str] = []

    def __init__(self, data, *, vocabulary: Vocabulary, **kwargs) -> None:
        self.vocabulary = vocabulary
        super().__init__(data, queryset=CatalogEntryPage.objects.none(), **kwargs)
        for facet in FACETS:
            facet_filter = FacetFilter(facet, choices=facet.choices(vocabulary))
            facet_filter.parent = self
            facet_filter.model = CatalogEntryPage
            self.filters[facet.name] = facet_filter

    @property
    def selections(self) -> dict[str, list[str]]:
        """The chosen values of each facet that has any, as cleaned."""
        self.form.is_valid()  # lenient fields: never invalid, but cleaning must have run
        return {name: values for name, values in self.form.cleaned_data.items() if values}

    @property
    def ignored(self) -> list[tuple[str, str]]:
        """(facet label, value) for every value that was dropped as unknown."""
        self.form.is_valid()
        return [
            (str(self.filters[name].label), value)
            for name, bound in self.form.fields.items()
            for value in getattr(bound, "ignored", [])
        ]
