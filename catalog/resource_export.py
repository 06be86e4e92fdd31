"""Resources out to a spreadsheet (CSV) in the import's format (catalog.imports), so an exported
file imports back without a change.

Each resource is written as its latest revision has it (a draft, if it has unpublished changes),
read from the revision's stored content: the export costs the same few queries for any number
of resources. Only the resources the user may edit are written, and every cell is formula-safe.
"""

import csv
import io

from catalog.imports import (
    COLUMNS,
    FIELD_COLUMNS,
    SEPARATOR,
    TERM_COLUMNS,
    latest_content,
    term_ids,
)
from catalog.models import ResourcePage, ToolkitPage
from catalog.spreadsheets import spreadsheet_safe
from catalog.staff_scope import editable_by

FIELDS = {column: name for name, column in FIELD_COLUMNS.items()}  # column → page field


def export_rows(user=None) -> str:
    """Every resource `user` may edit (no user, the command line: every one) as CSV text, UTF-8
    with a byte-order mark so that spreadsheets read it as such."""
    toolkits = {page.path: page.slug for page in ToolkitPage.objects.all()}
    slugs = {column: {term.pk: term.slug for term in model.objects.all()}
             for column, model in TERM_COLUMNS.items()}  # fmt: skip
    resources = ResourcePage.objects.order_by("path").select_related("latest_revision")
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow(COLUMNS)
    for resource in editable_by(user, resources):
        stored = latest_content(resource)
        cells = [toolkits[resource.path[: -resource.steplen]], stored.get("slug") or resource.slug]
        for column in COLUMNS[2:]:
            if column in TERM_COLUMNS:
                terms = slugs[column]
                ids = term_ids(resource, column)
                cells.append(SEPARATOR.join(terms[pk] for pk in terms if pk in ids))
            else:
                cells.append(str(stored.get(FIELDS[column]) or ""))
        writer.writerow([spreadsheet_safe(cell) for cell in cells])
    return "\ufeff" + output.getvalue()
