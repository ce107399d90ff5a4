"""PostgreSQL only: a text search configuration per content language besides French
(pages 0004 made "french_unaccent"): Dutch, German and English stemming after removing
accents. pages.search_backend indexes each page with its language's configuration. A no-op
on SQLite."""

from django.db import migrations

LANGUAGES = {"dutch_unaccent": "dutch", "german_unaccent": "german", "english_unaccent": "english"}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent;")
    for name, base in LANGUAGES.items():
        schema_editor.execute(
            f"""
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '{name}') THEN
    CREATE TEXT SEARCH CONFIGURATION {name} (COPY = pg_catalog.{base});
    ALTER TEXT SEARCH CONFIGURATION {name}
      ALTER MAPPING FOR hword, hword_part, word WITH unaccent, {base}_stem;
  END IF;
END
$$;
"""
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in LANGUAGES:
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name};")


class Migration(migrations.Migration):
    dependencies = [("pages", "0009_translatable_required")]

    operations = [migrations.RunPython(create, drop)]
