"""Images for the site settings' tests: a PNG drawn with Pillow and a small SVG."""

from io import BytesIO

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images import get_image_model

SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40">'
    b'<rect width="120" height="40" fill="#102a43"/></svg>'
)


def png_image(title: str = "Picture", size: tuple[int, int] = (1200, 630)):
    buffer = BytesIO()
    PILImage.new("RGB", size, "navy").save(buffer, "PNG")
    return get_image_model().objects.create(title=title, file=ImageFile(buffer, name="pic.png"))


def svg_image(title: str = "Logo"):
    return get_image_model().objects.create(
        title=title, file=ImageFile(BytesIO(SVG), name="logo.svg")
    )
