"""The shared cache's two engines, as the catalog needs them: counters that count, and a Redis
outage that slows pages down instead of breaking them.

The catalog's content version (catalog.search.cache) and the member mail limits
(catalog.members.limits) are counters that several app servers move at once. Django's database
cache increments by reading the value and writing it back, so two servers that publish at the
same moment can both write the same new version: one change's invalidation is lost, and a page
cached in between (say, with an entry that has just become members-only) would be served until
the next change. `DatabaseCache.incr` here locks the counter's row before reading it. Redis's own
INCRBY, which Django's `RedisCache.incr` uses, is atomic already.

With Redis, every page reads the cache: when Redis cannot be reached, `RedisCache` answers reads
as misses and drops writes, logging a warning, so visitors get freshly computed pages. What
must not be lost is loud: `incr` (the version's move and the limits' counts) and `clear` raise
`CACHE_UNAVAILABLE` errors, which the site answers with its 503 page (catalog.outage), and a
publish whose invalidation could not be recorded is rolled back rather than left to stale pages.
"""

import base64
import logging
import pickle
import time

from django.core.cache.backends import db, redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.db import connections, router, transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

try:
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError
except ImportError:  # pragma: no cover - redis is a dependency (pyproject.toml)
    RedisConnectionError = RedisTimeoutError = OSError  # type: ignore[assignment,misc]

# What the Redis client raises when the server is down, unreachable or too slow.
CACHE_UNAVAILABLE: tuple[type[Exception], ...] = (RedisConnectionError, RedisTimeoutError)
# At most one warning per process in this many seconds while Redis is down.
WARNING_EVERY_SECONDS = 30


class DatabaseCache(db.DatabaseCache):
    """Django's database cache, with an `incr` that no concurrent `incr` can undo."""

    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        alias = router.db_for_write(self.cache_model_class)
        connection = connections[alias]
        # The table the cache was configured with, as the routers see it (not the private _table).
        table = connection.ops.quote_name(self.cache_model_class._meta.db_table)
        now = connection.ops.adapt_datetimefield_value(timezone.now().replace(microsecond=0))
        with transaction.atomic(using=alias), connection.cursor() as cursor:
            # The no-op update takes the row's lock (PostgreSQL) or the database's write lock
            # (SQLite) before the value is read: a second incr waits here, then reads this one's
            # result. An expired counter is a missing one, as Django's incr has it.
            cursor.execute(
                f"UPDATE {table} SET expires = expires WHERE cache_key = %s AND expires > %s",  # noqa: S608 - the table name is our setting, quoted
                [key, now],
            )
            if cursor.rowcount != 1:
                raise ValueError(f"Key '{key}' not found.")
            cursor.execute(f"SELECT value FROM {table} WHERE cache_key = %s", [key])  # noqa: S608
            stored = connection.ops.process_clob(cursor.fetchone()[0])
            value = pickle.loads(base64.b64decode(stored.encode())) + delta  # noqa: S301 - our own cache table
            encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
            cursor.execute(
                f"UPDATE {table} SET value = %s WHERE cache_key = %s",  # noqa: S608
                [encoded, key],
            )
        return value


class RedisCache(redis.RedisCache):
    """Django's Redis cache; reads and writes of cached pages survive Redis being away."""

    _warned_at = 0.0

    def _unavailable(self, error: Exception) -> None:
        now = time.monotonic()
        if now - RedisCache._warned_at >= WARNING_EVERY_SECONDS:
            RedisCache._warned_at = now
            logger.warning("The Redis cache is unavailable (%s): computing pages afresh.", error)

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except CACHE_UNAVAILABLE as error:
            self._unavailable(error)
            return default

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except CACHE_UNAVAILABLE as error:
            self._unavailable(error)
            return {}

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except CACHE_UNAVAILABLE as error:
            self._unavailable(error)
            return False

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().add(key, value, timeout, version)
        except CACHE_UNAVAILABLE as error:
            self._unavailable(error)
            return False

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            super().set(key, value, timeout, version)
        except CACHE_UNAVAILABLE as error:
            self._unavailable(error)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set_many(data, timeout, version)
        except CACHE_UNAVAILABLE as error:
            self._unavailable(error)
            return list(data)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().touch(key, timeout, version)
        except CACHE_UNAVAILABLE as error:
            self._unavailable(error)
            return False
