"""Curricula: credit, prerequisites, agenda hours and checks, offerings upcoming and past."""

import datetime
import importlib
import json
import re
from decimal import Decimal
from html import unescape
from http import HTTPStatus
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from catalog.models import CurriculumPage
from tests import factories

pytestmark = pytest.mark.django_db


def session(start: str, end: str, title: str = "Session") -> dict:
    return {"start": start, "end": end, "title": title, "description": "", "presenter_role": "",
            "disciplines": []}  # fmt: skip


def day(*sessions, title="Day 1") -> dict:
    return {"type": "day", "value": {"title": title, "sessions": list(sessions)}}


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_total_hours_are_the_sum_of_the_sessions(home):
    page = factories.curriculum(
        duration_hours="20",
        agenda=[
            day(session("09:00", "10:30"), session("10:45", "12:00"), title="Day 1"),
            day(session("13:00", "16:30"), title="Day 2"),
        ],
    )
    assert page.duration_hours == Decimal("6.25")  # 1.5 + 1.25 + 3.5, not the 20 typed


def test_without_session_times_the_editors_hours_stand(home):
    page = factories.curriculum(duration_hours="3", agenda=[day(session(None, None))])
    assert page.duration_hours == Decimal("3")


def curriculum_form(chapter, agenda) -> dict:
    return nested_form_data({
        "title": "Two-day training", "slug": "two-day-training", "summary": "For teams.",
        "overview": rich_text(""), "learning_objectives": streamfield([]),
        "duration_hours": "", "ce_hours": "", "accreditation": "", "price": "0",
        "delivery_format": "in-person",
        "survivor_involvement": "", "funding_note": "", "contact_name": "", "contact_email": "",
        "agenda": streamfield([("day", {
            "title": "Day 1",
            "sessions": streamfield([("item", {**item, "disciplines": streamfield([])})
                                     for item in agenda]),
        })]),
        "materials": streamfield([]),
        "offerings": inline_formset([]),
        "language": "en", "publication_date": "2024-01-01", "last_reviewed": "",
        "action-publish": "publish",
    })  # fmt: skip


@pytest.mark.parametrize(
    ("sessions", "message"),
    [
        ([session("10:00", "09:00", "Backwards")], "This session ends before it starts."),
        (
            [session("09:00", "10:30", "Screening"), session("10:00", "11:00", "Interviews")],
            "This session overlaps “Screening” (09:00–10:30).",
        ),
        ([session("09:00", None, "Open-ended")], "Give both a start and an end time, or neither."),
    ],
)
def test_the_admin_refuses_an_agenda_that_cannot_happen(admin_client, home, sessions, message):
    chapter = factories.chapter()
    response = admin_client.post(
        f"/admin/pages/add/catalog/curriculumpage/{chapter.pk}/",
        curriculum_form(chapter, [{k: v or "" for k, v in s.items()} for s in sessions]),
    )
    assert response.status_code == HTTPStatus.OK
    # The editor shows block errors from JSON in the page, non-ASCII as \u escapes.
    assert json.dumps(message)[1:-1] in response.content.decode()
    assert not CurriculumPage.objects.exists()


def test_a_good_agenda_is_saved_with_its_hours(admin_client, home):
    chapter = factories.chapter()
    sessions = [session("09:00", "10:30", "Screening"), session("10:30", "12:00", "Interviews")]
    response = admin_client.post(
        f"/admin/pages/add/catalog/curriculumpage/{chapter.pk}/",
        curriculum_form(chapter, sessions),
    )
    assert response.status_code == HTTPStatus.FOUND, text_of(response.content.decode())[:2000]
    assert CurriculumPage.objects.get().duration_hours == Decimal("3.00")


def test_upcoming_offerings_come_first_soonest_first_and_past_ones_after_latest_first(client, home):
    page = factories.curriculum(title="Two-day training")
    for days, venue in [(-90, "Long ago"), (60, "Later"), (-10, "Recently"), (5, "Soon")]:
        factories.offering(page, days, venue=venue)
    html = client.get(page.url).content.decode()
    body = html[html.index("<main") :]
    upcoming, past = body.split("<h3>Past offerings</h3>")
    assert upcoming.index("Soon") < upcoming.index("Later")
    assert "Recently" not in upcoming and "Long ago" not in upcoming
    assert past.index("Recently") < past.index("Long ago")
    assert text_of(past).count("Took place") == 2


def test_an_offering_shows_when_where_how_to_register_and_its_calendar(client, home):
    page = factories.curriculum(title="Two-day training")
    offering = factories.offering(
        page,
        10,
        end_date=datetime.date.today() + datetime.timedelta(days=11),
        time_zone="America/Chicago",
        capacity=40,
        registration_url="https://example.org/register",
        status="open",
    )
    cancelled = factories.offering(page, 20, delivery_format="online", venue="", status="cancelled")
    html = client.get(page.url).content.decode()
    text = text_of(html)
    assert f"{offering.start_date:%A, %B %-d, %Y} to {offering.end_date:%A, %B %-d, %Y}" in text
    assert f"9:00 AM–4:00 PM {offering.starts_at.tzname()}" in text  # CST or CDT
    assert "Harrisburg, Pennsylvania · 40 places" in text
    register = '<a href="https://example.org/register" rel="noopener noreferrer"'
    assert f'{register} data-print-href="https://example.org/register">Register' in html
    assert f'href="{page.url}calendar/{offering.key}/" download>Add to calendar' in html
    assert f'href="{page.url}calendar/{cancelled.key}/"' not in html
    assert "Online" in text and "Cancelled" in text
    title = "Two-day training: offerings"
    assert (
        f'<link rel="alternate" type="text/calendar" title="{title}" href="{page.url}calendar/">'
        in html
    )


def test_credit_and_prerequisites_show_and_private_prerequisites_do_not(client, home):
    chapter = factories.chapter()
    basics = factories.curriculum(chapter, title="The two-day training")
    secret = factories.members_only(factories.curriculum(chapter, title="Members-only basics"))
    page = factories.curriculum(
        chapter, title="Advocates", ce_hours="4.75", accreditation="Sample CE approval"
    )
    page.prerequisites = [basics, secret]
    page.save_revision().publish()
    text = text_of(client.get(page.url).content.decode())
    assert "Continuing education 4.75 hours: Sample CE approval" in text
    assert "Take first The two-day training" in text
    assert "Members-only basics" not in text


def test_the_course_structured_data_carries_its_instances_and_credit(client, home):
    page = factories.curriculum(
        title="Two-day training",
        delivery_format="hybrid",
        ce_hours="11",
        accreditation="Sample CE approval",
        agenda=[day(session("09:00", "12:00"))],
    )
    offering = factories.offering(
        page, 10, time_zone="America/Los_Angeles", delivery_format="hybrid"
    )
    factories.offering(page, 12, delivery_format="online", venue="", status="cancelled")
    factories.offering(page, 14)  # in person, though the curriculum is hybrid
    html = client.get(page.url).content.decode()
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1]
    )
    assert data["@type"] == "Course"
    assert data["provider"]["name"] == page.get_parent().title
    first, second, third = data["hasCourseInstance"]
    # No registration link: the online place is the curriculum's own page.
    online = {"@type": "VirtualLocation", "name": "Online", "url": data["url"]}
    assert data["url"].endswith(page.url)
    assert first == {
        "@type": "CourseInstance",
        "courseMode": "blended",
        "eventAttendanceMode": "https://schema.org/MixedEventAttendanceMode",
        "startDate": offering.starts_at.isoformat(),
        "endDate": offering.ends_at.isoformat(),
        "location": [{"@type": "Place", "name": "Harrisburg, Pennsylvania",
                      "address": "Harrisburg, Pennsylvania"}, online],
        "courseSchedule": {"@type": "Schedule", "duration": "PT7H", "repeatFrequency": "Daily",
                           "repeatCount": 1, "startDate": offering.start_date.isoformat(),
                           "endDate": offering.start_date.isoformat()},
        "courseWorkload": "PT3H",
    }  # fmt: skip
    assert first["startDate"].endswith(("-08:00", "-07:00"))  # Pacific time, as entered
    assert second["courseMode"] == "online"
    assert second["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert second["location"] == online
    assert second["eventStatus"] == "https://schema.org/EventCancelled"
    assert third["courseMode"] == "onsite"
    assert third["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["offers"] == {
        "@type": "Offer", "category": "Free", "price": 0, "priceCurrency": "USD",
    }  # fmt: skip
    assert data["educationalCredentialAwarded"] == {
        "@type": "EducationalOccupationalCredential",
        "name": "11 continuing-education hours",
        "credentialCategory": "Continuing education",
        "competencyRequired": "Sample CE approval",
    }


def test_the_chapter_page_lists_upcoming_offerings_and_its_calendar(client, home):
    chapter = factories.chapter(title="CACs of Pennsylvania")
    page = factories.curriculum(chapter, title="Two-day training")
    factories.offering(page, 7, venue="Soon venue")
    factories.offering(page, -7, venue="Past venue")
    html = client.get(chapter.url).content.decode()
    assert "Soon venue" in html and "Past venue" not in html
    assert f'href="{chapter.url}calendar/"' in html
    assert '<link rel="alternate" type="text/calendar"' in html


def test_members_see_members_only_offerings_on_the_chapter_page(client, member_client, home):
    chapter = factories.chapter()
    secret = factories.members_only(factories.curriculum(chapter, title="Members-only training"))
    factories.offering(secret, 7, venue="Secret venue")
    assert "Secret venue" not in client.get(chapter.url).content.decode()
    assert "Secret venue" in member_client.get(chapter.url).content.decode()


def test_offerings_cost_no_query_each(client, home):
    page = factories.curriculum(title="Two-day training")
    factories.offering(page, 5)
    client.get(page.url)

    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    before = {url: queries(url) for url in (page.url, f"{page.url}calendar/")}
    for days in range(6, 12):
        factories.offering(page, days)
    assert {url: queries(url) for url in before} == before


def test_a_deleted_material_leaves_the_curriculum_page_standing(client, home):
    tool = factories.resource(title="Screening tool")
    handout = factories.document("Day 1 slides", "day-1.pdf")
    page = factories.curriculum(
        materials=[
            {"type": "resource", "value": tool.pk},
            {"type": "document", "value": handout.pk},
        ]
    )
    tool.delete()
    handout.delete()
    response = client.get(page.url)
    assert response.status_code == 200
    assert "Screening tool" not in response.content.decode()


def offering_form(**fields) -> dict:
    values = {
        "start_date": f"{datetime.date.today() + datetime.timedelta(days=30)}",
        "start_time": "09:00", "end_date": "", "end_time": "16:00",
        "time_zone": "America/New_York", "delivery_format": "in-person", "venue": "",
        "capacity": "", "registration_url": "", "registration_deadline": "", "status": "open",
    }  # fmt: skip
    return {**values, **fields}


@pytest.mark.parametrize(
    ("fields", "saved"),
    [({"delivery_format": "online"}, "online"),
     ({"delivery_format": "hybrid", "venue": "Erie"}, "hybrid"),
     ({"venue": "Erie"}, "in-person")],
)  # fmt: skip
def test_editors_give_each_offering_its_own_format(admin_client, home, fields, saved):
    chapter = factories.chapter()
    data = curriculum_form(chapter, [])
    data.update(nested_form_data({"offerings": inline_formset([offering_form(**fields)])}))
    response = admin_client.post(f"/admin/pages/add/catalog/curriculumpage/{chapter.pk}/", data)
    assert response.status_code == HTTPStatus.FOUND, text_of(response.content.decode())[:2000]
    page = CurriculumPage.objects.get()
    assert page.delivery_format == "in-person"
    assert [offering.delivery_format for offering in page.offerings.all()] == [saved]


@pytest.mark.parametrize("delivery_format", ["in-person", "hybrid"])
def test_an_offering_at_a_venue_needs_the_venue(admin_client, home, delivery_format):
    chapter = factories.chapter()
    data = curriculum_form(chapter, [])
    offering = offering_form(delivery_format=delivery_format)
    data.update(nested_form_data({"offerings": inline_formset([offering])}))
    response = admin_client.post(f"/admin/pages/add/catalog/curriculumpage/{chapter.pk}/", data)
    assert response.status_code == HTTPStatus.OK
    assert "Give the venue, or choose the “Online” format." in response.content.decode()
    assert not CurriculumPage.objects.exists()


def test_a_hybrid_offering_shows_its_venue_and_online_and_the_local_time_hook(client, home):
    page = factories.curriculum(title="Two-day training", delivery_format="in-person")
    hybrid = factories.offering(page, 10, delivery_format="hybrid", venue="Erie, Pennsylvania",
                                time_zone="America/Chicago")  # fmt: skip
    factories.offering(page, 11, venue="Pittsburgh, Pennsylvania")
    html = client.get(page.url).content.decode()
    assert "Erie, Pennsylvania, or online" in text_of(html)
    start = hybrid.starts_at.isoformat()  # 09:00 Central, with its own offset
    assert start.endswith(("-06:00", "-05:00"))
    assert (
        f'<time class="offering__hours" datetime="{start}" data-local-time '
        f'data-ends="{start[:11]}16:00:00{start[-6:]}">'
    ) in html
    assert html.count("data-local-time") == 1  # not the in-person one


def test_the_migration_reads_each_offerings_tick_and_venue():
    migration = importlib.import_module("catalog.migrations.0013_offering_format")
    assert migration.format_of(False, "Erie", "hybrid") == "in-person"
    assert migration.format_of(False, "Erie", "online") == "in-person"
    assert migration.format_of(True, "", "hybrid") == "online"
    assert migration.format_of(True, "Erie", "hybrid") == "hybrid"
    assert migration.format_of(True, "Erie", "in-person") == "online"


def web_calendar_links(html: str, host: str) -> list[tuple[dict, str]]:
    """Each link to `host`'s new-event form: its query, and its accessible name (the text of
    the link, visually hidden parts included)."""
    pattern = rf'<a href="(https://{re.escape(host)}/[^"]+)" rel="noopener noreferrer">(.*?)</a>'
    return [
        (
            {k: v[0] for k, v in parse_qs(urlsplit(unescape(href)).query).items()},
            " ".join(re.sub(r"<[^>]+>", "", text).split()),
        )
        for href, text in re.findall(pattern, html)
    ]


GOOGLE, OUTLOOK = "calendar.google.com", "outlook.live.com"


def test_an_offering_can_be_added_to_google_calendar_and_outlook(client, home):
    page = factories.curriculum(title="Two-day training", summary="For teams.")
    offering = factories.offering(
        page, 10, time_zone="America/Chicago", registration_url="https://example.org/register"
    )
    factories.offering(page, 20, status="cancelled")
    factories.offering(page, -20)
    html = client.get(page.url).content.decode()
    start, end = (
        moment.astimezone(datetime.UTC) for moment in (offering.starts_at, offering.ends_at)
    )
    details = "For teams.\n\nRegister: https://example.org/register"
    on = f"{offering.start_date:%B %-d}"
    assert web_calendar_links(html, GOOGLE) == [(
        {"action": "TEMPLATE", "text": "Two-day training",
         "dates": f"{start:%Y%m%dT%H%M%SZ}/{end:%Y%m%dT%H%M%SZ}", "ctz": "America/Chicago",
         "details": details, "location": "Harrisburg, Pennsylvania"},
        f"Add to Google Calendar: Two-day training ({on})",
    )]  # fmt: skip
    assert web_calendar_links(html, OUTLOOK) == [(
        {"subject": "Two-day training", "startdt": f"{start:%Y-%m-%dT%H:%M:%SZ}",
         "enddt": f"{end:%Y-%m-%dT%H:%M:%SZ}", "body": details,
         "location": "Harrisburg, Pennsylvania"},
        f"Add to Outlook: Two-day training ({on})",
    )]  # fmt: skip
    assert "<script" not in html.split("offering-list")[1].split("</ul>")[0]  # links only


def test_days_alike_repeat_in_google_and_each_day_has_its_outlook_link(client, home):
    """Outlook's form cannot repeat an event: a link per day, so no day is left out."""
    page = factories.curriculum(title="Two-day training")
    offering = factories.offering(
        page, 10, end_date=datetime.date.today() + datetime.timedelta(days=11)
    )
    html = client.get(page.url).content.decode()
    ((google, google_text),) = web_calendar_links(html, GOOGLE)
    assert google["recur"] == "RRULE:FREQ=DAILY;COUNT=2"
    assert google["text"] == "Two-day training"
    assert google_text.startswith("Add to Google Calendar")
    outlook = web_calendar_links(html, OUTLOOK)
    second = offering.start_date + datetime.timedelta(days=1)
    assert [text for _query, text in outlook] == [
        f"Add day 1 of Two-day training ({offering.start_date:%B %-d}) to Outlook",
        f"Add day 2 of Two-day training ({second:%B %-d}) to Outlook",
    ]
    assert [query["subject"] for query, _text in outlook] == [
        "Two-day training (day 1 of 2)",
        "Two-day training (day 2 of 2)",
    ]
    assert outlook[1][0]["startdt"].startswith(f"{second:%Y-%m-%d}T14:00")  # 9:00 EST
    assert "Add to Outlook: " in text_of(html)


def second_sunday_of_march(year: int) -> datetime.date:
    first = datetime.date(year, 3, 1)
    return first + datetime.timedelta(days=(6 - first.weekday()) % 7 + 7)


@pytest.mark.parametrize("case", ["agenda", "clock change"])
def test_days_unlike_get_a_google_link_each(client, home, case):
    """Different hours from the agenda, or the same hours either side of a change of clocks
    (one repeated event would put the second day an hour off)."""
    if case == "agenda":
        page = factories.curriculum(agenda=[day(session("09:00", "12:00")),
                                            day(session("13:00", "16:00"))])  # fmt: skip
        start = datetime.date.today() + datetime.timedelta(days=10)
    else:
        page = factories.curriculum()
        start = second_sunday_of_march(datetime.date.today().year + 1) - datetime.timedelta(1)
    factories.offering(page, start_date=start, end_date=start + datetime.timedelta(days=1))
    google = web_calendar_links(client.get(page.url).content.decode(), GOOGLE)
    assert len(google) == 2 and not any("recur" in query for query, _text in google)
    first, second = (query["dates"].split("/")[0] for query, _text in google)
    assert (first[9:13], second[9:13]) == (
        ("1400", "1800") if case == "agenda" else ("1400", "1300")
    )


def test_an_agenda_that_disagrees_with_the_offerings_times_gives_way_to_them(home):
    """The agenda is the curriculum's, the times are the offering's: an offering at other hours
    (noon to 19:00 here, the agenda running 9:00 to 16:00) keeps its own hours every day."""
    page = factories.curriculum(agenda=[day(session("09:00", "16:00")),
                                        day(session("09:00", "16:00"))])  # fmt: skip
    start = datetime.date.today() + datetime.timedelta(days=10)
    offering = factories.offering(
        page, start_date=start, end_date=start + datetime.timedelta(days=2),
        start_time=datetime.time(12), end_time=datetime.time(19), time_zone="America/Los_Angeles",
    )  # fmt: skip
    assert [(day.starts_at.time(), day.ends_at.time()) for day in offering.days] == [
        (datetime.time(12), datetime.time(19))
    ] * 3
    agreeing = factories.offering(
        page, start_date=start, end_date=start + datetime.timedelta(days=1)
    )  # 9:00 to 16:00, as the agenda
    assert [day.number for day in agreeing.days] == [1, 2]


def test_an_offering_through_the_night_is_one_event_not_days_that_end_before_they_start(home):
    page = factories.curriculum()
    start = datetime.date.today() + datetime.timedelta(days=10)
    offering = factories.offering(
        page, start_date=start, end_date=start + datetime.timedelta(days=1),
        start_time=datetime.time(18), end_time=datetime.time(12),
    )  # fmt: skip
    (only,) = offering.days
    assert (only.starts_at, only.ends_at) == (offering.starts_at, offering.ends_at)
    assert only.ends_at > only.starts_at


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"start_date": datetime.date(2206, 3, 1)}, "start_date"),  # 2026 mistyped
        ({"start_date": datetime.date(1026, 3, 1)}, "start_date"),
        ({"end_date": datetime.date.today() + datetime.timedelta(days=3660)}, "end_date"),
    ],
)
def test_a_mistyped_year_is_refused_with_a_readable_message(home, fields, field):
    from django.core.exceptions import ValidationError

    from catalog.models import CurriculumOffering

    values = {"start_date": datetime.date.today(), "start_time": datetime.time(9),
              "end_time": datetime.time(16), "venue": "Harrisburg", **fields}  # fmt: skip
    offering = CurriculumOffering(curriculum=factories.curriculum(), **values)
    with pytest.raises(ValidationError) as refused:
        offering.clean()
    assert field in refused.value.message_dict
