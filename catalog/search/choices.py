"""What a visitor can choose next on a search or browse page: each facet's values with the
number beside them, the chips that undo a choice, and, where nothing matches, the choices that
stand in the way."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import QueryDict
from django.urls import reverse

from catalog.filters import EntryFilterSet
from catalog.index.backend import Counts, IndexQuery, index_backend
from catalog.search.facets import FACETS, FACETS_BY_NAME
from catalog.vocabulary import Vocabulary


@dataclass
class FacetOption:
    """One value of a facet and the number beside it: the results ticking it gives, or, in a
    facet that already has a choice, how many results ticking it adds (`adds`)."""

    value: str
    label: str
    count: int
    selected: bool
    input_id: str = ""
    adds: int | None = None

    @property
    def empty(self) -> bool:
        """Ticking it would show nothing new (kept out of sight until "Show all")."""
        return not self.selected and (self.count if self.adds is None else self.adds) == 0


@dataclass
class FacetGroup:
    name: str
    label: str
    options: list[FacetOption]  # every value, in display order

    @property
    def shown(self) -> list[FacetOption]:
        return [option for option in self.options if not option.empty]

    @property
    def hidden(self) -> list[FacetOption]:
        """The values that would give no more results; behind a "Show all" toggle."""
        return [option for option in self.options if option.empty]


@dataclass
class Chip:
    """A chosen facet value, with the link that removes it."""

    facet_label: str
    label: str
    remove_url: str


@dataclass
class Removal:
    """Where the choices find nothing: dropping one facet's choice, and what that would show."""

    facet_label: str
    labels: list[str]  # the facet's chosen values
    count: int
    url: str


def query_string(data: QueryDict, **changes) -> str:
    """`data` as a query string with some keys replaced (a list) or removed (None); no page."""
    params = {key: data.getlist(key) for key in data if key != "page"}
    for key, values in changes.items():
        if values:
            params[key] = values
        else:
            params.pop(key, None)
    return "?" + urlencode(params, doseq=True)


def by_choice(facet, counts: dict[str, int], vocabulary: Vocabulary) -> dict[str, int]:
    """A facet's counts (by column value) by the choice each value stands for."""
    counted: dict[str, int] = {}
    for value, number in counts.items():
        choice = facet.choice_for(value, vocabulary)
        if choice is not None:
            counted[choice] = counted.get(choice, 0) + number
    return counted


def facet_groups(
    filterset: EntryFilterSet, counts: Counts, vocabulary: Vocabulary
) -> list[FacetGroup]:
    """Each facet's values with their numbers. Where a facet has a choice, ticking another value
    widens the results (OR within a facet): its number is then how many results it adds, its
    entries not yet listed."""
    selections = filterset.selections
    groups = []
    for facet in FACETS:
        chosen = selections.get(facet.name, [])
        counted = by_choice(facet, counts.facets.get(facet.column, {}), vocabulary)
        listed = by_choice(facet, counts.listed.get(facet.column, {}), vocabulary)
        options = [
            FacetOption(
                value,
                label,
                counted.get(value, 0),
                value in chosen,
                f"{facet.name}-{n}",
                adds=counted.get(value, 0) - listed.get(value, 0) if chosen else None,
            )
            for n, (value, label) in enumerate(facet.choices(vocabulary))
        ]
        if not facet.show_zero_counts:
            options = [option for option in options if option.count or option.selected]
        if options:
            groups.append(FacetGroup(facet.name, facet.label, options))
    return groups


def chips_for(data: QueryDict, groups: list[FacetGroup]) -> list[Chip]:
    """A chip per chosen value; removing it leads to the search page without that value."""
    search_url = reverse("search")
    chips = []
    for group in groups:
        chosen = [option.value for option in group.options if option.selected]
        for option in group.options:
            if option.selected:
                rest = [value for value in chosen if value != option.value]
                remove_url = search_url + query_string(data, **{group.name: rest})
                chips.append(Chip(group.label, option.label, remove_url))
    return chips


def removals_for(
    query: IndexQuery, counts: Counts, data: QueryDict, groups: list[FacetGroup]
) -> list[Removal]:
    """For a search that finds nothing: each chosen facet whose removal would find something
    ("Remove Online to see 12"), most results first. Nothing about the query is kept."""
    if not query.filters:
        return []
    totals = index_backend().without_each_filter(query)
    search_url = reverse("search")
    removals = []
    for group in groups:
        facet = FACETS_BY_NAME[group.name]
        number = totals.get(facet.column, 0)
        chosen = [option.label for option in group.options if option.selected]
        if chosen and number:
            url = search_url + query_string(data, **{group.name: None})
            removals.append(Removal(group.label, chosen, number, url))
    return sorted(removals, key=lambda removal: -removal.count)
