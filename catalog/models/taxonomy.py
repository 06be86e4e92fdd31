"""Controlled vocabulary: the disciplines, audiences and topics editors tag entries with.

Terms show on the live site (browse pages, facets, tag lists), so they go through the same review
as pages: an editor's change is a draft revision until a moderator publishes it, and a term that
was never published shows nowhere public. Readers on the public side ask for `.live()` terms.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.text import capfirst, slugify
from wagtail.admin.panels import FieldPanel
from wagtail.models import DraftStateMixin, LockableMixin, RevisionMixin, WorkflowMixin
from wagtail.search import index


class TaxonomyTermQuerySet(models.QuerySet):
    """Terms, with the one rule for which of them the public site may show."""

    def live(self) -> "TaxonomyTermQuerySet":
        """Published terms: what visitors may see. Drafts and expired terms are staff-only."""
        return self.filter(live=True)


# Named at module level: the django-stubs plugin types a from_queryset() class only there.
TaxonomyTermManagerBase = models.Manager.from_queryset(TaxonomyTermQuerySet)


class TaxonomyTermManager(TaxonomyTermManagerBase):
    """The terms' manager; an entry's tag relations (`entry.audiences`) are built on it."""

    def live(self) -> TaxonomyTermQuerySet:
        # In a page preview or revision an entry's tags are modelcluster's in-memory FakeQuerySet,
        # which has filter() but none of our methods: apply the same rule to whatever we get.
        # Duck-typed on purpose (any queryset with filter()), so the stubs' self type is too narrow.
        return TaxonomyTermQuerySet.live(self.get_queryset())  # type: ignore[arg-type]


class TaxonomyTerm(
    WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, index.Indexed, models.Model
):
    """One term of a vocabulary: a name editors pick, a slug for stable URLs, an order.

    Under draft, revisions and the "Catalog review" workflow, like pages.
    """

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
    # Set by dragging rows in the snippet listing; lists and facets follow it at once, so Wagtail
    # lets only those who may publish terms (moderators) drag.
    sort_order = models.IntegerField(default=0, editable=False)

    sort_order_field = "sort_order"
    # The vocabulary's name, plural: the path segment of the browse URL
    # (/browse/<vocabulary>/<slug>/), the entries' field and the catalog index's column.
    vocabulary = ""
    # How much one shared term says about two entries being related (catalog.related).
    relatedness = 1
    admin_icon = "tag"  # in the admin's "Catalog" menu

    objects = TaxonomyTermManager()

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

    @classmethod
    def kind(cls) -> str:
        """The name of one term, singular: its facet's and its query string's, e.g. "topic"."""
        return cls._meta.model_name or ""

    @classmethod
    def label(cls) -> str:
        """The vocabulary as a heading: a tag group's, a column's, a menu item's ("Topics")."""
        return capfirst(str(cls._meta.verbose_name_plural))


class Discipline(TaxonomyTerm):
    """A professional discipline of the multidisciplinary team, e.g. law enforcement."""

    vocabulary = "disciplines"
    admin_icon = "group"

    class Meta(TaxonomyTerm.Meta):
        verbose_name = "discipline"


# Who may set an audience's "Exit this page": those who may publish audiences (Catalog moderators).
SAFETY_EXIT_PERMISSION = "catalog.publish_audience"


class Audience(TaxonomyTerm):
    """Who an entry is written for, e.g. CAC staff, caregivers, partner agencies."""

    vocabulary = "audiences"
    admin_icon = "user"

    safety_exit = models.BooleanField(
        "show “Exit this page”",
        default=False,
        help_text=(
            "For readers who may be watched while they read, such as caregivers: pages for "
            "this audience show a button (and the Shift key pressed three times) that leaves "
            "the site at once."
        ),
    )

    # A safety control: only moderators (who may publish audiences) see or change it; the field is
    # left out of everyone else's form, so posting it has no effect.
    panels = [*TaxonomyTerm.panels, FieldPanel("safety_exit", permission=SAFETY_EXIT_PERMISSION)]

    class Meta(TaxonomyTerm.Meta):
        verbose_name = "audience"


class Topic(TaxonomyTerm):
    """What an entry is about, e.g. identification and screening, male victims."""

    vocabulary = "topics"
    relatedness = 2  # a shared topic says more about relatedness than a shared audience

    class Meta(TaxonomyTerm.Meta):
        verbose_name = "topic"


# The registry: every vocabulary, in the order lists, facets and columns show them. Everything
# that lists the vocabularies reads it; adding one takes a model above, its entry here and a
# migration (tests/test_vocabularies.py).
VOCABULARIES: dict[str, type[TaxonomyTerm]] = {
    model.vocabulary: model for model in (Discipline, Audience, Topic)
}
