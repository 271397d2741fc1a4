"""search_document.host: an article's web host beside its source, so the host facet and
filter read the index's own narrow rows (joining every match to archive_article for it cost
40 ms of a 240 ms page for "Đảng" on the corpus). Filled from the articles; nothing on
SQLite."""

from django.db import migrations


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        from search.engines.postgres import schema

        schema.add_host(schema_editor.connection)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("ALTER TABLE search_document DROP COLUMN IF EXISTS host")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_postgres_index"), ("archive", "0006_captures")]
    operations = [migrations.RunPython(forward, backward)]
