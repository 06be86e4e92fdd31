"""A PostgreSQL database that cannot be reached, in place of the test database, for the outage
tests (tests/test_health.py, tests/test_outage.py), on the SQLite and the PostgreSQL suite alike.

Two kinds of dead: a closed port (nothing listens: the connection is refused at once), and a
blackhole (a socket that listens and never answers: the client waits for its connect timeout,
as for a server that is stalled or behind a dropped route).
"""

import socket
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connections
from django.db.utils import load_backend

POSTGRESQL = "django.db.backends.postgresql"


@contextmanager
def closed_port() -> Iterator[int]:
    """A port bound, so that nobody else takes it, but not listening: connections are refused."""
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        yield held.getsockname()[1]


@contextmanager
def blackhole_port() -> Iterator[int]:
    """A port that accepts TCP connections into its backlog and never says a word."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield listener.getsockname()[1]


def unreachable_settings(port: int, connect_timeout: int) -> dict:
    """The default database's settings, pointed at PostgreSQL on 127.0.0.1:port."""
    return {
        **connections["default"].settings_dict,
        "ENGINE": POSTGRESQL,
        "NAME": "outage",
        "USER": "catalog",
        "PASSWORD": "not-a-real-password",
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "OPTIONS": {"connect_timeout": connect_timeout},
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
    }


@contextmanager
def database_at(port: int, connect_timeout: int = 2) -> Iterator[None]:
    """Every use of the default database goes to 127.0.0.1:port until the block ends, in this
    thread (the test client's requests) and in any thread started meanwhile (readiness checks
    make their own connections from the settings). Then the test database is back, untouched,
    as after an outage, in the same process."""
    original_settings = connections.settings["default"]
    original_connection = connections["default"]
    dead = unreachable_settings(port, connect_timeout)
    connections.settings["default"] = dead
    connections["default"] = load_backend(POSTGRESQL).DatabaseWrapper(dead, "default")
    try:
        yield
    finally:
        connections["default"].close()
        connections["default"] = original_connection
        connections.settings["default"] = original_settings
