"""The catalog index: one flat row per live entry, which search, browse and export read.

The rows are written by `catalog.index` (kept in step with the pages, rebuilt in bulk by
`manage.py rebuild_catalog_index`); nothing else writes them. The full-text part lives beside
these tables in each database's own form (a `tsvector` table on PostgreSQL, an FTS5 table on
SQLite), created by migration 0012 and written by `catalog.index.postgres` / `.sqlite`.
"""

import json

from django.db import models


class IntegerListField(models.Field):
    """A sorted list of distinct integers: `integer[]` on PostgreSQL, JSON text elsewhere.

    PostgreSQL's GIN indexes answer "has any of these" (`&&`); SQLite reads the JSON with
    `json_each`. The value is always a Python list of ints.
    """

    description = "A list of integers"

    def db_type(self, connection) -> str:
        return "integer[]" if connection.vendor == "postgresql" else "text"

    def get_db_prep_value(self, value, connection, prepared=False):
        numbers = sorted({int(number) for number in value or ()})
        return numbers if connection.vendor == "postgresql" else json.dumps(numbers)

    def from_db_value(self, value, expression, connection) -> list[int]:
        if value is None:
            return []
        return list(value) if isinstance(value, list) else json.loads(value)

    def to_python(self, value) -> list[int]:
        if isinstance(value, str):
            return json.loads(value)
        return list(value or ())


class Access(models.IntegerChoices):
    """Who may see an entry, with every view restriction above it taken into account."""

    PUBLIC = 0, "Everyone"
    SIGNED_IN = 1, "Signed-in members"
    GROUPS = 2, "Members of some groups"


class IndexEntry(models.Model):
    """One live catalog entry as listings show and filter it. Primary key: the page's id."""

    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    kind = models.CharField(max_length=16)  # resource, curriculum or episode
    title = models.CharField(max_length=255)
    summary = models.TextField()
    url_path = models.TextField()
    publication_date = models.DateField()
    year = models.SmallIntegerField()
    language = models.CharField(max_length=8)
    chapter_id = models.IntegerField(null=True)  # the state chapter it sits under, if any
    resource_type = models.CharField(max_length=32, null=True)
    delivery_format = models.CharField(max_length=16, null=True)
    disciplines = IntegerListField(default=list)
    audiences = IntegerListField(default=list)
    topics = IntegerListField(default=list)
    access = models.SmallIntegerField(choices=Access.choices)
    access_groups = IntegerListField(default=list)  # with GROUPS: a member of any may see it

    class Meta:
        db_table = "catalog_index_entry"
        indexes = [
            models.Index(fields=["-publication_date", "-page"], name="catalog_index_newest"),
            models.Index(fields=["title", "page"], name="catalog_index_title"),
        ]

    def __str__(self) -> str:
        return self.title


class IndexWord(models.Model):
    """A word found in the indexed titles, summaries, tags and bodies: what "Did you mean"
    chooses from, and how common it is.

    Each indexing of an entry adds its words and counts them once more, so between rebuilds the
    counts grow with republishing and keep words no entry uses any more: they only weigh one
    spelling against another, and a suggestion is offered only if it finds entries. A rebuild
    makes them exact.
    """

    word = models.CharField(max_length=64, primary_key=True)
    entries = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "catalog_index_word"

    def __str__(self) -> str:
        return self.word
