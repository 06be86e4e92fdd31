"""Give the default Wagtail Site the address in WAGTAILADMIN_BASE_URL.

Everything that leaves the site with a full URL (the sitemap, the podcast feed, calendars,
structured data, the CSV export, robots.txt) names the default Site's root URL
(catalog.addresses), and Wagtail's admin emails name WAGTAILADMIN_BASE_URL. The migrations
create that Site as `localhost` on port 80, so until this command runs the sitemap says
`http://localhost/…` while the emails say the real address. `make run` and the deployment steps
(README) run it after `migrate`; running it again changes nothing.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, transaction
from wagtail.models import Site

DEFAULT_PORTS = {"http": 80, "https": 443}


def site_address(url: str) -> tuple[str, int]:
    """(hostname, port) of a site address such as "https://catalog.example.org".

    Raises ValueError, saying why, for anything a Wagtail Site cannot stand for: another scheme,
    no host, a path, query or fragment, a user name, or a port on which Wagtail would name the
    other scheme (its Site.root_url says https only on port 443, http on every other port).
    """
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as error:  # a port that is not a number, or out of range
        raise ValueError(f"{url!r} is not a URL: {error}") from error
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        raise ValueError(f"{url!r} is not an http:// or https:// address with a host name.")
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username:
        raise ValueError(f"{url!r} has more than a scheme, a host and a port.")
    port = port or DEFAULT_PORTS[parts.scheme]
    if (parts.scheme == "https") != (port == 443):
        raise ValueError(
            f"{url!r}: a Wagtail Site serves https on port 443 only, and http on any other port."
        )
    return parts.hostname, port


def configured_address() -> tuple[str, int]:
    """The (hostname, port) WAGTAILADMIN_BASE_URL names; ValueError if it names none."""
    return site_address(settings.WAGTAILADMIN_BASE_URL)


def default_site() -> Site:
    """The Site the migrations made (the one outputs name), or a CommandError."""
    try:
        site = Site.objects.filter(is_default_site=True).first()
    except DatabaseError as error:
        raise CommandError(f"{error}: run `manage.py migrate` first.") from error
    if site is None:
        raise CommandError("There is no default Site: run `manage.py migrate` first.")
    return site


class Command(BaseCommand):
    help = "Set the default Wagtail Site's hostname and port from WAGTAILADMIN_BASE_URL."

    def handle(self, *args, **options) -> None:
        try:
            hostname, port = configured_address()
        except ValueError as error:
            raise CommandError(f"WAGTAILADMIN_BASE_URL: {error}") from error
        site = default_site()
        if (site.hostname, site.port) == (hostname, port):
            self.stdout.write(f"The site's address is already {site.root_url}.")
            return
        taken = Site.objects.filter(hostname=hostname, port=port).exclude(pk=site.pk).first()
        if taken is not None:
            raise CommandError(f"Another Site ({taken.site_name or taken.pk}) has that address.")
        site.hostname, site.port = hostname, port
        with transaction.atomic():  # its signal empties the cached outputs (the cache table)
            site.save(update_fields=["hostname", "port"])
        self.stdout.write(f"The site's address is now {site.root_url} ({hostname}, port {port}).")
