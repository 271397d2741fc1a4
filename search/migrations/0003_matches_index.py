"""search_document_matches: beside the RUM index, a GIN index of the terms for finding the
matches (schema._TERMS_INDEXES says why and what it saved). Nothing on SQLite, nor where the
terms index is GIN already."""

from django.db import migrations


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        from search.engines.postgres import schema

        schema.add_matches_index(schema_editor.connection)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("DROP INDEX IF EXISTS search_document_matches")


class Migration(migrations.Migration):
    dependencies = [("search", "0002_document_host")]
    operations = [migrations.RunPython(forward, backward)]
