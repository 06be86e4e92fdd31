"""Guessing passwords is stopped on both sign-in forms (the admin's and the members' one):
django-axes counts wrong passwords per account and per address and, past the limit, refuses
every attempt, the right password included, for a cool-off time (settings, "Sign-in").

This module holds the two pieces axes asks the project for: which address a request comes
from, and the readable page a locked-out visitor sees.
"""

import ipaddress
import math

from axes.helpers import get_cool_off
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

# Someone on IPv6 usually holds a whole /64: counting single addresses there would let one
# attacker try 2^64 times as often.
IPV6_NETWORK_BITS = 64


def client_address(request: HttpRequest) -> str | None:
    """The visitor's address as axes counts it (AXES_CLIENT_IP_CALLABLE).

    Behind CATALOG_TRUSTED_PROXIES proxies, each of which appends the address it received the
    request from to X-Forwarded-For, the visitor is the entry that many places from the right;
    anything a client wrote further left is ignored. Without a usable entry, REMOTE_ADDR.
    IPv6 addresses are counted by their /64 network.
    """
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    forwarded = [part.strip() for part in header.split(",")] if header else []
    proxies = settings.CATALOG_TRUSTED_PROXIES
    candidate = forwarded[-proxies] if proxies and len(forwarded) >= proxies else ""
    return normalised_address(candidate) or normalised_address(request.META.get("REMOTE_ADDR", ""))


def normalised_address(text: str) -> str | None:
    """An IPv4 address as it is, an IPv6 one as its /64 network; None for anything else (a
    forged or garbled header must not reach the database's address column)."""
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if address.version == 6 and address.ipv4_mapped:
        return str(address.ipv4_mapped)
    if address.version == 6:
        network = ipaddress.ip_network(f"{address}/{IPV6_NETWORK_BITS}", strict=False)
        return str(network.network_address)
    return str(address)


def masked_address(text: str | None) -> str:
    """An address as moderators see it: enough to tell two apart, not enough to find anyone."""
    try:
        address = ipaddress.ip_address(text or "")
    except ValueError:
        return "unknown"
    if address.version == 4:
        return ".".join(str(address).split(".")[:3]) + ".x"
    return f"{address}/{IPV6_NETWORK_BITS}"


def cool_off_minutes(request: HttpRequest) -> int | None:
    """How long a lockout lasts, in whole minutes (None: until a moderator unlocks it)."""
    cool_off = get_cool_off(request)
    return math.ceil(cool_off.total_seconds() / 60) if cool_off else None


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials=None
) -> HttpResponse:
    """The page shown instead of signing in while locked out (AXES_LOCKOUT_CALLABLE): 429 Too
    Many Requests, with how long to wait in words and in Retry-After."""
    cool_off = get_cool_off(request)
    minutes = cool_off_minutes(request)
    # Rendered here: axes returns this from its middleware, after the view, where a lazy
    # TemplateResponse would never be rendered.
    response = render(request, "catalog/sign_in_locked.html", {"minutes": minutes}, status=429)
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    response["Cache-Control"] = "private, no-store"
    return response
