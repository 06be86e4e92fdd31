"""The upcoming-trainings page: every chapter's offerings, filtered by discipline, format, month."""

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
        "medical": factories.offering(online, 5, online=True, venue=""),
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
        factories.offering(curriculum, days, online=True, venue="")
    assert queries() == before


def test_the_home_page_leads_to_upcoming_trainings(client, offered):
    assert f'<a href="{offered["url"]}">Upcoming trainings</a>' in client.get("/").content.decode()
