"""The PostgreSQL engine's tables (search/engines/postgres/schema.py); nothing on SQLite."""

from django.db import migrations


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        from search.engines.postgres import schema

        schema.create(schema_editor.connection)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        from search.engines.postgres import schema

        schema.drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("archive", "0003_revision_indexdebt")]
    operations = [migrations.RunPython(forward, backward)]
