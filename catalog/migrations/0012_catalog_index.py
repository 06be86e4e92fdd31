# The catalog index (catalog.models.index) and, beside it, each database's full-text table.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import catalog.models.index

# PostgreSQL: accents folded before English stemming, so "explotacion" finds "explotación";
# the weighted text of each entry in a GIN-indexed tsvector (catalog.index.postgres writes it); GIN indexes on the term arrays; and
# trigrams over the index's words for "Did you mean". unaccent and pg_trgm are trusted
# extensions: the database's owner may create them.
POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """
    DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'catalog_search') THEN
        CREATE TEXT SEARCH CONFIGURATION catalog_search (COPY = english);
        ALTER TEXT SEARCH CONFIGURATION catalog_search
          ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
      END IF;
    END $$
    """,
    # Searches with words read this table: each entry's weighted text (and its title's alone)
    # beside a copy of its facet columns, so that one bitmap of GIN indexes finds the words and
    # the chosen facets together. Searches without words read the narrower entry table.
    """
    CREATE TABLE catalog_index_text (
      page_id integer PRIMARY KEY
        REFERENCES catalog_index_entry (page_id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
      kind varchar(16) NOT NULL,
      publication_date date NOT NULL,
      year smallint NOT NULL,
      language varchar(8) NOT NULL,
      chapter_id integer,
      resource_type varchar(32),
      disciplines integer[] NOT NULL,
      audiences integer[] NOT NULL,
      topics integer[] NOT NULL,
      access smallint NOT NULL,
      access_groups integer[] NOT NULL,
      vector tsvector NOT NULL,
      title_vector tsvector NOT NULL
    )
    """,
    "CREATE INDEX catalog_index_text_vector ON catalog_index_text USING gin (vector)",
    "CREATE INDEX catalog_index_text_disciplines ON catalog_index_text USING gin (disciplines)",
    "CREATE INDEX catalog_index_text_audiences ON catalog_index_text USING gin (audiences)",
    "CREATE INDEX catalog_index_text_topics ON catalog_index_text USING gin (topics)",
    # Searches without words read this one: the entry's facet columns alone, narrow rows that a
    # count over tens of thousands of entries reads quickly (the cards' text stays in the entry
    # table, read for one page of rows).
    """
    CREATE TABLE catalog_index_facet (
      page_id integer PRIMARY KEY
        REFERENCES catalog_index_entry (page_id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
      kind varchar(16) NOT NULL,
      publication_date date NOT NULL,
      year smallint NOT NULL,
      language varchar(8) NOT NULL,
      chapter_id integer,
      resource_type varchar(32),
      disciplines integer[] NOT NULL,
      audiences integer[] NOT NULL,
      topics integer[] NOT NULL,
      access smallint NOT NULL,
      access_groups integer[] NOT NULL
    )
    """,
    "CREATE INDEX catalog_index_facet_newest ON catalog_index_facet (publication_date, page_id)",
    "CREATE INDEX catalog_index_disciplines ON catalog_index_facet USING gin (disciplines)",
    "CREATE INDEX catalog_index_audiences ON catalog_index_facet USING gin (audiences)",
    "CREATE INDEX catalog_index_topics ON catalog_index_facet USING gin (topics)",
    # Facet counts over every entry a visitor may see, kept by the entry table's triggers (one
    # run per statement, over the rows it changed): catalog.index.postgres reads them instead of
    # counting 100,000 rows for the search page before any choice and a browse page's own facet.
    """
    CREATE TABLE catalog_index_tally (
      access smallint NOT NULL,
      access_groups integer[] NOT NULL,
      facet text NOT NULL,
      value text NOT NULL,
      entries integer NOT NULL,
      PRIMARY KEY (facet, value, access, access_groups)
    )
    """,
    """
    CREATE FUNCTION catalog_index_tally_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO catalog_index_tally AS t (access, access_groups, facet, value, entries)
        SELECT r.access, r.access_groups, f.facet, f.value, -CAST(COUNT(*) AS integer)
        FROM old_rows r CROSS JOIN LATERAL (
          VALUES ('kind', r.kind), ('resource_type', r.resource_type), ('language', r.language),
                 ('chapter_id', CAST(r.chapter_id AS text)), ('year', CAST(r.year AS text))
          UNION ALL SELECT 'disciplines', CAST(v AS text) FROM unnest(r.disciplines) AS v
          UNION ALL SELECT 'audiences', CAST(v AS text) FROM unnest(r.audiences) AS v
          UNION ALL SELECT 'topics', CAST(v AS text) FROM unnest(r.topics) AS v
        ) AS f(facet, value)
        WHERE f.value IS NOT NULL
        GROUP BY r.access, r.access_groups, f.facet, f.value
        ORDER BY 3, 4, 1, 2
        ON CONFLICT (facet, value, access, access_groups)
        DO UPDATE SET entries = t.entries + EXCLUDED.entries;
      END IF;
      IF TG_OP IN ('UPDATE', 'INSERT') THEN
        INSERT INTO catalog_index_tally AS t (access, access_groups, facet, value, entries)
        SELECT r.access, r.access_groups, f.facet, f.value, CAST(COUNT(*) AS integer)
        FROM new_rows r CROSS JOIN LATERAL (
          VALUES ('kind', r.kind), ('resource_type', r.resource_type), ('language', r.language),
                 ('chapter_id', CAST(r.chapter_id AS text)), ('year', CAST(r.year AS text))
          UNION ALL SELECT 'disciplines', CAST(v AS text) FROM unnest(r.disciplines) AS v
          UNION ALL SELECT 'audiences', CAST(v AS text) FROM unnest(r.audiences) AS v
          UNION ALL SELECT 'topics', CAST(v AS text) FROM unnest(r.topics) AS v
        ) AS f(facet, value)
        WHERE f.value IS NOT NULL
        GROUP BY r.access, r.access_groups, f.facet, f.value
        ORDER BY 3, 4, 1, 2
        ON CONFLICT (facet, value, access, access_groups)
        DO UPDATE SET entries = t.entries + EXCLUDED.entries;
      END IF;
      DELETE FROM catalog_index_tally WHERE entries = 0;
      RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER catalog_index_tally_insert AFTER INSERT ON catalog_index_entry
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION catalog_index_tally_change()
    """,
    """
    CREATE TRIGGER catalog_index_tally_update AFTER UPDATE ON catalog_index_entry
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION catalog_index_tally_change()
    """,
    """
    CREATE TRIGGER catalog_index_tally_delete AFTER DELETE ON catalog_index_entry
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION catalog_index_tally_change()
    """,
    "CREATE INDEX catalog_index_word_trigrams ON catalog_index_word USING gin (word gin_trgm_ops)",
    "CREATE INDEX catalog_index_title_trigrams ON catalog_index_entry USING gin (title gin_trgm_ops)",
]
POSTGRES_REVERSE = [
    "DROP TABLE IF EXISTS catalog_index_text",
    "DROP TABLE IF EXISTS catalog_index_facet",
    "DROP TABLE IF EXISTS catalog_index_tally",
    "DROP TRIGGER IF EXISTS catalog_index_tally_insert ON catalog_index_entry",
    "DROP TRIGGER IF EXISTS catalog_index_tally_update ON catalog_index_entry",
    "DROP TRIGGER IF EXISTS catalog_index_tally_delete ON catalog_index_entry",
    "DROP FUNCTION IF EXISTS catalog_index_tally_change()",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS catalog_search",
]
# SQLite: an FTS5 table of the title and the four weighted parts (rowid = page id), emptied
# with its entry.
SQLITE = [
    """
    CREATE VIRTUAL TABLE catalog_index_fts USING fts5(
      title, a, b, c, d, tokenize = 'porter unicode61 remove_diacritics 2', prefix = '2 3'
    )
    """,
    """
    CREATE TRIGGER catalog_index_fts_delete AFTER DELETE ON catalog_index_entry BEGIN
      DELETE FROM catalog_index_fts WHERE rowid = old.page_id;
    END
    """,
]
SQLITE_REVERSE = ["DROP TRIGGER IF EXISTS catalog_index_fts_delete", "DROP TABLE catalog_index_fts"]


def run(statements: dict):
    def operation(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0011_taxonomy_review_roles"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.CreateModel(
            name="IndexWord",
            fields=[
                ("word", models.CharField(max_length=64, primary_key=True, serialize=False)),
                ("entries", models.PositiveIntegerField(default=0)),
            ],
            options={
                "db_table": "catalog_index_word",
            },
        ),
        migrations.CreateModel(
            name="IndexEntry",
            fields=[
                (
                    "page",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to=settings.WAGTAIL_PAGE_MODEL,
                    ),
                ),
                ("kind", models.CharField(max_length=16)),
                ("title", models.CharField(max_length=255)),
                ("summary", models.TextField()),
                ("url_path", models.TextField()),
                ("publication_date", models.DateField()),
                ("year", models.SmallIntegerField()),
                ("language", models.CharField(max_length=8)),
                ("chapter_id", models.IntegerField(null=True)),
                ("resource_type", models.CharField(max_length=32, null=True)),
                ("delivery_format", models.CharField(max_length=16, null=True)),
                ("disciplines", catalog.models.index.IntegerListField(default=list)),
                ("audiences", catalog.models.index.IntegerListField(default=list)),
                ("topics", catalog.models.index.IntegerListField(default=list)),
                (
                    "access",
                    models.SmallIntegerField(
                        choices=[
                            (0, "Everyone"),
                            (1, "Signed-in members"),
                            (2, "Members of some groups"),
                        ]
                    ),
                ),
                ("access_groups", catalog.models.index.IntegerListField(default=list)),
            ],
            options={
                "db_table": "catalog_index_entry",
                "indexes": [
                    models.Index(
                        fields=["-publication_date", "-page"], name="catalog_index_newest"
                    ),
                    models.Index(fields=["title", "page"], name="catalog_index_title"),
                ],
            },
        ),
        migrations.RunPython(
            run({"postgresql": POSTGRES, "sqlite": SQLITE}),
            run({"postgresql": POSTGRES_REVERSE, "sqlite": SQLITE_REVERSE}),
        ),
    ]
