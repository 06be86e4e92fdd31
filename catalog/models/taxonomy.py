"""Controlled vocabulary: the disciplines, audiences and topics editors tag entries with."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class TaxonomyTerm(index.Indexed, models.Model):
    """One term of a vocabulary: a name editors pick, a slug for stable URLs, an order."""

    name = models.CharField(
        max_length=100,
        unique=True,
        help_text="The term as visitors see it, e.g. “Forensic interviewing”.",
    )
    slug = models.SlugField(
        max_length=100,
        unique=True,
        blank=True,
        allow_unicode=False,
        help_text=(
            "Used in browse and search links. Filled in from the name if left blank; "
            "changing it later breaks links people have shared."
        ),
    )
    description = models.TextField(
        blank=True,
        help_text="One or two plain sentences shown on the term's browse page.",
    )
    # Set by dragging rows in the snippet listing; lists and facets follow it.
    sort_order = models.IntegerField(default=0, editable=False)

    sort_order_field = "sort_order"
    # The path segment of the browse URL: /browse/<vocabulary>/<slug>/.
    vocabulary = ""

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("description"),
    ]

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if not self.slug:
            self.slug = slugify(self.name)
        if not self.slug:
            raise ValidationError({"slug": "Give a slug of letters, numbers and hyphens."})

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = slugify(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("browse", args=[self.vocabulary, self.slug])


class Discipline(TaxonomyTerm):
    """A professional discipline of the multidisciplinary team, e.g. law enforcement."""

    vocabulary = "disciplines"

    class Meta(TaxonomyTerm.Meta):
        verbose_name = "discipline"


class Audience(TaxonomyTerm):
    """Who an entry is written for, e.g. CAC staff, caregivers, partner agencies."""

    vocabulary = "audiences"

    safety_exit = models.BooleanField(
        "show “Exit this page”",
        default=False,
        help_text=(
            "For readers who may be watched while they read, such as caregivers: pages for "
            "this audience show a button (and the Shift key pressed three times) that leaves "
            "the site at once."
        ),
    )

    panels = [*TaxonomyTerm.panels, FieldPanel("safety_exit")]

    class Meta(TaxonomyTerm.Meta):
        verbose_name = "audience"


class Topic(TaxonomyTerm):
    """What an entry is about, e.g. identification and screening, male victims."""

    vocabulary = "topics"

    class Meta(TaxonomyTerm.Meta):
        verbose_name = "topic"


VOCABULARIES: dict[str, type[TaxonomyTerm]] = {
    model.vocabulary: model for model in (Discipline, Audience, Topic)
}
