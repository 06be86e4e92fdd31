"""The catalog's own deployment checks (`manage.py check --deploy`, run by make check)."""

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register

NO_MAIL_SERVER = "catalog.W001"


@register(Tags.security, deploy=True)
def mail_server_configured(app_configs=None, **kwargs) -> list[CheckMessage]:
    """Production needs a mail server: without one, password reset and the review workflow's
    notifications go nowhere (Django would try SMTP on localhost:25)."""
    if settings.DEBUG or settings.EMAIL_URL:
        return []
    return [
        Warning(
            "EMAIL_URL is not set: password reset and workflow notifications cannot be sent.",
            hint="Set EMAIL_URL, e.g. smtp://user:password@mail.example.org:587 (README).",
            id=NO_MAIL_SERVER,
        )
    ]
