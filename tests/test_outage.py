"""While the database is down every page answers a plain 503 page, quickly, with no traceback;
once it is back the next request is served, in the same process (catalog.outage)."""

import time
from http import HTTPStatus

import pytest
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import include, path

from tests import factories
from tests.dead_database import blackhole_port, closed_port, database_at
from tests.test_settings import load_settings

OUTAGE_PAGE = "The catalog is temporarily unavailable"
# What no visitor should ever see of a failure.
LEAKS = ("Traceback", "OperationalError", "psycopg", "127.0.0.1", "not-a-real-password")


@pytest.fixture
def catalog_pages(home) -> dict[str, str]:
    """One address of each kind of page, each served (200) while the database is up."""
    advocacy = factories.discipline("Victim advocacy")
    handout = factories.document()
    entry = factories.resource(title="Screening tool", summary="Ten intake questions.")
    entry.disciplines.add(advocacy)
    return {
        "home": "/",
        "entry": entry.url,
        "search": "/search/?q=screening",
        "browse": f"/browse/disciplines/{advocacy.slug}/",
        "document": handout.url,
        "admin sign-in": "/admin/login/",
    }


def timed(client: Client, method: str, url: str, **data) -> tuple[HttpResponse, float]:
    started = time.monotonic()
    response = getattr(client, method)(url, data)
    return response, time.monotonic() - started


def assert_outage_page(response: HttpResponse, page: str = "") -> None:
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE, page
    assert response["Retry-After"] == "30", page
    assert response["Cache-Control"] == "no-store", page
    assert response["Content-Type"].startswith("text/html"), page
    html = response.content.decode()
    assert OUTAGE_PAGE in html, page
    for leak in LEAKS:
        assert leak not in html, (page, leak)


@pytest.mark.django_db
def test_every_page_answers_the_outage_page_at_once_when_the_database_refuses(catalog_pages):
    client = Client(raise_request_exception=False)
    with closed_port() as port, database_at(port):
        for kind, url in catalog_pages.items():
            response, elapsed = timed(client, "get", url)
            assert_outage_page(response, kind)
            assert elapsed < 1, kind
        # A POST runs its view in a transaction (catalog.middleware.AtomicWritesMiddleware),
        # and the sign-in asks django-axes about lockouts first.
        response, elapsed = timed(
            client, "post", "/admin/login/", username="editor", password="wrong"
        )
        assert_outage_page(response)
        assert elapsed < 1


@pytest.mark.django_db
def test_a_signed_in_member_gets_the_outage_page_too(catalog_pages, member_client):
    """The session and the user are read in middleware, before any view, and again on the way
    out (catalog.middleware.personal_responses): each failure there ends in the same page."""
    member_client.raise_request_exception = False
    with closed_port() as port, database_at(port):
        for kind, url in catalog_pages.items():
            assert_outage_page(member_client.get(url), kind)


@pytest.mark.django_db
def test_a_database_that_never_answers_costs_one_connect_timeout(catalog_pages):
    """A blackhole: the connection is accepted, PostgreSQL never speaks. The page waits for
    DATABASE_CONNECT_TIMEOUT (here 2 s, libpq's least), not psycopg's default of 130 s."""
    client = Client(raise_request_exception=False)
    with blackhole_port() as port, database_at(port, connect_timeout=2):
        for url in (catalog_pages["home"], catalog_pages["entry"]):
            response, elapsed = timed(client, "get", url)
            assert_outage_page(response)
            assert elapsed < 2 + 1.5


@pytest.mark.django_db
def test_a_signed_in_member_waits_one_connect_timeout_too(catalog_pages, member_client):
    """The member is read from the database in middleware, and asked for again on the way out:
    one failed connection is enough for the whole request."""
    member_client.raise_request_exception = False
    with blackhole_port() as port, database_at(port, connect_timeout=2):
        response, elapsed = timed(member_client, "get", catalog_pages["home"])
    assert_outage_page(response)
    assert elapsed < 2 + 1.5
    assert "sessionid" not in response.cookies  # still signed in once the database is back


@pytest.mark.django_db
def test_pages_come_back_in_the_same_process_once_the_database_does(catalog_pages, member_client):
    client = Client(raise_request_exception=False)
    member_client.raise_request_exception = False
    with closed_port() as port, database_at(port):
        assert client.get("/").status_code == HTTPStatus.SERVICE_UNAVAILABLE
        assert member_client.get("/").status_code == HTTPStatus.SERVICE_UNAVAILABLE
    for kind in ("home", "entry", "search", "browse", "admin sign-in"):
        assert client.get(catalog_pages[kind]).status_code == HTTPStatus.OK, kind
    member_page = member_client.get("/")
    assert member_page.status_code == HTTPStatus.OK
    assert member_page.wsgi_request.user.is_authenticated  # still signed in


# The handler on its own, with views that fail in known ways (this module as the URLconf).


def lost_connection(request: HttpRequest) -> HttpResponse:
    raise OperationalError("server closed the connection unexpectedly")


def wrapped_lost_connection(request: HttpRequest) -> HttpResponse:
    try:
        lost_connection(request)
    except OperationalError as exc:
        raise RuntimeError("a library's own error") from exc
    return HttpResponse()


def plain_bug(request: HttpRequest) -> HttpResponse:
    raise ValueError("not a database problem")


urlpatterns = [
    path("lost/", lost_connection),
    path("wrapped/", wrapped_lost_connection),
    path("bug/", plain_bug),
    path("", include("catalog.urls")),  # the middleware names admin pages
]
handler500 = "catalog.outage.server_error"


@pytest.mark.urls(__name__)
def test_a_connection_error_behind_another_error_is_still_an_outage():
    client = Client(raise_request_exception=False)
    assert_outage_page(client.get("/lost/"))
    assert_outage_page(client.get("/wrapped/"))


@pytest.mark.urls(__name__)
def test_any_other_error_keeps_the_plain_500_page():
    response = Client(raise_request_exception=False).get("/bug/")
    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    assert "Something went wrong on our side" in response.content.decode()
    assert "Retry-After" not in response
    assert "not a database problem" not in response.content.decode()


@pytest.mark.urls(__name__)
def test_the_outage_page_is_served_even_if_its_template_fails(settings):
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [], "APP_DIRS": False}]
    response = Client(raise_request_exception=False).get("/lost/")
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response["Retry-After"] == "30"
    assert "temporarily unavailable" in response.content.decode()


# The connect timeout (catalog.settings).

POSTGRES_URL = "postgres://catalog@db.example.org/catalog"


def test_postgresql_connections_time_out_after_three_seconds_by_default():
    result = load_settings(
        "s.DATABASES['default']['OPTIONS']['connect_timeout']",
        SECRET_KEY="x" * 60,
        DATABASE_URL=POSTGRES_URL,
    )
    assert result.stdout.strip() == "3", result.stderr


def test_the_connect_timeout_is_read_from_the_environment():
    result = load_settings(
        "s.DATABASES['default']['OPTIONS']",
        SECRET_KEY="x" * 60,
        DATABASE_URL=POSTGRES_URL,
        DATABASE_CONNECT_TIMEOUT="5",
    )
    # The planner setting beside it is kept.
    assert result.stdout.strip() == (
        "{'options': '-c random_page_cost=1.1 -c max_parallel_workers_per_gather=0',"
        " 'connect_timeout': 5}"
    ), result.stderr


@pytest.mark.parametrize("value", ["0", "-1", "2.5", "three", "", "²"])
def test_a_connect_timeout_that_is_not_a_positive_whole_number_refuses_to_start(value):
    result = load_settings(
        "s.DATABASES",
        SECRET_KEY="x" * 60,
        DATABASE_URL=POSTGRES_URL,
        DATABASE_CONNECT_TIMEOUT=value,
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured: DATABASE_CONNECT_TIMEOUT must be" in result.stderr
