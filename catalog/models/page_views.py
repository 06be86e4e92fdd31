"""What the page models show and serve, supplied by the layer above them.

The models are the bottom layer: catalog.listing, catalog.calendar, catalog.feeds,
catalog.related and catalog.structured_data query and render pages, so they import the models,
and the models may not import them (the import-linter contracts in pyproject.toml hold this).
A page's context and its routes need those modules all the same. So a page type asks for its
context, or for the response to one of its routes, by name here; catalog.pages, imported when
the app is ready (CatalogConfig.ready), supplies a function for each name.
"""

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from wagtail.models import Page

View = TypeVar("View", bound=Callable[..., Any])

_supplied: dict[str, Callable[..., Any]] = {}


def supplies(name: str) -> Callable[[View], View]:
    """Register the decorated function as the one page models call `name`; once per name."""

    def register(view: View) -> View:
        if _supplied.get(name, view) is not view:
            raise ImproperlyConfigured(f"Two functions supply the page view {name!r}.")
        _supplied[name] = view
        return view

    return register


def _view(name: str) -> Callable[..., Any]:
    try:
        return _supplied[name]
    except KeyError:
        raise ImproperlyConfigured(
            f"Nothing supplies the page view {name!r}: catalog.pages registers them when the "
            "app is ready."
        ) from None


def context_from_above(
    name: str, page: Page, request: HttpRequest, **kwargs: Any
) -> dict[str, Any]:
    """The context `name` adds to the page's own (a dict to merge into it), given what the page
    already read for its own context as keyword arguments."""
    return _view(name)(page, request, **kwargs)


def response_from_above(name: str, page: Page, request: HttpRequest, **kwargs: Any) -> HttpResponse:
    """The response to the page's route `name`, with the route's own arguments."""
    return _view(name)(page, request, **kwargs)
