"""Checking a file's rows against the catalog before anything is written.

Each row gets its errors (every one, in the editor's words) or its action: "create", "update" or
"unchanged". A row is refused where the importer could not make the same change in the admin:
no right to add to its parent or to edit its entry, or an entry the edit form would not save
(catalog.page_locks). The command line passes no user and may do anything a superuser may.

What rows are compared with is loaded once per file (the kind's entries with their latest
revisions and workflow states, the parents, the vocabularies), so checking a file costs the same
few queries whatever its number of rows.
"""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.core.validators import validate_unicode_slug
from django.db.models import Prefetch
from django.utils.text import slugify
from wagtail.models import Page, WorkflowState

from catalog.importing.columns import KEEP, ColumnError, Vocabulary, choose_from
from catalog.importing.files import Row
from catalog.importing.kinds import Kind
from catalog.page_locks import lock_against


def latest_content(page: Page) -> dict:
    """The page's fields as its latest revision stores them (dates as text, terms as ids)."""
    revision = page.latest_revision
    return revision.content if revision else page.serializable_data()


class Checker:
    """Checks the rows of one file of `kind`, as `user` may change the catalog."""

    def __init__(self, kind: Kind, user=None) -> None:
        self.kind, self.user = kind, user
        # Wagtail's prefetch_workflow_states() follows the base-page relation, which finds
        # nothing from a specific page type's queryset; its specific twin is what that method
        # uses for specific pages.
        in_progress = WorkflowState.objects.active().select_related("current_task_state__task")
        entries = (
            kind.model.objects.select_related("latest_revision")
            .prefetch_related(
                Prefetch("_specific_workflow_states", in_progress, "_current_workflow_states")
            )
            .annotate_approved_schedule()
        )
        self.existing = {(page.path[: -page.steplen], page.slug): page for page in entries}
        parents = list(kind.parent_model.objects.order_by("path"))
        # By title or slug; where two share one, the first in the tree.
        self.parents = {
            key.lower(): parent
            for parent in reversed(parents)
            for key in (parent.title, parent.slug)
        }
        # The ones a bad parent's message offers: those the importer may add to (naming the
        # rest would tell an editor of one section the titles of another's).
        self.any_parents = bool(parents)
        self.parent_titles = [
            parent.title
            for parent in parents
            if user is None or parent.permissions_for_user(user).can_add_subpage()
        ]
        self.vocabulary = Vocabulary()
        self.seen: dict[tuple[str, str], int] = {}

    def check(self, row: Row) -> None:
        if row.errors:
            return
        row.errors = [f"{name} contains a NUL character" for name, value in row.values.items()
                      if "\x00" in value]  # fmt: skip
        if row.errors:
            return
        parent = self.parent(row)
        slug = self.slug(row, parent)
        fields = self.fields(row)
        if row.errors or parent is None:
            return
        row.parent, row.slug, row.fields = parent, slug, fields
        row.page = self.existing.get((parent.path, slug))
        content = latest_content(row.page) if row.page else {}
        row.errors += self.kind.rules(row, content, self.vocabulary)
        row.errors += self.rights(row)
        if row.errors:
            return
        if row.page is None:
            row.action = "create"
        elif all(self.kind.by_name[name].same(content, value) for name, value in fields.items()):
            row.action = "unchanged"
        else:
            row.action = "update"
            if lock := lock_against(row.page, self.user):
                row.errors.append(
                    f"the {self.kind.noun} is {lock}: nobody else may change it until then"
                )

    def parent(self, row: Row) -> Page | None:
        name = row.values.get("parent", "")
        parent = self.parents.get(name.lower())
        singular, plural = self.kind.parent_noun
        if not name:
            row.errors.append("parent is empty")
        elif parent is None and not self.any_parents:
            row.errors.append(f"no {singular} “{name[:60]}”: there are no {plural} yet")
        elif parent is None and not self.parent_titles:
            row.errors.append(f"no {singular} “{name[:60]}” that you may add to")
        elif parent is None:
            titles = choose_from(self.parent_titles, quoted=True)
            which = plural if self.user is None else f"{plural} you may add to"
            row.errors.append(f"no {singular} “{name[:60]}”: the {which} are {titles}")
        return parent

    def slug(self, row: Row, parent: Page | None) -> str:
        """The row's slug (from its title, if it gives none), unique in the file."""
        values = row.values
        slug = values.get("slug") or slugify(values.get("title", ""), allow_unicode=True)[:255]
        try:
            validate_unicode_slug(slug)
            if len(slug) > 255:
                raise ValidationError("too long")
        except ValidationError:
            row.errors.append(f"slug “{slug[:60]}” is not letters, digits, - and _ (255 at most)")
        key = (parent.path if parent else values.get("parent", ""), slug)
        if key in self.seen:
            row.errors.append(f"the same parent and slug as line {self.seen[key]}")
        self.seen.setdefault(key, row.line)
        return slug

    def fields(self, row: Row) -> dict[str, object]:
        """The checked value of each column the file has, but cells that keep what is there."""
        fields = {}
        for column in self.kind.columns:
            if column.name not in row.values:
                continue  # a column the file leaves out leaves its field as it is
            try:
                value = column.parse(row.values[column.name], self.vocabulary)
            except ColumnError as error:
                row.errors.append(str(error))
                continue
            if value is not KEEP:
                fields[column.name] = value
        return fields

    def rights(self, row: Row) -> list[str]:
        if self.user is None:
            return []
        if row.page is None:
            if row.parent is None:  # check() sets it before asking; without one, deny
                return [f"you may not add {self.kind.label} there"]
            if not row.parent.permissions_for_user(self.user).can_add_subpage():
                return [f"you may not add {self.kind.label} to “{row.parent.title}”"]
        elif not row.page.permissions_for_user(self.user).can_edit():
            return [f"you may not edit this {self.kind.noun}"]
        return []


def check_rows(
    kind: Kind, rows: list[Row], user=None, progress: Callable[[int, int], None] | None = None
) -> list[Row]:
    """Check every row, as `user` may (the command line passes no user: it may do anything)."""
    checker = Checker(kind, user)
    for number, row in enumerate(rows, start=1):
        checker.check(row)
        if progress:
            progress(number, len(rows))
    return rows
