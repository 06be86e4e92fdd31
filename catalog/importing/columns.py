"""The columns of an import file: how a cell becomes a page field's value, and a stored value
becomes a cell again. Here the base and the columns of several values (terms, lines);
field_columns.py has those of one plain field (text, choices, dates, numbers).

Values are compared with what the entry's latest revision stores, so that deciding whether a row
changes anything costs no query; the terms a row names come from a `Vocabulary` loaded once per
file. Messages name things as editors see them in the admin: a term by its name.
"""

import json
from typing import Any

from wagtail.models import Page

from catalog.models.taxonomy import TaxonomyTerm

# A column's value: what its own parse() gives (terms, lines, a date, guests…), stored() reads
# back and apply() sets. Each column knows its shape and the base does not, so it is untyped.
Value = Any
KEEP = object()  # an empty cell that keeps the entry's own value (new entries: the default)
SEPARATOR = "|"
LONGEST_LIST = 8  # names a message lists before "and N more"


class ColumnError(ValueError):
    """A cell the column cannot take; the message is for the editor."""


def choose_from(names: list[str], quoted: bool = False) -> str:
    """`names` for a message, the first LONGEST_LIST of them: "A, B, C and 5 more"."""
    shown = [f"“{name}”" if quoted else name for name in names[:LONGEST_LIST]]
    rest = len(names) - len(shown)
    return ", ".join(shown) + (f" and {rest} more" if rest else "")


def cell_for_message(cell: str, length: int = 60) -> str:
    return cell if len(cell) <= length else cell[: length - 1] + "…"


class TermSet:
    """One vocabulary's terms (in their own order), found by name or slug, any case."""

    def __init__(self, model: type[TaxonomyTerm]) -> None:
        terms = list(model.objects.all())
        self.noun = model._meta.verbose_name
        self.by_key = {key.lower(): term for term in terms for key in (term.slug, term.name)}
        self.by_id = {term.pk: term for term in terms}
        self.names = [term.name for term in terms]

    def find(self, names: list[str]) -> list:
        """The terms called `names`, by id; unknown names are a ColumnError that lists the
        vocabulary's names to choose from."""
        unknown = [name for name in names if name.lower() not in self.by_key]
        if unknown:
            quoted = ", ".join(f"“{cell_for_message(name, 40)}”" for name in unknown)
            raise ColumnError(f"unknown {quoted} — choose from {choose_from(self.names)}")
        return sorted({self.by_key[name.lower()] for name in names}, key=lambda term: term.pk)

    def names_of(self, ids: list[int]) -> list[str]:
        """The names of the terms `ids`, in the vocabulary's order (deleted ones left out)."""
        wanted = set(ids)
        return [term.name for pk, term in self.by_id.items() if pk in wanted]


class Vocabulary:
    """The terms a file may name, each vocabulary loaded once, when first needed."""

    def __init__(self) -> None:
        self.sets: dict[type, TermSet] = {}

    def terms(self, model: type[TaxonomyTerm]) -> TermSet:
        if model not in self.sets:
            self.sets[model] = TermSet(model)
        return self.sets[model]


class Column:
    """A column named `name` that fills the page field `field`."""

    @property
    def required(self) -> bool:
        """Whether every file of this kind must have the column."""
        return False

    def __init__(self, model: type[Page], field: str, name: str = "") -> None:
        self.model_field = model._meta.get_field(field)
        self.field = field
        self.name = name or field

    def refuse(self, cell: str, problem: str) -> ColumnError:
        return ColumnError(f"{self.name} “{cell_for_message(cell)}” {problem}")

    def parse(self, cell: str, vocabulary: Vocabulary) -> Value:
        """The value for the page field, KEEP, or a ColumnError."""
        raise NotImplementedError

    def stored(self, content: dict) -> Value:
        """The field's value as a revision's `content` stores it, in the form parse() gives."""
        return content.get(self.model_field.attname)

    def same(self, content: dict, value: Value) -> bool:
        return self.stored(content) == value

    def text(self, content: dict, vocabulary: Vocabulary) -> str:
        """The cell that holds the stored value: what an export writes."""
        raise NotImplementedError

    def apply(self, page: Page, value: Value) -> None:
        setattr(page, self.field, value)


class TermsColumn(Column):
    """Terms of one vocabulary, by name or slug, separated by "|"; the export names them."""

    def __init__(self, model: type[Page], field: str, name: str = "") -> None:
        super().__init__(model, field, name)
        self.vocabulary_model = self.model_field.related_model

    def parse(self, cell: str, vocabulary: Vocabulary) -> Value:
        names = [name.strip() for name in cell.split(SEPARATOR) if name.strip()]
        try:
            return vocabulary.terms(self.vocabulary_model).find(names)
        except ColumnError as error:
            raise ColumnError(f"{self.name}: {error}") from None

    def stored(self, content: dict) -> Value:
        return sorted(content.get(self.field) or [])

    def same(self, content: dict, value: Value) -> bool:
        return self.stored(content) == [term.pk for term in value]

    def text(self, content: dict, vocabulary: Vocabulary) -> str:
        names = vocabulary.terms(self.vocabulary_model).names_of(self.stored(content))
        return f" {SEPARATOR} ".join(names)

    def apply(self, page: Page, value: Value) -> None:
        getattr(page, self.field).set(value)


def stream_data(raw: Value) -> list:
    """A StreamField's blocks as a revision stores them (JSON text) or as data (a list)."""
    if isinstance(raw, str):
        return json.loads(raw) if raw else []
    return list(raw or [])


def list_items(raw: list | None) -> list:
    """A ListBlock's values, stored with ids ({"type": "item", "value": …}) or without."""
    return [
        item["value"] if isinstance(item, dict) and item.get("type") == "item" else item
        for item in raw or []
    ]


class LinesColumn(Column):
    """A StreamField of one kind of short text block, one block a line (learning objectives)."""

    def __init__(self, model: type[Page], field: str, block_type: str, name: str = "") -> None:
        super().__init__(model, field, name)
        self.block_type = block_type

    def parse(self, cell: str, vocabulary: Vocabulary) -> Value:
        return [line.strip() for line in cell.splitlines() if line.strip()]

    def stored(self, content: dict) -> Value:
        return [block["value"] for block in stream_data(content.get(self.field))]

    def text(self, content: dict, vocabulary: Vocabulary) -> str:
        return "\n".join(self.stored(content))

    def apply(self, page: Page, value: Value) -> None:
        setattr(page, self.field, [(self.block_type, line) for line in value])
