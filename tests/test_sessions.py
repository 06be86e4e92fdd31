"""Sessions: a cookie naming no session Django issued is a signed-out visitor, never an error;
staff sessions end after 8 idle hours, members' after two weeks.

Runs on SQLite and PostgreSQL (PostgreSQL alone rejects NUL in a query).
"""

import datetime
from http import HTTPStatus
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catalog import sessions, sessions_cached

pytestmark = pytest.mark.django_db

# The cookie parser decodes octal escapes in a quoted value: this key starts with a NUL.
NUL_KEY_COOKIE = 'sessionid="\\000abcdefgh"'


def test_the_site_as_configured_looks_up_no_key_django_never_issues(client, home):
    """Whichever store SESSION_STORE picks, the NUL-key cookie costs no session query (Django's
    own stores would look it up, and PostgreSQL would refuse the query)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/", headers={"Cookie": NUL_KEY_COOKIE})

    assert response.status_code == HTTPStatus.OK
    assert not [query for query in queries if "django_session" in query["sql"]]


# Both stores SESSION_STORE offers: the database alone, and the database behind the cache.
STORES = [sessions.SessionStore, sessions_cached.SessionStore]
ENGINES = ["catalog.sessions", "catalog.sessions_cached"]


@pytest.mark.parametrize("store", STORES)
@pytest.mark.parametrize("key", ["\x00abcdefgh", "ABCDEFGH1", "abcdefgh-", "écoutezmoi"])
def test_a_key_with_a_character_django_never_issues_names_no_session(store, key):
    assert store(key).load() == {}


@pytest.mark.parametrize("store", STORES)
def test_a_key_django_issued_still_names_its_session(store):
    saved = store()
    saved["visits"] = 1
    saved.save()

    assert set(saved.session_key) <= set(VALID_KEY_CHARS)
    assert store(saved.session_key).load() == {"visits": 1}


def test_a_session_kept_in_the_cache_is_in_the_database_too(settings):
    """SESSION_STORE=cache: a flushed (or lost) cache signs nobody out."""
    saved = sessions_cached.SessionStore()
    saved["visits"] = 2
    saved.save()
    cache.clear()

    assert Session.objects.filter(session_key=saved.session_key).exists()
    assert sessions_cached.SessionStore(saved.session_key).load() == {"visits": 2}


@pytest.mark.parametrize("engine", ENGINES)
def test_a_session_cookie_with_a_nul_character_is_a_signed_out_visitor(
    client, home, settings, engine
):
    settings.SESSION_ENGINE = engine
    response = client.get("/", headers={"Cookie": NUL_KEY_COOKIE})

    assert response.status_code == 200
    assert response.wsgi_request.user.is_anonymous


# --- Staff sessions end when idle (issue 12, finding 15) -----------------------------------------

HOUR = datetime.timedelta(hours=1)


@pytest.fixture
def editor_client(home, django_user_model):
    editor = django_user_model.objects.create_user("editor", password="x")
    editor.groups.add(Group.objects.get(name="Catalog editors"))
    client = Client()
    client.force_login(editor)
    return client


def later(delta: datetime.timedelta):
    """Pretend `delta` has passed, for the session store's idea of now."""
    moment = timezone.now() + delta
    return mock.patch("django.contrib.sessions.backends.db.timezone.now", return_value=moment)


def session_age(client) -> datetime.timedelta:
    row = Session.objects.get(session_key=client.session.session_key)
    return row.expire_date - timezone.now()


def test_staff_sessions_end_after_eight_idle_hours_members_keep_two_weeks(
    editor_client, member_client, settings
):
    assert settings.CATALOG_STAFF_SESSION_IDLE_SECONDS == 8 * 3600
    for client in (editor_client, member_client):
        assert client.get("/").status_code == HTTPStatus.OK
    assert 7.9 * HOUR < session_age(editor_client) <= 8 * HOUR
    assert session_age(member_client) > 13 * 24 * HOUR
    with later(8 * HOUR + datetime.timedelta(minutes=1)):
        assert editor_client.get("/admin/").status_code == HTTPStatus.FOUND  # to sign in
        assert editor_client.get("/").wsgi_request.user.is_anonymous
        assert member_client.get("/").wsgi_request.user.is_authenticated


def test_staff_who_keep_working_stay_signed_in(editor_client):
    editor_client.get("/admin/")
    with later(7 * HOUR):
        assert editor_client.get("/admin/").status_code == HTTPStatus.OK  # renews the 8 hours
    with later(14 * HOUR):
        assert editor_client.get("/admin/").status_code == HTTPStatus.OK


def test_signing_in_on_the_admin_form_starts_the_short_session(home, django_user_model):
    django_user_model.objects.create_superuser("root", password="root-pass-1")
    client = Client()
    client.post("/admin/login/", {"username": "root", "password": "root-pass-1"})
    assert session_age(client) <= 8 * HOUR
