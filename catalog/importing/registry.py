"""The kinds of entry a file may hold, by name: the one list the views, the background task
and the commands read."""

from django.http import Http404

from catalog.importing.curricula import CURRICULA
from catalog.importing.episodes import EPISODES
from catalog.importing.kinds import Kind
from catalog.importing.resources import RESOURCES

KINDS: dict[str, Kind] = {kind.name: kind for kind in (RESOURCES, CURRICULA, EPISODES)}


def kind_named(name: str) -> Kind:
    """The kind called `name`; a 404 for any other name."""
    try:
        return KINDS[name]
    except KeyError:
        raise Http404("No such kind of import.") from None
