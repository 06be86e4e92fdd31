"""Readiness (/readyz/): whether this app server can serve pages now, for a load balancer.

/healthz/ (catalog.views.health) only says the process answers; a server whose database, cache
or media storage is unreachable answers it too, and would still be sent visitors. /readyz/ asks
all three and answers 503, naming the one that failed, so that the balancer sends visitors to
the other servers meanwhile.

The three checks run at once, each in a thread of its own, under one deadline (well inside the
2 s a balancer's probe allows): a database that accepts the TCP connection and never answers
would otherwise hold the probe for the whole connect timeout, and libpq's is at least 2 s. A
check still running at the deadline is reported "timed out" and left to finish in its thread
(the connect timeout ends it). A probe that arrives while a check is still running waits for
that same run instead of starting another, so probes in a tight loop during an outage hold at
most one thread per check.

The view reads no session and no user: it must answer while the database is down, and nothing
in the middleware stack touches the database for a request without cookies.
"""

import logging
import secrets
import threading
from collections.abc import Callable
from concurrent.futures import Future, wait

from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import connections
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

# Seconds all checks together may take; the rest of the 2 s is the request's own way through.
DEADLINE_SECONDS = 1.5
PROBE_KEY_PREFIX = "catalog:readyz:"
PROBE_FILE = "readyz-probe"


class CheckFailed(Exception):
    """A check's own finding, in words safe to show (unlike a library's message)."""


def check_database() -> None:
    """A `SELECT 1` on the default database (connecting first, in this thread)."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache() -> None:
    """A value written to the shared cache and read back. The key is new for each probe, so
    that two servers probing the same cache at once cannot read each other's value."""
    key, value = PROBE_KEY_PREFIX + secrets.token_hex(8), secrets.token_hex(8)
    cache.set(key, value, timeout=30)
    try:
        if cache.get(key) != value:
            # A cache that swallows its errors (catalog.cache_backends) keeps nothing.
            raise CheckFailed("the value written was not read back")
    finally:
        cache.delete(key)


def check_storage() -> None:
    """The media storage answers a question about a file (on S3, a HEAD request)."""
    default_storage.exists(PROBE_FILE)


CHECKS: dict[str, Callable[[], None]] = {
    "database": check_database,
    "cache": check_cache,
    "storage": check_storage,
}

_running: dict[str, Future] = {}
_running_lock = threading.Lock()


def outcome(name: str, check: Callable[[], None]) -> str:
    """The check's outcome: "ok", or "error: <the exception's class>", never a library's
    message, which may name a host, a user or a bucket. The log has it, on one line (a balancer
    probes every few seconds through an outage)."""
    try:
        check()
    except CheckFailed as exc:
        return f"error: {exc}"
    except Exception as exc:
        logger.warning("Readiness check %r failed: %s: %s", name, type(exc).__name__, exc)
        return f"error: {type(exc).__name__}"
    return "ok"


def run_check(name: str, check: Callable[[], None], future: Future) -> None:
    """A check in its own thread; Django's connections are per thread, so this one closes
    whatever it opened rather than leave a connection behind for every probe."""
    try:
        result = outcome(name, check)
    finally:
        connections.close_all()
    future.set_result(result)


def start(name: str) -> Future:
    """The run of check `name` in progress, or a new one."""
    with _running_lock:
        future = _running.get(name)
        if future is None or future.done():
            future = Future()
            _running[name] = future
            thread = threading.Thread(
                target=run_check, args=(name, CHECKS[name], future), name=f"readyz-{name}"
            )
            thread.daemon = True  # a check still waiting on a dead server never holds up exit
            thread.start()
        return future


def settle(timeout: float) -> None:
    """Wait up to `timeout` seconds for checks still running (tests, between outages)."""
    with _running_lock:
        running = list(_running.values())
    wait(running, timeout=timeout)


def readiness(deadline: float = DEADLINE_SECONDS) -> dict[str, str]:
    """Each check's outcome, "timed out" for any that had not answered by the deadline."""
    futures = {name: start(name) for name in CHECKS}
    wait(futures.values(), timeout=deadline)
    return {
        name: future.result() if future.done() else "timed out" for name, future in futures.items()
    }


@require_safe
def readyz(request: HttpRequest) -> JsonResponse:
    """200 when the database, the cache and the media storage all answer; 503 otherwise."""
    checks = readiness()
    ready = all(result == "ok" for result in checks.values())
    response = JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": checks},
        status=200 if ready else 503,
    )
    response["Cache-Control"] = "no-store"  # a cached "ok" would hide an outage
    return response
