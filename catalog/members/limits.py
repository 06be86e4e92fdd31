"""How often one address may ask us to send mail: member requests, password resets and renewal
links, CATALOG_MEMBER_MAIL_PER_HOUR of them per client address (as sign-in counts them:
catalog.sign_in_guard) in an hour, counted in the shared cache so that every app process
agrees. Past it the visitor gets a readable 429 page, and nothing is sent.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from catalog.sign_in_guard import client_address

WINDOW_SECONDS = 3600


def counter_key(request: HttpRequest) -> str:
    # Hashed: the cache holds no visitor's address in the clear.
    address = client_address(request) or "unknown"
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]
    return f"catalog-member-mail:{digest}"


def over_limit(request: HttpRequest) -> bool:
    """Count one more message asked for from this address; True once past the limit."""
    key = counter_key(request)
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW_SECONDS)
        count = 1
    return count > settings.CATALOG_MEMBER_MAIL_PER_HOUR


def too_many_response(request: HttpRequest) -> HttpResponse:
    response = render(request, "catalog/members/too_many.html", status=429)
    response["Retry-After"] = str(WINDOW_SECONDS)
    response["Cache-Control"] = "private, no-store"
    return response
