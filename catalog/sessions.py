"""Sessions in the database as Django keeps them, minus lookups of keys Django never issues.

Django's database store looks up any session cookie of eight characters or more. A cookie can
carry a NUL character without sending one (`sessionid="\\000abcdefgh"`: the cookie parser decodes
the octal escape), and PostgreSQL refuses NUL in a query, so every page would fail with a server
error. Django issues keys of lowercase letters and digits only: any other key names no session,
and the visitor is simply signed out.
"""

from django.contrib.sessions.backends import db
from django.contrib.sessions.backends.base import VALID_KEY_CHARS


class DjangoKeysOnly:
    """A key with a character Django never uses names no session (no lookup is made)."""

    def _validate_session_key(self, key: str | None) -> bool:
        return bool(super()._validate_session_key(key)) and set(key) <= set(VALID_KEY_CHARS)  # type: ignore[misc]


class SessionStore(DjangoKeysOnly, db.SessionStore):
    """Django's database sessions; a key with a character Django never uses names none."""
