"""Counts on the public pages read as English does for one and for several (Django's ngettext,
through `{% blocktranslate count %}`): "1 result", "2 results", never "1 results"."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory

pytestmark = pytest.mark.django_db


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize(("count", "words"), [(1, "1 minute,"), (5, "5 minutes,")])
def test_the_paused_sign_in_names_its_minutes(count, words, home):
    request = RequestFactory().get("/sign-in/")
    request.user = AnonymousUser()
    html = render_to_string("catalog/sign_in_locked.html", {"minutes": count}, request)
    assert f"Wait {words} then try again." in text(html)


@pytest.mark.parametrize(("count", "words"), [(1, "to see 1 result"), (3, "to see 3 results")])
def test_a_removal_offered_after_no_results_names_its_results(count, words):
    removal = {
        "url": "/search/",
        "facet_label": "Audience",
        "labels": ["Caregivers"],
        "count": count,
    }
    search = type("Search", (), {"removals": [removal], "query": "x", "suggestion": None})()
    html = render_to_string("includes/no_results.html", {"search": search})
    assert words in text(html)


def test_the_search_counts_one_result_and_several(client, search_catalog):
    one = text(client.get("/search/?q=intake+questions").content.decode())
    assert re.search(r"of 1 result\b", one), one[:2000]
    several = text(client.get("/search/").content.decode())
    assert re.search(r"of \d+ results\b", several)


def test_no_template_or_message_makes_plurals_by_hand():
    """Plurals go through ngettext (`{% blocktranslate count %}` in templates), which knows each
    language's plural rules; Django's `pluralize` filter and "(s)" know only English."""
    root = Path(settings.BASE_DIR)
    by_hand = [
        f"{path.relative_to(root)}:{number}"
        for folder, pattern in (("templates", "*.html"), ("catalog", "*.py"))
        for path in sorted((root / folder).rglob(pattern))
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if "|pluralize" in line or re.search(r"\w\(s\)[ .,\"']", line)
    ]
    assert by_hand == []
