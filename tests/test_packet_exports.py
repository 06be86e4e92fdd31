"""The packet's exports (CSV, iCalendar, plain text) and "Add all N results" (issue 16): each
built from the same address as the packet page, each showing only what the visitor may see.

The packet page itself is in tests/test_packet.py.
"""

import csv
import datetime
import io
import json
from http import HTTPStatus
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from icalendar import Calendar

from catalog.calendar import offering_uid
from catalog.index.sync import reindex
from catalog.models import ResourcePage
from catalog.models.choices import OfferingStatus
from catalog.search.export import HEADER
from tests import factories
from tests.privacy_catalog import (
    GROUP,
    MEMBERS,
    PUBLIC,
    SHARED_WORD,
    build_catalog,
    entries_shown,
    of,
    text_of,
)

pytestmark = pytest.mark.django_db

VISIBLE = {
    "anonymous": PUBLIC,
    "member": PUBLIC | MEMBERS,
    "group member": PUBLIC | MEMBERS | GROUP,
}
JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def catalog(home):
    return build_catalog()


@pytest.fixture
def visitors(django_user_model) -> dict[str, Client]:
    member = django_user_model.objects.create_user("packet-member", password="x")
    in_group = django_user_model.objects.create_user("packet-group-member", password="x")
    in_group.groups.add(Group.objects.get_or_create(name="Chapter staff")[0])
    clients = {"anonymous": Client(), "member": Client(), "group member": Client()}
    clients["member"].force_login(member)
    clients["group member"].force_login(in_group)
    return clients


def every_entry(catalog) -> str:
    return ",".join(str(page.pk) for page in catalog.entries.values())


def from_redirect(catalog, response) -> set:
    """The entries a redirect to the packet page names, by their ids."""
    assert response.status_code == HTTPStatus.FOUND
    location = urlsplit(response["Location"])
    assert location.path == "/packet/"
    ids = {int(pk) for pk in parse_qs(location.query).get("e", [""])[0].split(",") if pk}
    return {key for key, page in catalog.entries.items() if page.pk in ids}


# --- privacy on every export ---------------------------------------------------------------------

EXPORTS = {
    "csv": ("/packet/packet.csv", of("resource", "curriculum", "episode")),
    "text": ("/packet/packet.txt", of("resource", "curriculum", "episode")),
    "calendar": ("/packet/packet.ics", of("curriculum")),  # its offerings only
}


@pytest.mark.parametrize("export", EXPORTS)
@pytest.mark.parametrize("who", VISIBLE)
def test_each_export_lists_only_what_the_visitor_may_see(catalog, visitors, who, export):
    url, kinds = EXPORTS[export]
    response = visitors[who].get(url, {"e": every_entry(catalog)})
    assert response.status_code == HTTPStatus.OK
    assert entries_shown(catalog, text_of(response)) == VISIBLE[who] & kinds
    if who != "anonymous":
        assert {"private", "no-store"} <= set(response["Cache-Control"].replace(" ", "").split(","))


@pytest.mark.parametrize("who", VISIBLE)
def test_adding_all_results_lists_only_what_the_visitor_may_see(catalog, visitors, who):
    client = visitors[who]
    found = client.get("/packet/from-search/", {"q": SHARED_WORD}, **JSON)
    titles = " ".join(entry["title"] for entry in json.loads(found.content)["entries"])
    assert entries_shown(catalog, titles) == VISIBLE[who]
    assert json.loads(found.content)["total"] == len(VISIBLE[who])
    assert entries_shown(catalog, found.content.decode()) == VISIBLE[who]  # urls too
    assert (
        from_redirect(catalog, client.get("/packet/from-search/", {"q": SHARED_WORD}))
        == (VISIBLE[who])
    )


@pytest.mark.parametrize(
    "url",
    ["/packet/packet.csv", "/packet/packet.ics", "/packet/packet.txt", "/packet/from-search/"],
)
def test_no_export_sets_a_cookie_for_an_anonymous_visitor(search_catalog, url):
    ids = ",".join(str(page.pk) for page in search_catalog["entries"].values())
    client = Client()
    response = client.get(url, {"e": ids, "q": "screening"})
    assert response.status_code in (HTTPStatus.OK, HTTPStatus.FOUND)
    assert not response.cookies and not client.cookies


# --- CSV -----------------------------------------------------------------------------------------


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_the_csv_has_the_search_exports_columns_then_summary_publisher_and_note(search_catalog):
    entries = search_catalog["entries"]
    resource, episode = entries["screening tool"], entries["boys episode"]
    ResourcePage.objects.filter(pk=resource.pk).update(publisher="National Children's Alliance")
    response = Client().get(
        "/packet/packet.csv",
        {"e": f"{episode.pk},{resource.pk}", f"note-{resource.pk}": "Print for each\nteam"},
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="packet.csv"'
    header, *rows = csv_rows(response)
    assert header == ["\ufeff" + HEADER[0], *HEADER[1:], "Summary", "Publisher", "Note"]
    assert [row[0] for row in rows] == ["Boys don't tell", "Screening tool"]  # the packet's order
    assert dict(zip(HEADER, rows[1], strict=False)) == {
        "Title": "Screening tool",
        "Type": "Screening tool",
        "URL": f"http://localhost{resource.url}",
        "Disciplines": "Victim advocacy",
        "Audiences": "CAC staff",
        "Topics": "Identification and screening",
        "Published": "2023-05-02",
        "Access": "Public",
    }
    assert rows[1][len(HEADER) :] == [
        "Ten intake questions.",
        "National Children's Alliance",
        "Print for each\nteam",
    ]
    assert rows[0][len(HEADER) :] == ["Male victims and housing.", "", ""]


def test_the_csv_neutralises_formulas_in_titles_and_notes(home):
    entry = factories.resource(title='=HYPERLINK("http://evil")', publisher="@SUM(A1)")
    rows = csv_rows(Client().get("/packet/packet.csv", {"e": entry.pk, f"note-{entry.pk}": "+1"}))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["\ufeffTitle"] == '\'=HYPERLINK("http://evil")'
    assert (row["Publisher"], row["Note"]) == ("'@SUM(A1)", "'+1")


def test_an_empty_packets_csv_is_its_header(home):
    rows = csv_rows(Client().get("/packet/packet.csv", {"e": "abc"}))
    assert len(rows) == 1 and rows[0][-1] == "Note"


# --- iCalendar -----------------------------------------------------------------------------------


def events(response) -> dict[str, object]:
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_the_calendar_holds_every_upcoming_offering_with_the_curriculums_own_uids(search_catalog):
    curriculum = search_catalog["entries"]["two-day training"]
    resource = search_catalog["entries"]["screening tool"]
    soon = factories.offering(curriculum, 10)
    second_day = datetime.date.today() + datetime.timedelta(days=41)
    two_days = factories.offering(curriculum, 40, end_date=second_day)
    cancelled = factories.offering(curriculum, 20, status=OfferingStatus.CANCELLED)
    past = factories.offering(curriculum, -10)
    response = Client().get(
        "/packet/packet.ics", {"e": f"{resource.pk},{curriculum.pk}", "title": "MDT day"}
    )
    assert response["Content-Disposition"] == 'attachment; filename="packet.ics"'
    found = events(response)
    upcoming = (soon, two_days, cancelled)
    assert set(found) == {offering_uid(offering.pk) for offering in upcoming} | {
        offering_uid(two_days.pk, day=2)  # an event a day, as on the curriculum's calendar
    }
    assert offering_uid(past.pk) not in found
    assert str(found[offering_uid(cancelled.pk)]["STATUS"]) == "CANCELLED"
    assert str(found[offering_uid(soon.pk)]["SUMMARY"]) == "Two-day training"
    assert Calendar.from_ical(response.content)["X-WR-CALNAME"] == "MDT day"
    own = events(Client().get(curriculum.url + "calendar/"))
    for uid in found:
        assert str(own[uid]["DTSTART"].to_ical()) == str(found[uid]["DTSTART"].to_ical())


@pytest.mark.parametrize("e", ["", "abc"])
def test_an_empty_packet_gives_a_valid_empty_calendar(search_catalog, e):
    response = Client().get("/packet/packet.ics", {"e": e})
    assert response.status_code == HTTPStatus.OK
    calendar = Calendar.from_ical(response.content)
    assert not calendar.walk("VEVENT") and calendar.walk("VTIMEZONE")


def test_a_packet_without_curricula_gives_no_event(search_catalog):
    factories.offering(search_catalog["entries"]["two-day training"], 10)
    resource = search_catalog["entries"]["screening tool"]
    assert events(Client().get("/packet/packet.ics", {"e": resource.pk})) == {}


# --- plain text ----------------------------------------------------------------------------------


def test_the_text_lists_each_entry_numbered_with_type_title_address_and_note(search_catalog):
    resource = search_catalog["entries"]["screening tool"]
    curriculum = search_catalog["entries"]["two-day training"]
    response = Client().get(
        "/packet/packet.txt",
        {
            "e": f"{curriculum.pk},{resource.pk}",
            "title": "Harrisburg MDT training, March",
            f"note-{curriculum.pk}": "Register by Friday.\nBring lunch.",
        },
    )
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "Content-Disposition" not in response  # read in the browser, copied into an email
    assert response.content.decode() == (
        "Harrisburg MDT training, March\n"
        "\n"
        "1. Two-day training\n"
        "   Type: Curriculum\n"
        f"   http://localhost{curriculum.url}\n"
        "   Note: Register by Friday.\n"
        "   Bring lunch.\n"
        "\n"
        "2. Screening tool\n"
        "   Type: Screening tool\n"
        f"   http://localhost{resource.url}\n"
    )


def test_the_text_of_an_empty_packet_says_so(home):
    assert "This packet has no entries." in Client().get("/packet/packet.txt").content.decode()


# --- "Add all N results" -------------------------------------------------------------------------


def test_adding_all_results_gives_the_search_pages_results_in_its_order(search_catalog):
    client = Client()
    params = {"q": "screening", "sort": "title"}
    page = client.get("/search/", params).context["search"].page.object_list
    answer = client.get("/packet/from-search/", params, **JSON)
    assert answer["Content-Type"] == "application/json"
    assert "Accept" in answer["Vary"]
    found = json.loads(answer.content)
    assert found == {
        "entries": [{"id": e.pk, "title": e.title, "url": e.get_url()} for e in page],
        "total": len(page),
        "capped": False,
    }
    redirect = client.get("/packet/from-search/", params)
    ids = ",".join(str(entry.pk) for entry in page)
    assert redirect["Location"] == f"/packet/?e={ids}"
    assert "Accept" in redirect["Vary"]


def quick_resources(count: int) -> list[ResourcePage]:
    kit = factories.toolkit()
    pages = [
        kit.add_child(
            instance=ResourcePage(
                title=f"Bulk {n}", slug=f"bulk-{n}", summary="Bulk.", resource_type="guide"
            )
        )
        for n in range(count)
    ]
    reindex([page.pk for page in pages])
    return pages


def test_adding_all_results_stops_at_one_hundred(home):
    quick_resources(103)
    found = json.loads(Client().get("/packet/from-search/", {"q": "bulk"}, **JSON).content)
    assert (len(found["entries"]), found["total"], found["capped"]) == (100, 103, True)
    redirect = Client().get("/packet/from-search/", {"q": "bulk"})
    assert len(parse_qs(urlsplit(redirect["Location"]).query)["e"][0].split(",")) == 100


@pytest.mark.parametrize(
    "params",
    [
        {"page": "abc", "per_page": "-1", "sort": "__class__"},
        {"q": "x" * 10_000},
        {"q": "screening", "type": "bogus", "year": "1e9999", "discipline": "%FF"},
        {"q": "\x00"},
        {},
    ],
)
def test_bad_search_parameters_never_fail(search_catalog, params):
    client = Client()
    assert client.get("/packet/from-search/", params, **JSON).status_code == HTTPStatus.OK
    assert client.get("/packet/from-search/", params).status_code == HTTPStatus.FOUND


def test_a_cached_answer_is_never_served_to_another_visitor_or_format(catalog, visitors, settings):
    settings.CATALOG_PAGE_CACHE_SECONDS = 300
    url, params = "/packet/from-search/", {"q": SHARED_WORD}
    anonymous = json.loads(visitors["anonymous"].get(url, params, **JSON).content)["total"]
    member = json.loads(visitors["member"].get(url, params, **JSON).content)["total"]
    assert (anonymous, member) == (len(PUBLIC), len(PUBLIC | MEMBERS))
    again = visitors["anonymous"].get(url, params, **JSON)
    assert json.loads(again.content)["total"] == len(PUBLIC)
    assert visitors["anonymous"].get(url, params).status_code == HTTPStatus.FOUND
