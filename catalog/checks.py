"""The catalog's own deployment checks (`manage.py check --deploy`, run by make check)."""

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register
from django.db import DatabaseError
from wagtail.models import Site

from catalog.management.commands.set_site_address import configured_address

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


SITE_ADDRESS_DIFFERS = "catalog.W002"


@register(Tags.sites, deploy=True)
def site_address_matches(app_configs=None, **kwargs) -> list[CheckMessage]:
    """The sitemap, feeds and calendars name the default Site's root URL; Wagtail's emails name
    WAGTAILADMIN_BASE_URL. Unless `manage.py set_site_address` made them one, they differ."""
    hint = "Run `manage.py set_site_address` after `migrate` (README, deployment steps)."
    try:
        hostname, port = configured_address()
    except ValueError as error:
        return [Warning(f"WAGTAILADMIN_BASE_URL: {error}", hint=hint, id=SITE_ADDRESS_DIFFERS)]
    expected = Site(hostname=hostname, port=port)  # not saved: for its root_url
    try:
        site = Site.objects.filter(is_default_site=True).first()
    except DatabaseError:  # no database, or not migrated yet: there is no address to compare
        return []
    if site is None or site.root_url == expected.root_url:
        return []
    return [
        Warning(
            f"The default Site's address is {site.root_url}, but WAGTAILADMIN_BASE_URL says "
            f"{expected.root_url}: the sitemap, feeds and calendars would name the first, "
            "admin emails the second.",
            hint=hint,
            id=SITE_ADDRESS_DIFFERS,
        )
    ]
