"""Sessions: a cookie naming no session Django issued is a signed-out visitor, never an error.

Runs on SQLite and PostgreSQL (PostgreSQL alone rejects NUL in a query).
"""

import pytest
from django.contrib.sessions.backends.base import VALID_KEY_CHARS

from catalog.sessions import SessionStore

pytestmark = pytest.mark.django_db

# The cookie parser decodes octal escapes in a quoted value: this key starts with a NUL.
NUL_KEY_COOKIE = 'sessionid="\\000abcdefgh"'


def test_the_site_keeps_sessions_in_the_catalog_store(settings):
    assert settings.SESSION_ENGINE == "catalog.sessions"


@pytest.mark.parametrize("key", ["\x00abcdefgh", "ABCDEFGH1", "abcdefgh-", "écoutezmoi"])
def test_a_key_with_a_character_django_never_issues_names_no_session(key):
    assert SessionStore(key).load() == {}


def test_a_key_django_issued_still_names_its_session():
    store = SessionStore()
    store["visits"] = 1
    store.save()

    assert set(store.session_key) <= set(VALID_KEY_CHARS)
    assert SessionStore(store.session_key).load() == {"visits": 1}


def test_a_session_cookie_with_a_nul_character_is_a_signed_out_visitor(client, home):
    response = client.get("/", headers={"Cookie": NUL_KEY_COOKIE})

    assert response.status_code == 200
    assert response.wsgi_request.user.is_anonymous
