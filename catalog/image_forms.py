"""The admin's image form (WAGTAILIMAGES_IMAGE_FORM_BASE): no editor replaces the logo, the
favicon or the sharing image that every page shows.

The site settings themselves are for administrators only (catalog.models.site); an editor may
still edit images, and replacing the file of one the settings use would change every page
without review. So only someone who may change the site settings may replace its file.
"""

from django.core.exceptions import ValidationError
from django.db.models import Q
from wagtail.images.forms import BaseImageForm

from catalog.models.site import SiteSettings


def shown_by_site_settings(image) -> bool:
    in_use = Q(logo=image) | Q(favicon=image) | Q(sharing_image=image)
    return SiteSettings.objects.filter(in_use).exists()


class ImageForm(BaseImageForm):
    """Wagtail's image form, refusing an unreviewed replacement of a site identity image."""

    def __init__(self, *args, **kwargs):
        self.user = kwargs.get("user")
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned_data = super().clean()
        if (
            self.instance.pk
            and "file" in self.changed_data
            and self.user is not None
            and not self.user.has_perm("catalog.change_sitesettings")
            and shown_by_site_settings(self.instance)
        ):
            raise ValidationError(
                {
                    "file": "Every page shows this image (it is the site's logo, favicon or "
                    "sharing image). Upload the new version as a new image and ask an "
                    "administrator to choose it in Settings › Site identity."
                }
            )
        return cleaned_data
