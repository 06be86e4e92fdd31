"""Resources in a file: one row per resource of a toolkit.

Columns: parent (the toolkit, by slug or title), slug, title, summary, type, url (the external
link), publisher, publication_date (YYYY-MM-DD), language, disciplines, audiences, topics. A
resource's file, length, body and "how to get this" are edited in the admin.
"""

from catalog.importing.columns import Vocabulary
from catalog.importing.field_columns import field_column
from catalog.importing.files import Row
from catalog.importing.kinds import Example, Kind, entry_columns
from catalog.models import ResourcePage, ToolkitPage


def example(values: Example) -> dict[str, str]:
    return {
        "parent": values.parent,
        "slug": "sample-csec-screening-checklist",
        "title": "Sample: CSEC screening checklist for CAC intake",
        "summary": "Ten questions to ask at intake that help identify commercially sexually "
        "exploited children, with what to do when an answer raises concern.",
        "type": "Checklist",
        "url": "https://www.example.org/sample-csec-screening-checklist",
        "publisher": "National Children's Alliance",
        "publication_date": "2021-01-01",
        "language": "English",
        **values.every_vocabulary(),
    }


def rules(row: Row, content: dict, vocabulary: Vocabulary) -> list[str]:
    """A resource has a file or a link, not both (ResourcePage.clean)."""
    if row.fields.get("url") and content.get("document"):
        return ["url: this resource has an uploaded file, and a resource has a file or a link, "
                "not both; leave url empty or remove the file in the admin"]  # fmt: skip
    return []


RESOURCES = Kind(
    name="resources",
    model=ResourcePage,
    parent_model=ToolkitPage,
    parent_noun=("toolkit", "toolkits"),
    counted_as=("%(count)s resource", "%(count)s resources"),
    columns=entry_columns(
        ResourcePage,
        [
            field_column(ResourcePage, "resource_type", "type"),
            field_column(ResourcePage, "external_url", "url"),
            field_column(ResourcePage, "publisher"),
        ],
    ),
    example=example,
    rules=rules,
    notes=(
        "type: one of the resource types as the admin lists them, e.g. Guide or Fact sheet.",
        "url: the resource's address on another site. A resource's file, length, body and "
        "“how to get this” are edited in the admin, and an import leaves them as they are.",
    ),
)
