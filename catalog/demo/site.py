"""The demo's site identity: the logo, favicon and sharing image shipped in static/img/, the
contact details, and the About, Contact, Privacy and Accessibility pages linked from the footer.

Like the rest of the demo, idempotent: pages are added when missing, and the settings are set
only while nobody has saved any (an administrator's settings are never overwritten).
"""

from collections.abc import Callable
from functools import partial
from io import BytesIO
from pathlib import Path

from django.conf import settings as django_settings
from django.core.files.images import ImageFile
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from catalog.demo.items import stream_block
from catalog.models import HomePage, SiteSettings, StandardPage

STATIC_IMAGES = Path(django_settings.BASE_DIR) / "static"
IMAGE_FIELDS = ("logo", "favicon", "sharing_image")
TEXT_FIELDS = ("organization_name", "description", "contact_email", "phone", "postal_address")


def standard_page(data: dict) -> StandardPage:
    return StandardPage(
        title=data["title"],
        intro=data["intro"],
        body=[stream_block(item) for item in data["body"]],
    )


def image_from_static(title: str, relative_path: str):
    """A Wagtail image made from one of the site's own static files."""
    path = STATIC_IMAGES / relative_path
    image = get_image_model()(title=title, file=ImageFile(BytesIO(path.read_bytes()), path.name))
    image._set_image_file_metadata()
    image.save()
    return image


def load_site(
    home: HomePage,
    data: dict,
    child: Callable[[Page, str, Callable[[], Page]], tuple[Page, bool]],
    created: list[str],
) -> None:
    """Add the standard pages under `home` and, the first time, the site settings."""
    pages = {
        item["slug"]: child(home, item["slug"], partial(standard_page, item))[0]
        for item in data["pages"]
    }
    site = Site.objects.get(root_page=home)
    if SiteSettings.objects.filter(site=site).exists():
        return
    values = data["settings"]
    site_settings = SiteSettings(site=site, **{name: values[name] for name in TEXT_FIELDS})
    for field in IMAGE_FIELDS:
        title = f"{field.replace('_', ' ').capitalize()} (demo)"
        setattr(site_settings, field, image_from_static(title, values[field]))
    site_settings.footer_links = [
        {"type": "link", "value": {"label": pages[slug].title, "page": pages[slug].pk, "url": ""}}
        for slug in values["footer_links"]
    ]
    site_settings.save()
    created.append("site identity: logo, favicon, sharing image, contact and footer links")
