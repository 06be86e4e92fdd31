"""Helpers for the members' tests (tests/test_members_*.py): a valid request, the steps people
take, and the links the emails carry."""

import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from catalog.models import Membership, MembershipRequest

REQUEST = {
    "name": "Ana Ruiz",
    "email": "ana.ruiz@cac-lancaster.example",
    "organisation": "Lancaster County Children's Alliance",
    "role": "Victim advocate",
    "state": "PA",
    "reason": "I train our multidisciplinary team on screening.",
}
PASSWORD = "a long member passphrase 7"  # passes Django's validators


def ask(client: Client, address: str = "198.51.100.20", **changes):
    """Post the public form from `address`, with `changes` to the valid request."""
    return client.post("/members/request/", {**REQUEST, **changes}, REMOTE_ADDR=address)


def links_in(message) -> list[str]:
    """The site's paths a message links to, in its plain text."""
    return [urlsplit(url).path for url in re.findall(r"https?://\S+", message.body)]


def link_to(message, prefix: str) -> str:
    return next(path for path in links_in(message) if path.startswith(prefix))


def decide(client: Client, action: str, request: MembershipRequest, **data):
    """A moderator's Approve or Decline on one request, as the row's button leads to it."""
    url = f"/admin/bulk/catalog/membershiprequest/{action}/?id={request.pk}&next=/admin/"
    return client.post(url, data)


def set_password(client: Client, path: str, password: str = PASSWORD):
    """Follow an emailed set-password link and choose `password`."""
    form = client.get(path, follow=True)
    return client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else path,
        {"new_password1": password, "new_password2": password},
    )


def outbox_to(address: str) -> list:
    return [message for message in mail.outbox if message.to == [address]]


@pytest.fixture
def membership(home, moderator) -> Membership:
    """An approved member who chose their password."""
    ask(Client())
    decide(moderator, "approve", MembershipRequest.objects.get())
    user = get_user_model().objects.get(membership__isnull=False)
    user.set_password(PASSWORD)
    user.save()
    mail.outbox.clear()
    return user.membership
