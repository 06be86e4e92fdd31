"""The benchmarks' own databases and gunicorn, with settings as production has them."""

import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PYTHON = sys.executable
BIN = Path(PYTHON).parent


def environment(url: str, cache_seconds: int = 0) -> dict:
    """Production settings (DEBUG off, HTTPS only behind the proxy) on the database at `url`."""
    return {
        **os.environ,
        # The database cache, or Redis when the environment names a server (CACHE_URL).
        "CACHE_BACKEND": "redis" if os.environ.get("CACHE_URL") else "database",
        "CATALOG_PAGE_CACHE_SECONDS": str(cache_seconds),
        "DATABASE_URL": url,
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,testserver",
        "STATIC_ROOT": str(RESULTS / "static"),
        "LOG_LEVEL": "WARNING",
    }


def manage(env: dict, *args: str, capture: bool = False) -> str:
    result = subprocess.run(  # our own manage.py with fixed arguments
        [PYTHON, str(ROOT / "manage.py"), *args],
        env=env,
        check=True,
        text=True,
        stdout=subprocess.PIPE if capture else None,
    )
    return result.stdout or ""


def recreate_postgres_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def fresh_database(url: str) -> dict:
    """An empty, migrated database at `url` (made again if there), and its environment."""
    env = environment(url)
    if url.startswith("sqlite"):
        Path(urlsplit(url).path).unlink(missing_ok=True)
    else:
        recreate_postgres_database(url)
    manage(env, "migrate", "--verbosity", "0")
    manage(env, "createcachetable")
    return env


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(
    env: dict, port: int, workers: int = 2, threads: int = 1, log: IO | None = None
) -> subprocess.Popen:
    """gunicorn on 127.0.0.1:port, once it accepts connections (`threads` > 1: gthread workers,
    as the README deploys them); its output to `log` (a file) if given."""
    server = subprocess.Popen(  # gunicorn from our virtualenv
        [str(BIN / "gunicorn"), "catalog.wsgi", "--workers", str(workers),
         "--threads", str(threads),
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=log, stderr=log,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")
