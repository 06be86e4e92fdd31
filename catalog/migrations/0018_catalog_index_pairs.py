# PostgreSQL: tallies per pair of facet values, beside the per-value tally of migration 0012.
#
# A browse page, or a search without words and one choice, counts every other facet over the
# entries that hold the chosen value: at 100,000 entries that is reading tens of thousands of
# rows a request. `catalog_index_pair` keeps those counts instead: for each access (and groups),
# each facet value, and each value of another facet (or another value of the same list facet),
# how many entries hold both. The entry table's statement triggers keep it, as they keep the
# per-value tally; a rebuild skips them and counts both in bulk at the end
# (`catalog.index.postgres.PostgresIndex.bulk_tallies`). SQLite keeps none: it counts.

from django.db import migrations

# One row per facet value an entry holds: what both tallies count.
ITEMS = """
CREATE FUNCTION catalog_index_items(
  kind text, resource_type text, language text, chapter_id integer, year smallint,
  disciplines integer[], audiences integer[], topics integer[]
) RETURNS TABLE (facet text, value text) LANGUAGE sql IMMUTABLE AS $$
  SELECT f.facet, f.value FROM (
    VALUES ('kind', kind), ('resource_type', resource_type), ('language', language),
           ('chapter_id', CAST(chapter_id AS text)), ('year', CAST(year AS text))
  ) AS f(facet, value) WHERE f.value IS NOT NULL
  UNION ALL SELECT 'disciplines', CAST(v AS text) FROM unnest(disciplines) AS v
  UNION ALL SELECT 'audiences', CAST(v AS text) FROM unnest(audiences) AS v
  UNION ALL SELECT 'topics', CAST(v AS text) FROM unnest(topics) AS v
$$
"""
PAIR_TABLE = """
CREATE TABLE catalog_index_pair (
  access smallint NOT NULL,
  access_groups integer[] NOT NULL,
  facet text NOT NULL,
  value text NOT NULL,
  other text NOT NULL,
  other_value text NOT NULL,
  entries integer NOT NULL,
  PRIMARY KEY (facet, value, other, other_value, access, access_groups)
)
"""
# The items of the rows in `source` (r), and their pairs: every two items of one entry, except
# an item with itself and two values of one single-value facet (an entry holds one).
ITEMS_OF = (
    "CROSS JOIN LATERAL catalog_index_items(r.kind, r.resource_type, r.language, r.chapter_id,"
    " r.year, r.disciplines, r.audiences, r.topics) AS {alias}"
)
TALLY = f"""
  INSERT INTO catalog_index_tally AS t (access, access_groups, facet, value, entries)
  SELECT r.access, r.access_groups, i.facet, i.value, {{sign}}CAST(COUNT(*) AS integer)
  FROM {{source}} r {ITEMS_OF.format(alias="i")}
  GROUP BY r.access, r.access_groups, i.facet, i.value
  ORDER BY 3, 4, 1, 2
  ON CONFLICT (facet, value, access, access_groups)
  DO UPDATE SET entries = t.entries + EXCLUDED.entries;
"""  # noqa: S608 - names from this module, no input
PAIRS_SELECT = f"""
  SELECT r.access, r.access_groups, i.facet, i.value, o.facet, o.value,
         {{sign}}CAST(COUNT(*) AS integer)
  FROM {{source}} r {ITEMS_OF.format(alias="i")} {ITEMS_OF.format(alias="o")}
  WHERE i.facet <> o.facet OR (i.facet IN ('disciplines', 'audiences', 'topics')
                               AND i.value <> o.value)
  GROUP BY r.access, r.access_groups, i.facet, i.value, o.facet, o.value
"""  # noqa: S608 - names from this module, no input
PAIR_COLUMNS = "(access, access_groups, facet, value, other, other_value, entries)"
PAIRS = f"""
  INSERT INTO catalog_index_pair AS t {PAIR_COLUMNS}
  {PAIRS_SELECT}
  ORDER BY 3, 4, 5, 6, 1, 2
  ON CONFLICT (facet, value, other, other_value, access, access_groups)
  DO UPDATE SET entries = t.entries + EXCLUDED.entries;
"""
CHANGE = f"""
CREATE OR REPLACE FUNCTION catalog_index_tally_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A rebuild writes every row, then counts both tallies once (bulk_tallies).
  IF current_setting('catalog.bulk_index', true) = 'on' THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    {TALLY.format(sign="-", source="old_rows")}
    {PAIRS.format(sign="-", source="old_rows")}
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    {TALLY.format(sign="", source="new_rows")}
    {PAIRS.format(sign="", source="new_rows")}
  END IF;
  DELETE FROM catalog_index_tally WHERE entries = 0;
  DELETE FROM catalog_index_pair WHERE entries = 0;
  RETURN NULL;
END $$
"""  # noqa: S608 - names from this module, no input
# Migration 0012's function, for going back.
OLD_CHANGE = """
CREATE OR REPLACE FUNCTION catalog_index_tally_change() RETURNS trigger LANGUAGE plpgsql AS $$
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
"""
POSTGRES = [
    ITEMS,
    PAIR_TABLE,
    CHANGE,
    # The entries already indexed: their pairs.
    f"INSERT INTO catalog_index_pair {PAIR_COLUMNS} "
    + PAIRS_SELECT.format(sign="", source="catalog_index_entry"),
]
POSTGRES_REVERSE = [
    OLD_CHANGE,
    "DROP TABLE IF EXISTS catalog_index_pair",
    "DROP FUNCTION IF EXISTS catalog_index_items(text, text, text, integer, smallint, integer[],"
    " integer[], integer[])",
]


def run(statements: list[str]):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("catalog", "0017_podcast_identity_and_price")]

    operations = [migrations.RunPython(run(POSTGRES), run(POSTGRES_REVERSE))]
