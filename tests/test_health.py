"""Readiness (/readyz/, catalog.health): 200 while the database, the cache and the media storage
answer, 503 naming the one that does not, always within 2 s; /healthz/ stays trivial."""

import json
import threading
import time
from http import HTTPStatus

import pytest
from django.core.files.storage import FileSystemStorage
from django.db import connections
from django.test import Client

from catalog import health
from tests.dead_database import blackhole_port, closed_port, database_at

pytestmark = pytest.mark.django_db

SECRET_DETAIL = "s3.internal.example.org"


class UnreachableStorage(FileSystemStorage):
    """Media storage whose server cannot be reached, saying where in its message (as boto does)."""

    def exists(self, name: str) -> bool:
        raise ConnectionError(f"Could not connect to the endpoint URL: https://{SECRET_DETAIL}/")


@pytest.fixture(autouse=True)
def _no_check_left_running():
    """A check still waiting on a dead server would answer the next test's probe."""
    yield
    health.settle(timeout=10)


def readyz(**headers) -> tuple[int, dict, float, object]:
    """The status, the JSON body, the seconds it took, and the response."""
    started = time.monotonic()
    response = Client().get("/readyz/", **headers)
    elapsed = time.monotonic() - started
    return response.status_code, json.loads(response.content), elapsed, response


def test_ready_when_everything_answers():
    status, body, _, response = readyz()
    assert status == HTTPStatus.OK
    assert body == {"status": "ok", "checks": {"database": "ok", "cache": "ok", "storage": "ok"}}
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Type"] == "application/json"


def test_readiness_queries_nothing_in_the_request_and_sets_no_cookie(django_assert_num_queries):
    """The checks query from their own threads; the request itself (middleware, session, user)
    touches no database, so that it can answer while there is none."""
    with django_assert_num_queries(0):
        status, _, _, response = readyz()
    assert status == HTTPStatus.OK
    assert not response.cookies


def test_only_get_and_head():
    assert Client().head("/readyz/").status_code == HTTPStatus.OK
    assert Client().post("/readyz/").status_code == HTTPStatus.METHOD_NOT_ALLOWED


def test_exempt_from_the_https_redirect(settings):
    """A load balancer probes over plain HTTP, as it does /healthz/."""
    settings.SECURE_SSL_REDIRECT = True
    assert Client().get("/readyz/").status_code == HTTPStatus.OK
    assert Client().get("/healthz/").status_code == HTTPStatus.OK


def test_database_refusing_connections_is_named_without_its_address():
    with closed_port() as port, database_at(port):
        status, body, elapsed, response = readyz()
    assert status == HTTPStatus.SERVICE_UNAVAILABLE
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == "error: OperationalError"
    assert body["checks"]["storage"] == "ok"
    assert elapsed < 2
    text = response.content.decode()
    for detail in ("127.0.0.1", str(port), "not-a-real-password", "catalog", "outage"):
        assert detail not in text
    assert response["Cache-Control"] == "no-store"


def test_database_that_never_answers_times_out_within_two_seconds():
    """A blackhole: the TCP connection is accepted, PostgreSQL never speaks. The connect timeout
    (here 2 s, libpq's least) would hold the probe longer than a balancer waits."""
    with blackhole_port() as port, database_at(port, connect_timeout=2):
        status, body, elapsed, _ = readyz()
        assert status == HTTPStatus.SERVICE_UNAVAILABLE
        assert body["checks"]["database"] == "timed out"
        assert elapsed < 2
        health.settle(timeout=10)  # before the test database comes back


def test_probes_during_an_outage_share_one_check_each():
    """Probes in a tight loop while the database hangs hold one thread for it, not one each."""
    with blackhole_port() as port, database_at(port, connect_timeout=2):
        for _ in range(5):
            assert health.readiness(deadline=0.05)["database"] == "timed out"
        waiting = [t for t in threading.enumerate() if t.name == "readyz-database"]
        assert len(waiting) == 1
        health.settle(timeout=10)


def test_ready_again_once_the_database_is_back():
    with closed_port() as port, database_at(port):
        assert readyz()[0] == HTTPStatus.SERVICE_UNAVAILABLE
    status, body, _, _ = readyz()
    assert status == HTTPStatus.OK
    assert body["checks"]["database"] == "ok"


def test_cache_down_is_named(settings):
    with closed_port() as port:
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": f"redis://127.0.0.1:{port}/0",
            }
        }
        status, body, elapsed, response = readyz()
    assert status == HTTPStatus.SERVICE_UNAVAILABLE
    assert body["checks"] == {"database": "ok", "cache": "error: ConnectionError", "storage": "ok"}
    assert str(port) not in response.content.decode()
    assert elapsed < 2


def test_cache_that_loses_values_is_named(settings):
    """A cache that accepts writes and keeps nothing cannot share pages between servers."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    status, body, _, _ = readyz()
    assert status == HTTPStatus.SERVICE_UNAVAILABLE
    assert body["checks"]["cache"] == "error: the value written was not read back"


def test_storage_down_is_named_without_its_address(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": f"{__name__}.UnreachableStorage"},
    }
    status, body, _, response = readyz()
    assert status == HTTPStatus.SERVICE_UNAVAILABLE
    assert body["checks"] == {"database": "ok", "cache": "ok", "storage": "error: ConnectionError"}
    assert SECRET_DETAIL not in response.content.decode()


@pytest.mark.skipif(
    connections["default"].vendor != "postgresql",
    reason="counts PostgreSQL's server processes; the PostgreSQL suite runs it",
)
def test_checks_leave_no_database_connection_behind():
    """Each check connects in a thread of its own; a connection left open per probe would use up
    PostgreSQL's max_connections within minutes of a balancer's probing."""

    def connections_to_this_database() -> int:
        with connections["default"].cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            )
            return cursor.fetchone()[0]

    before = connections_to_this_database()
    for _ in range(5):
        assert readyz()[0] == HTTPStatus.OK
    health.settle(timeout=10)
    assert connections_to_this_database() == before


def test_liveness_stays_trivial_while_the_database_is_down():
    with closed_port() as port, database_at(port):
        response = Client().get("/healthz/")
    assert response.status_code == HTTPStatus.OK
    assert response.content == b"ok\n"
