"""Serving the site's identity images (logo, favicon, sharing image) and /favicon.ico.

Files are deny-by-default (catalog.file_access): uploads are never served from /media/, and
documents only where a page the visitor may see uses them. An image chosen in the site settings
is public by definition (every page shows it), so this view serves exactly those three, the
original file (an SVG stays a vector; no rendition is made), and nothing else: any other image
id, or an image after the settings stop using it, is a 404. An SVG cannot run script here: it
is sent with a policy that allows no script, no request and no frame of its own.
"""

from django.contrib.staticfiles import finders
from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_safe

from catalog.current_site import site_for
from catalog.models.site import IDENTITY_IMAGES, IMAGE_TYPES, SiteSettings, image_extension

# How long browsers and shared caches may keep an identity image; the settings rarely change.
MAX_AGE_SECONDS = 3600
# The site's own favicon, used until the settings name one (static/img/).
FALLBACK_FAVICON = "img/favicon.ico"
# An image file sent by itself: no script, no request, no frame, whatever it contains.
IMAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox; frame-ancestors 'none'"


def image_response(image, extension: str) -> FileResponse:
    response = FileResponse(image.file.open("rb"), content_type=IMAGE_TYPES[extension])
    response["Cache-Control"] = f"public, max-age={MAX_AGE_SECONDS}"
    response["Content-Security-Policy"] = IMAGE_POLICY
    return response


def settings_for(request: HttpRequest) -> SiteSettings:
    site = site_for(request)
    if site is None:
        raise Http404("No site.")
    return SiteSettings.for_site(site)


@require_safe
def site_image(request: HttpRequest, role: str, image_id: int, extension: str) -> FileResponse:
    """The settings' logo, favicon or sharing image, if `image_id` is the one they use now."""
    field = role.replace("-", "_")
    if field not in IDENTITY_IMAGES:
        raise Http404("No such image.")
    image = getattr(settings_for(request), field)
    if (
        image is None
        or image.pk != image_id
        or image_extension(image) != extension
        or extension not in IDENTITY_IMAGES[field]
    ):
        raise Http404("No such image.")
    return image_response(image, extension)


@require_safe
def favicon(request: HttpRequest) -> FileResponse:
    """/favicon.ico, which browsers ask for by themselves: the settings' favicon, else ours."""
    image = settings_for(request).favicon
    extension = image_extension(image)
    if image is not None and extension in IDENTITY_IMAGES["favicon"]:
        return image_response(image, extension)
    path = finders.find(FALLBACK_FAVICON)
    if path is None:  # pragma: no cover - the file ships with the code
        raise Http404("No favicon.")
    response = FileResponse(open(path, "rb"), content_type="image/x-icon")  # noqa: SIM115
    response["Cache-Control"] = f"public, max-age={MAX_AGE_SECONDS}"
    return response
