"""What every page shows of the site's identity (catalog.models.site), at no query per page.

The settings row, its three images and the footer's pages are read once, turned into plain
values (`SiteIdentity`) and kept in the shared cache under the catalog's content version
(catalog.search.cache): saving the settings, changing one of their images, or publishing,
moving or unpublishing a page moves the version on, so a page never shows a stale logo, address
or footer link. A request reads the cache once (nothing from the database with an in-memory or
Redis cache; one cache read with the database cache), and templates ask `request` only once.
"""

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Length, Substr
from django.db.models.signals import post_delete, post_save, pre_delete
from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction

from catalog.current_site import kept_for_site, site_for
from catalog.models.site import IDENTITY_IMAGES, IMAGE_TYPES, SiteSettings, image_extension
from catalog.search.cache import catalog_changed, request_version

CACHE_KEY = "catalog:site-identity:{site_id}"
CACHE_SECONDS = 24 * 3600  # the content version makes it stale sooner, at every change
REQUEST_ATTRIBUTE = "_catalog_site_identity"


@dataclass(frozen=True)
class IdentityImage:
    """One of the settings' images as pages link to it: its public address and size."""

    url: str
    content_type: str
    width: int
    height: int


@dataclass(frozen=True)
class FooterLink:
    label: str
    url: str


@dataclass(frozen=True)
class SiteIdentity:
    """The site settings as pages show them: plain values, safe to cache and share."""

    organization_name: str
    description: str = ""
    contact_email: str = ""
    phone: str = ""
    address_lines: tuple[str, ...] = ()
    footer_links: tuple[FooterLink, ...] = ()
    images: dict[str, IdentityImage] = field(default_factory=dict)

    @property
    def logo(self) -> IdentityImage | None:
        return self.images.get("logo")

    @property
    def favicon(self) -> IdentityImage | None:
        return self.images.get("favicon")

    @property
    def sharing_image(self) -> IdentityImage | None:
        return self.images.get("sharing_image")

    @property
    def has_contact(self) -> bool:
        return bool(self.contact_email or self.phone or self.address_lines)


def identity_image(role: str, image) -> IdentityImage | None:
    extension = image_extension(image)
    if image is None or extension not in IDENTITY_IMAGES[role]:
        return None
    url = reverse("site_image", args=[role.replace("_", "-"), image.pk, extension])
    return IdentityImage(url, IMAGE_TYPES[extension], image.width, image.height)


def restricted_above() -> QuerySet:
    """The view restrictions on the outer page or any page above it (their paths prefix its)."""
    return PageViewRestriction.objects.annotate(
        outer_prefix=Substr(OuterRef("path"), 1, Length("page__path"))
    ).filter(page__path=F("outer_prefix"))


def footer_links(settings: SiteSettings, request: HttpRequest) -> tuple[FooterLink, ...]:
    """The footer's links; a page link only while its page is live and public. Read from the
    stored data, so that the pages cost one query for all (the block's own values would fetch
    them again)."""
    links = [item["value"] for item in settings.footer_links.raw_data]
    page_ids = [link["page"] for link in links if link.get("page")]
    # Public pages only: the footer is the same for everyone (and cached for everyone). Wagtail's
    # `public()` reads every restriction first; this asks in the same query.
    pages = (
        Page.objects.live().filter(~Exists(restricted_above())).in_bulk(page_ids)
        if page_ids
        else {}
    )
    shown = []
    for link in links:
        page = pages.get(link["page"]) if link.get("page") else None
        url = page.get_url(request) if page is not None else (link.get("url") or "")
        if url:
            shown.append(FooterLink(link["label"], url))
    return tuple(shown)


def build_identity(settings: SiteSettings, request: HttpRequest) -> SiteIdentity:
    images = {role: identity_image(role, getattr(settings, role)) for role in IDENTITY_IMAGES}
    return SiteIdentity(
        organization_name=settings.organization_name,
        description=settings.description,
        contact_email=settings.contact_email,
        phone=settings.phone,
        address_lines=tuple(
            line.strip() for line in settings.postal_address.splitlines() if line.strip()
        ),
        footer_links=footer_links(settings, request),
        images={role: image for role, image in images.items() if image is not None},
    )


def identity_for(request: HttpRequest) -> SiteIdentity:
    """The identity of the site serving `request`: kept by this process with the Site until the
    catalog changes (`kept_for_site`), else read from the shared cache, else built. Without the
    process's copy every page read it from the shared cache (a query on the database cache, a
    round trip on Redis)."""
    if hasattr(request, REQUEST_ATTRIBUTE):
        return getattr(request, REQUEST_ATTRIBUTE)
    identity = kept_for_site(request, "identity", lambda: shared_identity(request))
    setattr(request, REQUEST_ATTRIBUTE, identity)
    return identity


def shared_identity(request: HttpRequest) -> SiteIdentity:
    """The identity from the cache all processes share, while the catalog has not changed since
    it was stored; else built and stored there."""
    site = site_for(request)
    key = CACHE_KEY.format(site_id=site.pk if site else 0)
    version = request_version(request)
    stored = cache.get(key)
    if stored is not None and stored[0] == version:
        return stored[1]
    settings = SiteSettings.for_site(site) if site else SiteSettings()
    identity = build_identity(settings, request)
    cache.set(key, (version, identity), timeout=CACHE_SECONDS)
    return identity


def site_identity(request: HttpRequest) -> dict:
    """Context processor: `site_identity` in every template rendered with a request, read only
    if the template uses it (the admin's pages do not)."""
    return {"site_identity": SimpleLazyObject(lambda: identity_for(request))}


def image_changed(sender, instance, **kwargs) -> None:
    """An image the settings show was replaced or deleted: pages must link to the new one."""
    in_use = Q(logo=instance) | Q(favicon=instance) | Q(sharing_image=instance)
    if SiteSettings.objects.filter(in_use).exists():
        catalog_changed()


def connect_signals() -> None:
    """Called from the app's ready(): what changes the identity pages show."""
    for signal in (post_save, post_delete):
        signal.connect(catalog_changed, sender=SiteSettings, dispatch_uid=f"identity-{signal}")
    # Before a deletion: afterwards the settings no longer point at the image.
    for signal in (post_save, pre_delete):
        signal.connect(
            image_changed, sender=get_image_model(), dispatch_uid=f"identity-image-{signal}"
        )
