"""Sessions read from the shared cache and written through to the database (SESSION_STORE=cache).

Django's `cached_db` store, with catalog.sessions' rule for keys: one Django never issues names no
session and costs no lookup, in the cache or the database. A Redis flush or outage signs nobody
out: the database still holds every session.
"""

from django.contrib.sessions.backends import cached_db

from catalog.sessions import DjangoKeysOnly


class SessionStore(DjangoKeysOnly, cached_db.SessionStore):
    """Django's cached_db sessions; a key with a character Django never uses names none."""
