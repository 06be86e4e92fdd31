"""Resources in and out of a spreadsheet (CSV): one row per resource.

Columns: parent (the toolkit's slug), slug (with the parent, the row's stable key), title,
summary, type, url, publisher, publication_date (YYYY-MM-DD), language, disciplines, audiences,
topics (names or slugs, separated by "|"). Export writes the same format, so an exported file
imports back without a change (catalog.resource_export): cells that could run as spreadsheet
formulas are written with an apostrophe before them, which the import takes off again.

An import is all or nothing: every row is checked first and any bad row (reported with its line
number and reason) stops the whole file. A row whose parent and slug match an existing resource
updates it (unchanged rows are left alone); others create new resources, as drafts unless the
importer may publish and asks to. A row that would change a resource the edit form would refuse
to save (locked by someone else, awaiting review the importer cannot give, scheduled) is a bad
row. Checking loads what it compares with once per file, so its queries do not grow with rows.
"""

import csv
import datetime
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import URLValidator, validate_unicode_slug
from django.db import transaction
from django.db.models import Prefetch
from django.utils.text import slugify
from wagtail.models import WorkflowState

from catalog.models import (
    Audience,
    Discipline,
    Language,
    ResourcePage,
    ResourceType,
    ToolkitPage,
    Topic,
)
from catalog.page_locks import lock_against
from catalog.spreadsheets import from_spreadsheet

COLUMNS = ["parent", "slug", "title", "summary", "type", "url", "publisher", "publication_date",
           "language", "disciplines", "audiences", "topics"]  # fmt: skip
REQUIRED = ("parent", "title", "summary", "type")
TERM_COLUMNS = {"disciplines": Discipline, "audiences": Audience, "topics": Topic}
# The column each page field comes from: a column the file leaves out leaves its field as it is.
FIELD_COLUMNS = {"title": "title", "summary": "summary", "resource_type": "type",
                 "external_url": "url", "publisher": "publisher",
                 "publication_date": "publication_date", "language": "language",
                 **{column: column for column in TERM_COLUMNS}}  # fmt: skip
SEPARATOR = "|"
MAX_BYTES = 2 * 1024 * 1024  # below Django's request size limit, so a preview can be confirmed
TOO_LARGE = f"The file is larger than {MAX_BYTES // 1024 // 1024} MB; split it into several files."


class ImportFileError(ValueError):
    """The file as a whole cannot be read (encoding, header)."""


@dataclass
class Row:
    line: int
    values: dict
    errors: list[str] = field(default_factory=list)
    page: ResourcePage | None = None  # the existing resource this row updates
    fields: dict = field(default_factory=dict)  # checked values, ready to write
    action: str = ""  # "create", "update" or "unchanged"
    parent: ToolkitPage | None = None


def read_rows(content: bytes) -> list[Row]:
    """The rows of a CSV file: UTF-8 (with or without BOM), comma- or semicolon-separated."""
    if len(content) > MAX_BYTES:
        raise ImportFileError(TOO_LARGE)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError("The file is not UTF-8 text: save it as “CSV UTF-8”.") from error
    header = text.split("\n", 1)[0]
    delimiter = ";" if header.count(";") > header.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return _rows(reader)
    except csv.Error as error:  # e.g. a cell over the reader's size limit
        line = reader.line_num + 1  # the line being read when it failed
        raise ImportFileError(f"Line {line}: the file cannot be read ({error}).") from error


def _rows(reader: csv.DictReader) -> list[Row]:
    names = [name.strip().lower() for name in reader.fieldnames or []]
    missing = [column for column in REQUIRED if column not in names]
    if missing:
        raise ImportFileError(
            f"The first line must name the columns; missing: {', '.join(missing)}. "
            f"Expected: {', '.join(COLUMNS)} (separated by commas or semicolons)."
        )
    reader.fieldnames = names
    rows = []
    for values in reader:
        line = reader.line_num  # the file line where the row ends (quoted newlines span lines)
        if None in values:
            rows.append(Row(line, values, ["more cells than columns in the header"]))
            continue
        cells = {key: from_spreadsheet((value or "").strip()) for key, value in values.items()}
        rows.append(Row(line, cells))
    return rows


class Checker:
    """Checks rows against the catalog, loading what it compares with once per file."""

    def __init__(self, user=None) -> None:
        self.user = user  # None: the command line, which may do anything
        # Existing resources by (parent path, slug), with their latest revisions and what locks
        # them (workflows, schedules): three queries, whatever the number of rows. Wagtail's
        # prefetch_workflow_states() follows the base-page relation, which finds nothing from a
        # ResourcePage queryset; its specific twin is what that method uses for specific ones.
        in_progress = WorkflowState.objects.active().select_related("current_task_state__task")
        resources = (
            ResourcePage.objects.select_related("latest_revision")
            .prefetch_related(
                Prefetch("_specific_workflow_states", in_progress, "_current_workflow_states")
            )
            .annotate_approved_schedule()
        )
        self.existing = {(page.path[: -page.steplen], page.slug): page for page in resources}
        self.toolkits = {page.slug: page for page in ToolkitPage.objects.all()}
        self.terms = {
            column: {
                key: term
                for term in model.objects.all()
                for key in (term.slug.lower(), term.name.lower())
            }
            for column, model in TERM_COLUMNS.items()
        }
        self.types = {key.lower(): value for value, label in ResourceType.choices
                      for key in (value, label)}  # fmt: skip
        self.languages = {key.lower(): value for value, label in Language.choices
                          for key in (value, label)}  # fmt: skip
        self.seen: dict[tuple[str, str], int] = {}

    def check(self, row: Row) -> None:
        if row.errors:
            return
        values, errors = row.values, row.errors
        for column, value in values.items():
            if "\x00" in value:
                errors.append(f"{column} contains a NUL character")
        for column in REQUIRED:
            if not values.get(column):
                errors.append(f"{column} is empty")
        parent = self.toolkits.get(values.get("parent", ""))
        if values.get("parent") and parent is None:
            errors.append(f"no toolkit with the slug “{values['parent']}”")
        slug = values.get("slug") or slugify(values.get("title", ""))[:255]
        try:
            validate_unicode_slug(slug)
            if len(slug) > 255:
                raise ValidationError("too long")
        except ValidationError:
            errors.append(f"slug “{slug[:60]}” is not letters, digits, - and _ (255 at most)")
        if (values.get("parent"), slug) in self.seen:
            errors.append(f"the same parent and slug as line {self.seen[values['parent'], slug]}")
        self.seen[values.get("parent"), slug] = row.line
        fields: dict = {
            "title": values.get("title", "")[:255],
            "summary": values.get("summary", ""),
        }
        if len(values.get("title", "")) > 255:
            errors.append("title is longer than 255 characters")
        if len(fields["summary"]) > 600:
            errors.append("summary is longer than 600 characters")
        resource_type = self.types.get(values.get("type", "").lower())
        if values.get("type") and resource_type is None:
            errors.append(f"type “{values['type']}” is not one of {', '.join(ResourceType.values)}")
        fields["resource_type"] = resource_type
        fields["external_url"] = values.get("url", "")
        if fields["external_url"]:
            try:
                URLValidator(schemes=["http", "https"])(fields["external_url"])
            except ValidationError:
                errors.append(f"url “{fields['external_url'][:80]}” is not a web address")
        fields["publisher"] = values.get("publisher", "")[:200]
        # An empty date or language keeps the resource's own (new ones: today, English).
        if date := values.get("publication_date", ""):
            try:
                fields["publication_date"] = datetime.date.fromisoformat(date)
            except ValueError:
                errors.append(f"publication_date “{date[:40]}” is not a date like 2021-03-31")
        if language := values.get("language", ""):
            fields["language"] = self.languages.get(language.lower())
            if fields["language"] is None:
                errors.append(f"language “{language[:40]}” is not one we know")
        for column in TERM_COLUMNS:
            names = [
                name.strip() for name in values.get(column, "").split(SEPARATOR) if name.strip()
            ]
            unknown = [name for name in names if name.lower() not in self.terms[column]]
            if unknown:
                errors.append(f"{column}: unknown {', '.join(f'“{n}”' for n in unknown)}")
            fields[column] = sorted(
                {self.terms[column][n.lower()] for n in names if n.lower() in self.terms[column]},
                key=lambda term: term.pk,
            )
        if errors:
            return
        row.fields = {
            name: value for name, value in fields.items() if FIELD_COLUMNS[name] in values
        }
        row.page = self.existing.get((parent.path, slug))
        if self.user is not None:
            if row.page is None and not parent.permissions_for_user(self.user).can_add_subpage():
                errors.append(f"you may not add resources to “{parent.title}”")
            elif row.page is not None and not row.page.permissions_for_user(self.user).can_edit():
                errors.append("you may not edit this resource")
        row.fields["slug"] = slug
        row.parent = parent
        row.action = "create" if row.page is None else ("unchanged" if self.same(row) else "update")
        if row.action == "update" and (lock := lock_against(row.page, self.user)):
            errors.append(f"the resource is {lock}: nobody else may change it until then")

    @staticmethod
    def same(row: Row) -> bool:
        """Whether the row's values are those of the resource's latest revision, compared as the
        revision stores them (JSON), so that no row costs a query."""
        stored = latest_content(row.page)
        for name, value in row.fields.items():
            if name in TERM_COLUMNS:
                if term_ids(row.page, name) != [term.pk for term in value]:
                    return False
            elif stored.get(name) != json.loads(json.dumps(value, cls=DjangoJSONEncoder)):
                return False
        return True


def latest_content(page: ResourcePage) -> dict:
    """The page's fields as its latest revision stores them (dates as text, terms as ids)."""
    revision = page.latest_revision
    return revision.content if revision else page.serializable_data()


def term_ids(page: ResourcePage, column: str) -> list[int]:
    """The ids of the page's terms in `column` as its latest revision has them, in order; read
    from the revision's content, so checking and exporting need no query per resource."""
    return sorted(latest_content(page).get(column) or [])


def latest(page: ResourcePage) -> ResourcePage:
    """The resource as its latest revision has it (a draft, if it has unpublished changes)."""
    revision = page.latest_revision
    return page.with_content_json(revision.content) if revision else page


def check_rows(
    rows: list[Row], progress: Callable[[int, int], None] | None = None, user=None
) -> list[Row]:
    """Check every row, as `user` may (the command line passes no user: it may do anything)."""
    checker = Checker(user)
    for number, row in enumerate(rows, start=1):
        checker.check(row)
        if progress:
            progress(number, len(rows))
    return rows


@transaction.atomic
def write_rows(
    rows: list[Row],
    publish: bool,
    user=None,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, int]:
    """Create and update the checked rows (no row may have errors); {action: count}. Publishes
    where asked and `user` may; otherwise the changes are drafts for review."""
    if any(row.errors for row in rows):
        raise ValueError("Rows with errors cannot be written: check them first.")
    done = {"create": 0, "update": 0, "unchanged": 0}
    for number, row in enumerate(rows, start=1):
        done[row.action] += 1
        if progress:
            progress(number, len(rows))
        if row.action == "unchanged":
            continue
        page = latest(row.page) if row.page else ResourcePage(live=False)
        for name, value in row.fields.items():
            if name in TERM_COLUMNS:
                getattr(page, name).set(value)
            else:
                setattr(page, name, value)
        if row.page is None:
            row.parent.add_child(instance=page)
        revision = page.save_revision(user=user, log_action=True)
        if publish and (user is None or page.permissions_for_user(user).can_publish()):
            revision.publish(user=user)
    return done
