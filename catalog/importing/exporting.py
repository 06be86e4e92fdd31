"""Entries out to a file in the import's format, and the template file to start one from.

Each entry is written as its latest revision has it (a draft, if it has unpublished changes),
read from the revision's stored content: an export costs the same few queries for any number of
entries. Only the entries the user may edit are written (the command line, no user, writes
every one), terms by name, choices by label, every cell formula-safe (catalog.spreadsheets).
"""

from collections.abc import Iterable

from django.db.models import QuerySet
from wagtail.permission_policies.pages import PagePermissionPolicy

from catalog.importing.checking import latest_content
from catalog.importing.columns import Vocabulary
from catalog.importing.files import csv_text
from catalog.importing.kinds import Example, Kind
from catalog.staff_scope import editable_by
from catalog.vocabulary import TAXONOMY


def export_csv(kind: Kind, user=None) -> str:
    """Every entry of `kind` that `user` may edit, as CSV text."""
    parents = {page.path: page.slug for page in kind.parent_model.objects.all()}
    entries = editable_by(user, kind.model.objects.select_related("latest_revision"))
    vocabulary = Vocabulary()
    return csv_text(kind.header, export_rows(kind, entries, parents, vocabulary))


def export_rows(
    kind: Kind, entries: QuerySet, parents: dict[str, str], vocabulary: Vocabulary
) -> Iterable[list[str]]:
    for entry in entries.order_by("path"):
        content = latest_content(entry)
        cells = [parents[entry.path[: -entry.steplen]], content.get("slug") or entry.slug]
        yield cells + [column.text(content, vocabulary) for column in kind.columns]


def template_csv(kind: Kind, user=None) -> str:
    """The columns and one example row that imports as it stands: its parent is the first one
    `user` may add to, its terms the first of each vocabulary."""
    example = kind.example(example_values(kind, user))
    return csv_text(kind.header, [[example.get(column, "") for column in kind.header]])


def example_values(kind: Kind, user) -> Example:
    parents = kind.parent_model.objects.order_by("path")
    if user is not None:
        addable = PagePermissionPolicy().instances_user_has_permission_for(user, "add")
        parents = parents.filter(pk__in=addable.values("pk"))
    parent = parents.first()
    names = {
        entry_field: list(model.objects.values_list("name", flat=True)[:2])
        for model, entry_field in TAXONOMY.values()
    }
    return Example(parent.slug if parent else kind.parent_noun[0], names)
