"""The messages members get, each as plain text and simple HTML from three templates an editor
can read and change: templates/email/<name>.subject.txt, <name>.txt and <name>.html.

They go through the configured backend (EMAIL_URL: SMTP in production, the console in
development). Only addresses reach the headers, never a name a visitor typed; the subject is one
line of our own words. Links name the site's own address (the default Site's root URL), never
the Host a request came with.
"""

import logging
import smtplib
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from wagtail.models import Site

logger = logging.getLogger(__name__)


def site_url() -> str:
    """The site's own address, without a trailing slash."""
    site = Site.objects.filter(is_default_site=True).first()
    return site.root_url if site else settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def compose(name: str, to: str, context: dict) -> EmailMultiAlternatives:
    """The message `name` for the address `to`, unsent."""
    context = {"site_name": settings.WAGTAIL_SITE_NAME, "site_url": site_url(), **context}
    subject = " ".join(render_to_string(f"email/{name}.subject.txt", context).split())
    text = render_to_string(f"email/{name}.txt", context)
    message = EmailMultiAlternatives(subject, text, to=[to])
    message.attach_alternative(render_to_string(f"email/{name}.html", context), "text/html")
    return message


def send_all(messages: Iterable[EmailMultiAlternatives]) -> int:
    """Send `messages` over one connection; the number that could not be sent (the mail server
    refused or did not answer), logged without the addresses."""
    messages = list(messages)
    if not messages:
        return 0
    try:
        sent = get_connection().send_messages(messages) or 0
    except (smtplib.SMTPException, OSError) as error:
        logger.warning(
            "Member mail not sent (%s messages): %s", len(messages), type(error).__name__
        )
        return len(messages)
    return len(messages) - sent
