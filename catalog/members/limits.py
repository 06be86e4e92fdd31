"""How often one address may ask us to send mail: member requests, password resets and renewal
links, CATALOG_MEMBER_MAIL_PER_HOUR of them per client address (as sign-in counts them:
catalog.sign_in_guard) in an hour, counted in the shared cache so that every app process
agrees. Past it the visitor gets a readable 429 page, and nothing is sent.

And how often one email address may get such mail, whoever asks: the forms take any address,
so past CATALOG_MEMBER_MAIL_PER_RECIPIENT_DAY messages to it in a day, nothing more is sent
there, and the visitor sees the same page as ever (it must not tell who has an account).
"""

import hashlib
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from catalog.sign_in_guard import client_address

WINDOW_SECONDS = 3600
RECIPIENT_WINDOW_SECONDS = 24 * 3600


def hashed(kind: str, value: str) -> str:
    # Hashed: the cache holds no visitor's or recipient's address in the clear.
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{value}".encode()).hexdigest()[:32]
    return f"catalog-member-{kind}:{digest}"


def counter_key(request: HttpRequest) -> str:
    return hashed("mail", client_address(request) or "unknown")


def count(key: str, seconds: int) -> int:
    """One more in the counter `key`, which lasts `seconds` from its first count."""
    cache.add(key, 0, seconds)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, seconds)
        return 1


def over_limit(request: HttpRequest) -> bool:
    """Count one more message asked for from this address; True once past the limit."""
    return count(counter_key(request), WINDOW_SECONDS) > settings.CATALOG_MEMBER_MAIL_PER_HOUR


def may_mail(address: str) -> bool:
    """Count one more message a visitor's form sends to `address`; False once past the limit."""
    key = hashed("recipient", address.strip().casefold())
    sent = count(key, RECIPIENT_WINDOW_SECONDS)
    return sent <= settings.CATALOG_MEMBER_MAIL_PER_RECIPIENT_DAY


def to_visitor(messages: Iterable[EmailMultiAlternatives]) -> list[EmailMultiAlternatives]:
    """`messages` a visitor's form asked for, less those to addresses that had enough today."""
    return [message for message in messages if all(may_mail(to) for to in message.to)]


def too_many_response(request: HttpRequest) -> HttpResponse:
    response = render(request, "catalog/members/too_many.html", status=429)
    response["Retry-After"] = str(WINDOW_SECONDS)
    response["Cache-Control"] = "private, no-store"
    return response
