"""The site's identity, editable in the admin (Settings › Site identity): who runs the site, its
logo, favicon and sharing image, how to reach the alliance, and the footer's links."""

from django.core.exceptions import ValidationError
from django.db import models
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField

ORGANIZATION_NAME = "National Children's Alliance"
# What an uploaded identity image may be, by the file's extension, and how it is sent.
IMAGE_TYPES = {
    "svg": "image/svg+xml",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "webp": "image/webp",
}
# The images the settings hold (field name: the formats it accepts).
IDENTITY_IMAGES = {
    "logo": ("svg", "png"),
    "favicon": ("svg", "png"),
    "sharing_image": ("png", "jpg", "jpeg"),
}


def image_extension(image) -> str:
    """The lower-case extension of a Wagtail image's file, e.g. "svg"."""
    name = image.file.name if image and image.file else ""
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


class FooterLinkBlock(blocks.StructBlock):
    """A link in the footer: a label and either a page of the site or an address."""

    label = blocks.CharBlock(max_length=60, help_text="The link's text, e.g. “Privacy”.")
    page = blocks.PageChooserBlock(
        required=False, help_text="A page of this site; it wins over an address."
    )
    url = blocks.URLBlock(required=False, label="Address", help_text="Or an address elsewhere.")

    class Meta:
        icon = "link"

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise blocks.StructBlockValidationError(
                {"page": ValidationError("Choose a page or give an address.")}
            )
        return value


def identity_image(help_text: str) -> models.ForeignKey:
    return models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=help_text,
    )


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Who runs the site and how to reach them: the header's logo, the footer's contact details
    and links, the favicon and the picture link previews show. Only administrators may change
    these (no editor changes what every page shows without review)."""

    organization_name = models.CharField(
        max_length=200,
        default=ORGANIZATION_NAME,
        help_text="Who runs the site; the logo's text alternative and link previews' site name.",
    )
    description = models.CharField(
        max_length=300,
        blank=True,
        help_text="One or two sentences on what the site offers: the description link previews "
        "use for pages that have none of their own (search, browse).",
    )
    logo = identity_image("The logo in the header: SVG (best) or PNG, on a white background.")
    favicon = identity_image(
        "The small icon browsers show in tabs and bookmarks: SVG or a square PNG (at least "
        "180 pixels). Without one, the site's own icon is used."
    )
    sharing_image = identity_image(
        "The picture link previews show for pages without their own: PNG or JPEG, "
        "1200 × 630 pixels."
    )
    contact_email = models.EmailField(blank=True, help_text="Where visitors write to the alliance.")
    phone = models.CharField(max_length=40, blank=True, help_text="e.g. “202-548-0090”.")
    postal_address = models.TextField(
        blank=True, help_text="The postal address, one line per line of the envelope."
    )
    footer_links = StreamField(
        [("link", FooterLinkBlock())],
        blank=True,
        use_json_field=True,
        help_text="Links in the footer, in order: About, Contact, Privacy, Accessibility…",
    )

    select_related = ["logo", "favicon", "sharing_image"]

    panels = [
        MultiFieldPanel(
            [FieldPanel("organization_name"), FieldPanel("description")], heading="Who we are"
        ),
        MultiFieldPanel(
            [FieldPanel("logo"), FieldPanel("favicon"), FieldPanel("sharing_image")],
            heading="Images",
        ),
        MultiFieldPanel(
            [FieldPanel("contact_email"), FieldPanel("phone"), FieldPanel("postal_address")],
            heading="Contact",
        ),
        FieldPanel("footer_links"),
    ]

    class Meta:
        verbose_name = "site identity"

    @classmethod
    def for_site(cls, site):
        """The site's settings, or unsaved defaults: a visitor's request never writes a row
        (Wagtail's own would create one on first read)."""
        if site is None:
            raise cls.DoesNotExist("No site.")
        return cls.base_queryset().filter(site=site).first() or cls(site=site)

    def clean(self) -> None:
        super().clean()
        errors = {}
        for field, formats in IDENTITY_IMAGES.items():
            image = getattr(self, field)
            if image is not None and image_extension(image) not in formats:
                allowed = ", ".join(extension.upper() for extension in formats)
                errors[field] = f"This image must be {allowed}."
        if errors:
            raise ValidationError(errors)
