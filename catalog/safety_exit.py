"""The "Exit this page" control for the whole caregiver journey: where it shows, how it travels.

The control shows on a page that concerns an audience marked `safety_exit` (an entry tagged for
it; a browse or search page with it chosen, or whose words name it), and on every page reached
from such a page by the site's own links. The mode travels in those links as `?exit=1`: never a
cookie, and nothing kept on the server, so a shared or bookmarked address says all there is.

`concerns_readers_at_risk` is the one rule; `shows_exit_this_page` applies it to a page and
records, once per request, what the page decided (`remember_exit_mode`), and `exit_mode` reads it
back for the templates' links (catalog.templatetags.safety_exit_tags).
"""

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Protocol
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.http import HttpRequest, HttpResponse, QueryDict

from catalog.search.query import search_words  # the search's own idea of a word

EXIT_PARAMETER = "exit"
EXIT_VALUE = "1"
_REQUEST_ATTRIBUTE = "_catalog_exit_mode"


class AudienceLike(Protocol):
    """An audience as a model instance or a loaded vocabulary term: what the rule reads."""

    # Read-only: a loaded term is a frozen record.
    @property
    def name(self) -> str: ...
    @property
    def slug(self) -> str: ...
    @property
    def safety_exit(self) -> bool: ...


def _folded(word: str) -> str:
    """A word compared without case or a plural ending: "Caregivers" and "caregiver" match."""
    word = word.casefold()
    return word[:-1] if len(word) > 3 and word.endswith("s") else word


def _name_words(audience: AudienceLike) -> set[str]:
    return {_folded(word) for word in search_words(f"{audience.name} {audience.slug}")}


def concerns_readers_at_risk(
    chosen: Iterable[AudienceLike],
    words: Iterable[str] = (),
    known: Iterable[AudienceLike] = (),
) -> bool:
    """Whether a page shows "Exit this page": the one rule for entries, browse and search.

    `chosen` are the audiences the page is about (an entry's tags, a search's audience filter);
    any of them marked `safety_exit` decides. A search's `words` decide too when one of them names
    a marked audience among `known` (the whole vocabulary): a word of its name or slug.
    """
    if any(audience.safety_exit for audience in chosen):
        return True
    folded = {_folded(word) for word in words}
    return bool(folded) and any(
        audience.safety_exit and folded & _name_words(audience) for audience in known
    )


def shows_exit_this_page(
    request: HttpRequest | None,
    chosen: Iterable[AudienceLike],
    words: Iterable[str] = (),
    known: Iterable[AudienceLike] = (),
) -> bool:
    """Whether this request's page shows the control, recorded for its links: the rule
    (`concerns_readers_at_risk`) or `?exit=1`. What every page that may show it calls: an
    entry with its published audiences, a browse or search page with what it chose and read."""
    return remember_exit_mode(request, concerns_readers_at_risk(chosen, words, known))


def exit_requested(request: HttpRequest | None) -> bool:
    """Whether the address carries the mode (`?exit=1`); any other value counts as absent."""
    return request is not None and request.GET.get(EXIT_PARAMETER) == EXIT_VALUE


def remember_exit_mode(request: HttpRequest | None, concerned: bool) -> bool:
    """Record for this request whether the control shows (the page's own rule, or `?exit=1`)."""
    shown = concerned or exit_requested(request)
    if request is not None:
        setattr(request, _REQUEST_ATTRIBUTE, shown)
    return shown


def exit_mode(request: HttpRequest | None) -> bool:
    """Whether this request's page shows the control, so that its internal links carry it."""
    if request is None:
        return False
    return getattr(request, _REQUEST_ATTRIBUTE, None) or exit_requested(request)


def with_exit_mode(url: str, request: HttpRequest | None, shown: bool) -> str:
    """`url` with `exit=1` when `shown` and it leads within this site; without any `exit`
    otherwise (a stray `exit=<junk>` is dropped, never passed on). Other links are unchanged."""
    if not shown and f"{EXIT_PARAMETER}=" not in url:
        return url  # the common case, on every link of most pages: nothing to parse
    parts = urlsplit(url)
    if parts.scheme not in ("", "http", "https"):
        return url  # mailto:, tel: and the like
    if parts.netloc and (request is None or parts.netloc != request.get_host()):
        return url  # another site: it must learn nothing from us
    if not parts.path and not parts.query:
        return url  # a fragment of this same page
    query = [(key, value) for key, value in parse_qsl(parts.query, True) if key != EXIT_PARAMETER]
    if shown:
        query.append((EXIT_PARAMETER, EXIT_VALUE))
    elif len(query) == len(parse_qsl(parts.query, True)):
        return url  # nothing to change: keep the address exactly as it was written
    return urlunsplit(parts._replace(query=urlencode(query)))


def exit_parameter_cleaned(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Leave the view `exit=1` once, or no `exit` at all: a cached view then stores at most one
    variant of a page for the mode, and a junk value is neither kept nor echoed in its links."""

    @wraps(view)
    def cleaned(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        values = request.GET.getlist(EXIT_PARAMETER)
        if values and values != [EXIT_VALUE]:
            query: QueryDict = request.GET.copy()
            if exit_requested(request):
                query.setlist(EXIT_PARAMETER, [EXIT_VALUE])
            else:
                del query[EXIT_PARAMETER]
            # django-stubs types GET as the immutable QueryDict Django builds; any QueryDict serves.
            request.GET = query  # type: ignore[assignment]
        return view(request, *args, **kwargs)

    return cleaned
