"""The page models' contexts and routes, supplied from above (catalog.models.page_views,
catalog.pages): every name a page type asks for has a function, and a mistake is loud."""

import ast
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from catalog.models import page_views
from catalog.pages import entry_context

MODELS = Path(__file__).resolve().parent.parent / "catalog" / "models"
ASKING = {"context_from_above", "response_from_above"}


def names_the_models_ask_for() -> set[str]:
    names = set()
    for path in MODELS.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ASKING:
                names.add(node.args[0].value)
    return names


def test_every_name_a_page_type_asks_for_is_supplied():
    asked = names_the_models_ask_for()
    assert {"entry", "entry_index", "podcast_feed", "transcript"} <= asked  # the scan works
    assert asked - set(page_views._supplied) == set()


def test_a_name_nothing_supplies_is_a_readable_configuration_error():
    with pytest.raises(ImproperlyConfigured, match="Nothing supplies the page view 'nothing'"):
        page_views.context_from_above("nothing", None, RequestFactory().get("/"))


def test_a_second_function_for_a_name_is_refused():
    with pytest.raises(ImproperlyConfigured, match="Two functions supply"):
        page_views.supplies("entry")(lambda page, request: {})
    assert page_views.supplies("entry")(entry_context) is entry_context  # the same one again
