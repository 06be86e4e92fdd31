"""Sessions in the database as Django keeps them, minus lookups of keys Django never issues.

Django's database store looks up any session cookie of eight characters or more. A cookie can
carry a NUL character without sending one (`sessionid="\\000abcdefgh"`: the cookie parser decodes
the octal escape), and PostgreSQL refuses NUL in a query, so every page would fail with a server
error. Django issues keys of lowercase letters and digits only: any other key names no session,
and the visitor is simply signed out.
"""

from typing import TYPE_CHECKING

from django.contrib.sessions.backends import db
from django.contrib.sessions.backends.base import VALID_KEY_CHARS

if TYPE_CHECKING:  # mixed into Django's session stores: super() is theirs
    from django.contrib.sessions.backends.base import SessionBase as MixedInto
else:
    MixedInto = object


class DjangoKeysOnly(MixedInto):
    """A key with a character Django never uses names no session (no lookup is made)."""

    def _validate_session_key(self, key: str | None) -> bool:
        # Django's own check, private and so absent from django-stubs.
        if key is None or not super()._validate_session_key(key):  # type: ignore[misc]
            return False
        return set(key) <= set(VALID_KEY_CHARS)


class SessionStore(DjangoKeysOnly, db.SessionStore):
    """Django's database sessions; a key with a character Django never uses names none."""
