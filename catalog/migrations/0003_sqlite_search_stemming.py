"""On SQLite, rebuild Wagtail's full-text table with the Porter stemmer.

Wagtail creates `wagtailsearch_indexentry_fts` with FTS5's default tokenizer, which does not
stem: "screen" would not find "screening" on SQLite while PostgreSQL (english config) does. The
table is rebuilt with `porter unicode61` and refilled from the index entries; Wagtail's triggers
keep it in sync from then on. Other databases are untouched.
"""

from django.db import migrations

TABLE = "wagtailsearch_indexentry_fts"
COLUMNS = "autocomplete, body, title"


def rebuild(schema_editor, tokenizer: str) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = %s", [TABLE])
        if cursor.fetchone() is None:
            return  # SQLite built without FTS5: Wagtail falls back to plain matching
        cursor.execute(f"DROP TABLE {TABLE}")
        cursor.execute(f"CREATE VIRTUAL TABLE {TABLE} USING fts5({COLUMNS}{tokenizer})")
        cursor.execute(
            f"INSERT INTO {TABLE}(rowid, {COLUMNS}) "
            f"SELECT id, {COLUMNS} FROM wagtailsearch_indexentry"
        )


def use_porter_stemmer(apps, schema_editor):
    rebuild(schema_editor, ", tokenize = 'porter unicode61 remove_diacritics 2'")


def use_default_tokenizer(apps, schema_editor):
    rebuild(schema_editor, "")


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0002_create_homepage"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(use_porter_stemmer, use_default_tokenizer)]
