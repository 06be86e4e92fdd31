"""The upcoming-trainings page: every chapter's offerings, filtered by discipline, the offering's
own format and month, online ones also in the visitor's own time."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def offered(home):
    advocacy = factories.discipline("Victim advocacy", slug="victim-advocacy")
    medical = factories.discipline("Medical", slug="medical")
    index = factories.chapter_index()
    pennsylvania = factories.chapter(index, title="CACs of Pennsylvania")
    ohio = factories.chapter(index, title="CACs of Ohio")
    in_person = factories.curriculum(
        pennsylvania,
        title="Advocates training",
        disciplines=[advocacy],
        delivery_format="in-person",
    )
    online = factories.curriculum(ohio, title="Medical training", disciplines=[medical],
                                  delivery_format="online")  # fmt: skip
    secret = factories.members_only(
        factories.curriculum(ohio, title="Members-only training", disciplines=[medical])
    )
    # Two months on: the offerings a few days away may fall in next month, never in that one.
    today = datetime.date.today()
    next_month = (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    later_month = (next_month + datetime.timedelta(days=32)).replace(day=1)
    offerings = {
        "advocates soon": factories.offering(in_person, 3),
        "advocates later": factories.offering(in_person, (later_month - today).days + 2),
        "medical": factories.offering(online, 5, delivery_format="online", venue=""),
        "past": factories.offering(in_person, -3),
        "secret": factories.offering(secret, 4),
    }
    return {"url": f"{index.url}upcoming/", "offerings": offerings, "later_month": later_month}


def listed(client, url, **params) -> list[str]:
    response = client.get(url, params)
    assert response.status_code == 200
    html = response.content.decode()
    results = html[html.index('id="results-heading"') :]
    return re.findall(r'<p class="offering__title"><a href="[^"]*">([^<]*)</a>', results)


def test_upcoming_offerings_of_every_chapter_soonest_first(client, offered):
    assert listed(client, offered["url"]) == [
        "Advocates training", "Medical training", "Advocates training"
    ]  # fmt: skip


def test_members_also_see_members_only_trainings(member_client, offered):
    assert "Members-only training" in listed(member_client, offered["url"])


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"discipline": "medical"}, ["Medical training"]),
        ({"discipline": ["medical", "victim-advocacy"]}, ["Advocates training", "Medical training",
                                                          "Advocates training"]),
        ({"format": "online"}, ["Medical training"]),
        ({"format": "in-person", "discipline": "medical"}, []),
    ],
)  # fmt: skip
def test_filters_combine(client, offered, params, expected):
    assert listed(client, offered["url"], **params) == expected


def test_the_month_filter(client, offered):
    month = f"{offered['later_month']:%Y-%m}"
    assert listed(client, offered["url"], month=month) == ["Advocates training"]


@pytest.mark.parametrize(
    "params",
    [{"month": "2020-13"}, {"month": "x" * 10_000}, {"discipline": "nope"}, {"format": "telepathy"},
     {"page": "9999"}, {"page": "-1"}, {"month": "\x00"}, {"discipline": ["medical", "medical"]},
     {"discipline": "\x00"}, {"format": "\x00"}],
)  # fmt: skip
def test_bad_choices_get_a_page_with_a_message_never_an_error(client, offered, params):
    response = client.get(offered["url"], params)
    assert response.status_code == 200


def test_a_calendar_link_for_each_chosen_discipline(client, offered):
    html = client.get(offered["url"], {"discipline": "medical"}).content.decode()
    feed = f"{offered['url'].removesuffix('upcoming/')}calendar/medical/"
    assert f'<a href="{feed}">Medical trainings</a>' in html
    assert (
        f'<link rel="alternate" type="text/calendar" title="Medical trainings" href="{feed}">'
        in html
    )


def test_query_count_does_not_grow_with_the_offerings(client, offered, settings):
    settings.CACHES = {  # as deployed: Wagtail's site paths in the database cache
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "catalog_cache",
        }
    }
    call_command("createcachetable")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get(offered["url"])
        return len(captured)

    client.get(offered["url"])
    before = queries()
    curriculum = offered["offerings"]["medical"].curriculum
    for days in range(6, 16):
        factories.offering(curriculum, days, delivery_format="online", venue="")
    assert queries() == before


def test_the_home_page_leads_to_upcoming_trainings(client, offered):
    assert f'<a href="{offered["url"]}">Upcoming trainings</a>' in client.get("/").content.decode()


@pytest.fixture
def formats(home):
    """Offerings whose format is not their curriculum's: the Format filter reads the offering."""
    index = factories.chapter_index()
    chapter = factories.chapter(index, title="CACs of Pennsylvania")
    in_person = factories.curriculum(chapter, title="In-person course", delivery_format="in-person")
    hybrid = factories.curriculum(chapter, title="Hybrid course", delivery_format="hybrid")
    factories.offering(in_person, 3, venue="Harrisburg")
    factories.offering(in_person, 4, delivery_format="online", venue="")
    factories.offering(hybrid, 5, venue="Erie")  # a hybrid course; this day is at a venue only
    factories.offering(hybrid, 6, delivery_format="online", venue="")
    factories.offering(hybrid, 7, delivery_format="hybrid", venue="Pittsburgh")
    return f"{index.url}upcoming/"


def offerings_listed(client, url, **params) -> list[tuple[str, str]]:
    """(course, where) of each offering listed."""
    html = client.get(url, params).content.decode()
    results = html[html.index('id="results-heading"') :]
    pattern = r'offering__title"><a [^>]*>([^<]*)</a>.*?<p class="offering__where">([^<]*)</p>'
    return re.findall(pattern, results, re.S)


def format_counts(html: str) -> dict[str, str]:
    """The number each Format checkbox shows (with its "+" when it would add to a choice)."""
    pattern = r'name="format" value="([a-z-]+)"[^>]*> <label[^>]*>[^<]*<span class="facet__count">'
    return dict(re.findall(pattern + r"([+0-9]+)<", html))


def test_the_format_filter_reads_each_offerings_own_format(client, formats):
    assert offerings_listed(client, formats, format="online") == [
        ("In-person course", "Online"), ("Hybrid course", "Online")
    ]  # fmt: skip
    assert offerings_listed(client, formats, format="in-person") == [
        ("In-person course", "Harrisburg"), ("Hybrid course", "Erie")
    ]  # fmt: skip
    assert offerings_listed(client, formats, format="hybrid") == [
        ("Hybrid course", "Pittsburgh, or online")
    ]  # fmt: skip


def test_each_format_shows_how_many_offerings_it_lists(client, formats):
    counts = format_counts(client.get(formats).content.decode())
    assert counts == {"in-person": "2", "online": "2", "hybrid": "1"}
    for value, count in counts.items():
        assert len(offerings_listed(client, formats, format=value)) == int(count)


def test_with_a_format_chosen_the_others_say_what_they_add(client, formats):
    html = client.get(formats, {"format": "online"}).content.decode()
    assert format_counts(html) == {"in-person": "+2", "online": "2", "hybrid": "+1"}
    both = offerings_listed(client, formats, format=["online", "hybrid"])
    assert len(both) == 2 + 1
    assert 'value="online" checked>' in html


def test_format_counts_follow_the_other_filters_and_privacy(client, member_client, formats):
    chapter = factories.chapter(title="Elsewhere")
    secret = factories.members_only(factories.curriculum(chapter, title="Members-only course"))
    draft = factories.curriculum(chapter, title="Draft course", live=False)
    factories.offering(secret, 8, delivery_format="hybrid", venue="Secret venue")
    factories.offering(draft, 8, delivery_format="hybrid", venue="Draft venue")
    assert format_counts(client.get(formats).content.decode())["hybrid"] == "1"
    assert format_counts(member_client.get(formats).content.decode())["hybrid"] == "2"
    soon = (datetime.date.today() + datetime.timedelta(days=3)).strftime("%Y-%m")
    counts = format_counts(client.get(formats, {"month": soon}).content.decode())
    assert sum(int(count) for count in counts.values()) == len(
        offerings_listed(client, formats, month=soon)
    )


def month_menu(html: str) -> list[str]:
    menu = html[html.index('name="month"') : html.index("</select>")]
    return re.findall(r'<option value="(\d{4}-\d\d)"', menu)


def test_the_month_menu_lists_only_months_with_offerings_the_visitor_may_see(
    client, member_client, offered
):
    today = datetime.date.today()
    index_url = offered["url"]
    chapter = offered["offerings"]["secret"].curriculum.get_parent().specific
    far = factories.members_only(factories.curriculum(chapter, title="Far, members only"))
    draft = factories.curriculum(chapter, title="Draft course", live=False)
    factories.offering(far, 200)
    factories.offering(draft, 300)
    factories.offering(offered["offerings"]["advocates soon"].curriculum, -40)  # past
    expected = sorted({
        f"{today + datetime.timedelta(days=days):%Y-%m}"
        for days in (3, 5, (offered["later_month"] - today).days + 2)
    })  # fmt: skip
    assert month_menu(client.get(index_url).content.decode()) == expected
    members = sorted({*expected, f"{today + datetime.timedelta(days=4):%Y-%m}",
                      f"{today + datetime.timedelta(days=200):%Y-%m}"})  # fmt: skip
    assert month_menu(member_client.get(index_url).content.decode()) == members
    empty = f"{today + datetime.timedelta(days=300):%Y-%m}"
    assert empty not in members  # the draft's month, and the past one's, are in no menu


def test_a_month_without_offerings_is_ignored_with_a_message(client, offered):
    empty = f"{datetime.date.today() + datetime.timedelta(days=300):%Y-%m}"
    response = client.get(offered["url"], {"month": empty})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Month: No training is scheduled then; every month is shown." in html
    assert listed(client, offered["url"], month=empty) == listed(client, offered["url"])


def test_online_offerings_carry_their_instant_for_the_visitors_local_time(client, formats):
    html = client.get(formats).content.decode()
    assert re.search(r'<script src="/static/js/local-time\.[0-9a-f]+\.js" defer></script>', html)
    marked = re.findall(
        r'<time class="offering__hours" datetime="([^"]+)" data-local-time data-ends="([^"]+)">'
        r"9:00 AM–4:00 PM (E[SD]T)</time>",
        html,
    )
    assert len(marked) == 3  # two online, one hybrid; never the two in person
    for start, end, zone in marked:
        offset = {"EST": "-05:00", "EDT": "-04:00"}[zone]
        assert start.endswith(offset) and "T09:00:00" in start
        assert end.endswith(offset) and end[:10] == start[:10] and "T16:00:00" in end
    assert html.count('<time class="offering__hours"') == 5
