"""What a kind of catalog entry brings to import and export: its page type and parent, its
columns, an example row for the template file, and any rule across its columns.

The columns every entry shares (catalog.models.base) are listed here once: `entry_columns` puts a
kind's own columns between the title and summary and the language, date and terms.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import ngettext
from wagtail.models import Page

from catalog.importing.columns import Column, TermsColumn, Vocabulary
from catalog.importing.field_columns import field_column
from catalog.importing.files import Row
from catalog.models import CatalogEntryPage
from catalog.vocabulary import TAXONOMY

TERM_FIELDS = [entry_field for _model, entry_field in TAXONOMY.values()]


@dataclass
class Example:
    """Real values for a template file's example row: the first parent the user may add to and
    the first terms of each vocabulary, so that the example imports as it stands."""

    parent: str
    terms: dict[str, list[str]]  # vocabulary field ("disciplines") → up to two names

    def names(self, vocabulary: str, separator: str = " | ") -> str:
        return separator.join(self.terms.get(vocabulary, []))

    def every_vocabulary(self) -> dict[str, str]:
        """The example's cells for every vocabulary's column (registry order)."""
        return {field: self.names(field) for field in TERM_FIELDS}


def no_rules(row: Row, content: dict, vocabulary: Vocabulary) -> list[str]:
    return []


@dataclass
class Kind:
    """A kind of entry a file may hold, e.g. resources."""

    name: str  # in URLs, stored uploads and the commands' --kind: "resources"
    model: type[CatalogEntryPage]
    parent_model: type[Page]
    parent_noun: tuple[str, str]  # how messages name its parents: ("toolkit", "toolkits")
    counted_as: tuple[str, str]  # ("%(count)s resource", "%(count)s resources")
    columns: list[Column]  # after parent and slug, which every kind has
    example: Callable[[Example], dict[str, str]]
    # Problems across columns, given the row's checked fields and the entry's stored content
    # ({} for a new one); it may also complete the row's fields, as the page's clean() would.
    rules: Callable[[Row, dict, Vocabulary], list[str]] = no_rules
    notes: tuple[str, ...] = ()  # for the import page: what its cells hold, what they do not
    by_name: dict[str, Column] = field(init=False)

    def __post_init__(self) -> None:
        self.by_name = {column.name: column for column in self.columns}

    @property
    def label(self) -> str:
        """What the admin calls the entries: "resources", "curricula", "podcast episodes"."""
        return str(self.model._meta.verbose_name_plural)

    @property
    def noun(self) -> str:
        return str(self.model._meta.verbose_name)

    def counted(self, count: int) -> str:
        """The entries counted: "1 resource", "2 resources"."""
        return ngettext(*self.counted_as, count) % {"count": count}

    @property
    def header(self) -> list[str]:
        return ["parent", "slug", *self.by_name]

    @property
    def required(self) -> list[str]:
        """The columns a file must have: its rows could not make a new entry without them."""
        return ["parent", *(column.name for column in self.columns if column.required)]


def entry_columns(model: type[CatalogEntryPage], own: list[Column]) -> list[Column]:
    """Title and summary, the kind's `own` columns, then language, date and the terms."""
    return [
        field_column(model, "title"),
        field_column(model, "summary"),
        *own,
        field_column(model, "publication_date"),
        field_column(model, "language"),
        *(TermsColumn(model, entry_field) for entry_field in TERM_FIELDS),
    ]
