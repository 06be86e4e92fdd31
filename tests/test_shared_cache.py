"""The cache several app servers share: the database's, or Redis (CACHE_URL=redis://…).

What must hold on either engine: counters moved by many processes at once count every move (the
content version that invalidates cached pages, the member mail limits), a published change shows
on the next request, and (Redis) an unreachable server slows pages down without breaking them,
while a change whose invalidation cannot be recorded fails instead of leaving stale pages.

The Redis tests use the server at REDIS_TEST_URL (redis://127.0.0.1:6379/12 by default: database
12 and up, one per test process), which every machine of this project's kind runs. Without it
they are skipped, except with CI set (.ci/run), where that fails. The concurrent database-cache
test needs PostgreSQL (SQLite's in-memory test database cannot take concurrent writers); the
PostgreSQL pass of .ci/run runs it.
"""

import os
import subprocess
import threading
import time
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.management import call_command
from django.db import connection, connections

from catalog.cache_backends import CACHE_UNAVAILABLE, DatabaseCache, RedisCache
from catalog.search.cache import VERSION_KEY, catalog_changed, content_version
from tests import factories
from tests.test_settings import load_settings

pytestmark = pytest.mark.django_db

REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/12")


def worker_redis_url() -> str:
    parts = urlsplit(REDIS_TEST_URL)
    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    return urlunsplit(parts._replace(path=f"/{int(parts.path.strip('/') or 0) + worker}"))


def closed_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # closed again once the socket is


@pytest.fixture
def redis_url() -> str:
    import redis

    url = worker_redis_url()
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError as error:
        message = f"needs the Redis server at {REDIS_TEST_URL}: {error}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return url


def use_redis(settings, url: str, *, empty: bool = True) -> None:
    settings.CACHES = {"default": {**settings.CACHE_BACKENDS["redis"], "LOCATION": url}}
    if empty:
        cache.clear()


@pytest.fixture
def on_redis(settings, redis_url):
    use_redis(settings, redis_url)
    yield cache
    cache.clear()


@pytest.fixture
def on_database_cache(settings):
    settings.CACHES = {"default": settings.CACHE_BACKENDS["database"]}
    call_command("createcachetable")
    cache.clear()
    return cache


def count_from_threads(threads: int, each: int, key: str) -> None:
    """`threads` threads, started together, each moving `key` on `each` times."""
    start = threading.Barrier(threads)
    errors: list[BaseException] = []

    def work() -> None:
        try:
            start.wait()
            for _ in range(each):
                cache.incr(key)
        except BaseException as error:  # reported to the test below
            errors.append(error)
        finally:
            connections.close_all()  # this thread's own database connection

    running = [threading.Thread(target=work) for _ in range(threads)]
    for thread in running:
        thread.start()
    for thread in running:
        thread.join()
    assert errors == []


# --- Settings ----------------------------------------------------------------------------------


def settings_in_a_new_process(**environment: str) -> subprocess.CompletedProcess:
    """The settings module as a server would load it with `environment` (DEBUG on)."""
    expression = (
        "s.CACHES['default']['BACKEND'], s.CACHES['default'].get('LOCATION'), s.SESSION_ENGINE"
    )
    return load_settings(f"' '.join(({expression}))", DEBUG="1", **environment)


def test_a_redis_url_selects_djangos_redis_cache_and_the_cached_sessions():
    result = settings_in_a_new_process(CACHE_URL="redis://127.0.0.1:6379/3", SESSION_STORE="cache")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "catalog.cache_backends.RedisCache",
        "redis://127.0.0.1:6379/3",
        "catalog.sessions_cached",
    ]
    assert issubclass(RedisCache, DjangoRedisCache)


@pytest.mark.parametrize(
    ("environment", "message"),
    [
        ({"CACHE_URL": "memcached://127.0.0.1:11211"}, "CACHE_URL must be a redis://"),
        ({"CACHE_BACKEND": "redis"}, "CACHE_URL names the Redis server"),
        ({"CACHE_BACKEND": "locmem", "CACHE_URL": "redis://x"}, "CACHE_URL names the Redis"),
        ({"SESSION_STORE": "files"}, "SESSION_STORE must be one of database, cache"),
    ],
)
def test_a_wrong_cache_setting_stops_the_start_with_a_readable_reason(environment, message):
    result = settings_in_a_new_process(**environment)
    assert result.returncode != 0
    assert message in result.stderr


# --- Counters that count -----------------------------------------------------------------------


def test_the_database_cache_counts_and_refuses_a_missing_or_expired_counter(on_database_cache):
    cache.set("counter", 5, 60)
    assert cache.incr("counter") == 6
    assert cache.incr("counter", 10) == 16
    assert cache.get("counter") == 16
    with pytest.raises(ValueError, match="not found"):
        cache.incr("never-set")
    cache.set("stale", 1, -1)  # already expired
    with pytest.raises(ValueError, match="not found"):
        cache.incr("stale")


def in_own_connection(work):
    """`work()`'s result, run in a thread with a database connection of its own (autocommit):
    what it writes is committed, as another app server's would be."""
    results: list = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            results.append(work())
        except BaseException as error:  # raised again below
            errors.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if errors:
        raise errors[0]
    return results[0]


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite's in-memory test database takes one writer at a time",
)
def test_the_database_cache_counts_every_move_from_concurrent_processes(settings):
    """Django's own DatabaseCache.incr reads, then writes: run this with it and moves are lost.
    Each thread has its own connection, committing as another app server would; the test's own
    connection (inside the test's transaction) never touches the table."""
    settings.CACHES = {"default": settings.CACHE_BACKENDS["database"]}
    key = f"counter-{os.environ.get('PYTEST_XDIST_WORKER', 'gw0')}"
    in_own_connection(lambda: call_command("createcachetable"))
    in_own_connection(lambda: cache.set(key, 0, None))
    try:
        count_from_threads(threads=6, each=25, key=key)
        assert in_own_connection(lambda: cache.get(key)) == 150
    finally:
        in_own_connection(lambda: cache.delete(key))


def test_redis_counts_every_move_from_concurrent_clients(on_redis):
    cache.set("counter", 0, None)
    count_from_threads(threads=6, each=50, key="counter")
    assert cache.get("counter") == 300


def test_on_each_engine_the_cache_in_use_is_the_catalogs(on_database_cache, settings, redis_url):
    from django.core.cache import caches

    assert isinstance(caches["default"], DatabaseCache)
    use_redis(settings, redis_url)
    assert isinstance(caches["default"], RedisCache)


# --- Pages on Redis ----------------------------------------------------------------------------


def test_on_redis_a_published_entry_shows_on_the_next_search(client, search_catalog, on_redis,
                                                             settings):  # fmt: skip
    settings.CATALOG_PAGE_CACHE_SECONDS = 300
    first = client.get("/search/?q=screening").content.decode()
    assert client.get("/search/?q=screening").content.decode() == first  # served from Redis
    version = content_version()

    new = factories.resource(title="New screening protocol", summary="Screening at intake.")

    assert content_version() > version
    assert f'href="{new.url}"' in client.get("/search/?q=screening").content.decode()


def test_on_redis_a_signed_in_session_is_kept_in_the_cache_and_the_database(
    client, member, on_redis, settings
):
    from django.contrib.sessions.models import Session

    settings.SESSION_ENGINE = "catalog.sessions_cached"
    client.force_login(member)
    key = client.cookies["sessionid"].value

    assert Session.objects.filter(session_key=key).exists()
    assert cache.get(f"django.contrib.sessions.cached_db{key}") is not None
    cache.clear()  # Redis flushed or lost: the member is still signed in
    assert client.get("/account/").status_code == 200


# --- Redis unreachable -------------------------------------------------------------------------


@pytest.fixture
def redis_down(settings):
    use_redis(settings, f"redis://127.0.0.1:{closed_port()}/0", empty=False)
    return cache


def test_with_redis_down_pages_are_computed_afresh_and_quickly(client, search_catalog, redis_down,
                                                               settings):  # fmt: skip
    settings.CATALOG_PAGE_CACHE_SECONDS = 300
    started = time.monotonic()
    response = client.get("/search/?q=screening")
    assert response.status_code == 200
    assert "Identification and screening" in response.content.decode()
    assert client.get("/").status_code == 200
    assert time.monotonic() - started < 10  # a closed port answers at once; no retry loops


def test_with_redis_down_a_change_cannot_pass_unrecorded(redis_down):
    """Cached pages may outlive the outage: a change whose invalidation is lost could leave an
    entry that became members-only on them. The change fails instead (and is rolled back)."""
    with pytest.raises(CACHE_UNAVAILABLE):
        catalog_changed()
    assert cache.get(VERSION_KEY) is None


def test_a_change_refused_for_want_of_the_cache_answers_the_plain_503_page(redis_down):
    from catalog.outage import is_database_outage

    try:
        catalog_changed()
    except CACHE_UNAVAILABLE as error:
        assert is_database_outage(error)
    else:
        pytest.fail("the change went through without its invalidation")
