"""The search answers where it stands: every number beside a filter is what ticking it gives,
values that would give nothing wait behind "Show all", and a search that finds nothing says
which choice to drop and where to go instead (issue 14).

Run on the demo content, for a query with none, one and two facets chosen, as a visitor and
as a signed-in member (whose numbers include members-only entries).
"""

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _demo_loaded(demo_for_module, db):
    """Every test sees the demo."""


@pytest.fixture
def member_client(django_user_model) -> Client:
    """The demo's own member (signed in), who sees members-only entries."""
    client = Client()
    client.force_login(django_user_model.objects.get(username="member"))
    return client


def search(client, params: dict):
    response = client.get("/search/", params)
    assert response.status_code == 200
    return response.context["search"]


def with_value(params: dict, name: str, value: str) -> dict:
    chosen = params.get(name, [])
    chosen = [chosen] if isinstance(chosen, str) else list(chosen)
    return {**params, name: [*chosen, value]}


CHOICES = [
    {"q": "trafficking"},
    {"topic": "identification-and-screening"},  # a browse page's choice
    {"audience": ["caregivers", "cac-staff"]},
    {"q": "trafficking", "discipline": "victim-advocacy"},
    {"q": "trafficking", "discipline": "victim-advocacy", "audience": "cac-staff"},
    {"discipline": "victim-advocacy", "topic": "identification-and-screening"},
    {"type": "resource", "discipline": ["law-enforcement", "medical"]},
]


@pytest.mark.parametrize("params", CHOICES, ids=lambda params: "&".join(sorted(params)))
@pytest.mark.parametrize("who", ["client", "member_client"])
def test_every_number_beside_a_value_is_what_ticking_it_gives(request, who, params):
    client = request.getfixturevalue(who)
    found = search(client, params)
    total = found.page.paginator.count
    checked = 0
    for group in found.facets:
        chosen = any(option.selected for option in group.options)
        for option in group.options:
            if option.selected:
                continue
            after = search(client, with_value(params, group.name, option.value))
            if chosen:  # OR within a facet: the value adds the entries it brings
                expected = total + option.adds
            else:
                assert option.adds is None
                expected = option.count
            assert after.page.paginator.count == expected, (group.name, option.value)
            checked += 1
    assert checked > 20


def test_a_facet_with_a_choice_shows_what_each_other_value_adds(client):
    params = {"q": "trafficking", "discipline": "victim-advocacy"}
    found = search(client, params)
    disciplines = next(group for group in found.facets if group.name == "discipline")
    adding = [option for option in disciplines.shown if not option.selected]
    assert adding, "some discipline adds results"
    html = client.get("/search/", params).content.decode()
    for option in adding:
        label = re.search(rf'<label for="facet-{option.input_id}">(.*?)</label>', html, re.S)
        assert f"+{option.adds}" in label.group(1)
        assert "more result" in label.group(1)  # read out as "2 more results"


def test_values_that_would_give_nothing_wait_behind_show_all(client):
    html = client.get("/search/", {"q": "trafficking", "type": "episode"}).content.decode()
    found = search(client, {"q": "trafficking", "type": "episode"})
    for group in found.facets:
        fieldset = html.split(f"<legend>{group.label}</legend>")[1].split("</fieldset>")[0]
        shown, _, more = fieldset.partition('<details class="facet__more"')
        for option in group.options:
            where = shown if not option.empty else more
            assert f'value="{option.value}"' in where, (group.name, option.value)
        if group.hidden:
            assert f"Show all {len(group.options)}" in more
    chosen = 'name="type" value="episode" checked'
    assert chosen in html.split('<details class="facet__more"')[0]  # a choice always shows


def test_an_empty_result_says_which_choice_to_drop(client):
    params = {"type": "episode", "format": "checklist"}  # no episode is a checklist
    found = search(client, params)
    assert found.page.paginator.count == 0
    without_type = search(client, {"format": "checklist"}).page.paginator.count
    without_format = search(client, {"type": "episode"}).page.paginator.count
    by_label = {removal.facet_label: removal for removal in found.removals}
    assert by_label["Type"].count == without_type > 0
    assert by_label["Resource type"].count == without_format > 0
    html = client.get("/search/", params).content.decode()
    assert f"Remove resource type: Checklist</a> to see {without_format} results" in html
    for removal in found.removals:
        response = client.get(removal.url)
        assert response.context["search"].page.paginator.count == removal.count


def test_an_empty_result_names_only_choices_whose_removal_helps(client):
    # No Spanish entry mentions trafficking: dropping the type would still find nothing.
    found = search(client, {"q": "trafficking", "type": "episode", "language": "es"})
    assert found.page.paginator.count == 0
    assert [removal.facet_label for removal in found.removals] == ["Language"]


def test_an_empty_result_offers_topics_and_disciplines_to_browse(client):
    html = client.get("/search/", {"q": "zzyzxq"}).content.decode()
    assert "Browse the catalog" in html
    assert 'href="/browse/topics/identification-and-screening/"' in html
    assert 'href="/browse/disciplines/victim-advocacy/"' in html
    assert "facet__count" not in html.split('id="filters"')[0]  # no greyed zeros above


def test_the_results_come_before_the_filters_and_the_page_says_how_to_skip(client):
    html = client.get("/search/", {"q": "screening"}).content.decode()
    assert html.index('id="results-heading"') < html.index('id="filters-heading"')
    assert '<a class="skip-link" href="#results-heading">Skip to results</a>' in html
    assert 'href="#filters"' in html  # "Filters" leads to them without JavaScript
    assert "Apply filters" in html  # without JavaScript the form is applied by a button


def test_a_search_page_title_says_its_words_and_page(client):
    html = client.get("/search/", {"q": "screening", "per_page": 10, "page": 2}).content.decode()
    assert "<title>screening — page 2 — Search ·" in html
    first = client.get("/search/", {"q": "screening"}).content.decode()
    assert "<title>screening — Search ·" in first
