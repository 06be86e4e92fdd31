"""The outgoing mail server, from one EMAIL_URL: password reset and Wagtail's workflow
notifications (an entry submitted for review, approved, rejected) are sent through it.

    smtp://user:password@mail.example.org:587   STARTTLS on port 587, plain SMTP on others
    smtp+tls://user:password@mail.example.org    STARTTLS on any port (587 by default)
    smtps://user:password@mail.example.org       TLS from the first byte (465 by default)
    console://                                   printed to the console (development)

A user name or password with `@`, `:` or `/` in it is percent-encoded (`%40`, `%3A`, `%2F`).
Unset, mail is printed to the console with DEBUG on; with DEBUG off Django's default applies
(SMTP on localhost:25) and `manage.py check --deploy` warns (catalog.checks).
"""

from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

SMTP = "django.core.mail.backends.smtp.EmailBackend"
CONSOLE = "django.core.mail.backends.console.EmailBackend"
STARTTLS_PORT = 587
# scheme: (default port, STARTTLS on any port, implicit TLS)
SMTP_SCHEMES = {
    "smtp": (25, False, False),
    "smtp+tls": (STARTTLS_PORT, True, False),
    "smtps": (465, False, True),
}


@dataclass(frozen=True)
class MailServer:
    """Django's EMAIL_* settings, as one value."""

    backend: str
    host: str = "localhost"
    port: int = 25
    user: str = ""
    password: str = ""
    use_tls: bool = False
    use_ssl: bool = False


def mail_server(url: str, debug: bool) -> MailServer:
    """The mail server EMAIL_URL names; a malformed URL stops start-up with a clear message."""
    if not url:
        return MailServer(backend=CONSOLE if debug else SMTP)
    parts = urlsplit(url)
    if parts.scheme == "console":
        return MailServer(backend=CONSOLE)
    if parts.scheme not in SMTP_SCHEMES:
        raise ImproperlyConfigured(
            "EMAIL_URL must start with smtp://, smtp+tls://, smtps:// or console://."
        )
    default_port, starttls, implicit_tls = SMTP_SCHEMES[parts.scheme]
    try:
        port = parts.port or default_port
    except ValueError as error:
        raise ImproperlyConfigured(f"EMAIL_URL has an unreadable port: {error}.") from error
    if not parts.hostname:
        raise ImproperlyConfigured("EMAIL_URL names no mail server, e.g. smtp://mail.example.org.")
    return MailServer(
        backend=SMTP,
        host=parts.hostname,
        port=port,
        user=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        use_tls=starttls or (parts.scheme == "smtp" and port == STARTTLS_PORT),
        use_ssl=implicit_tls,
    )
