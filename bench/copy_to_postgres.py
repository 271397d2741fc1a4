"""Copy an SQLite archive's tables into a migrated PostgreSQL database, for benchmarks.

    DATABASE_URL=postgres://... .venv/bin/python bench/copy_to_postgres.py var/archive.sqlite3

The PostgreSQL database must be migrated and its archive tables empty. Columns the SQLite
archive lacks (an older schema) take their model default. Sequences are set past the ids.
"""

import argparse
import io
import os
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from django.apps import apps  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import NOT_PROVIDED  # noqa: E402

TABLES = [
    "Source",
    "Person",
    "Province",
    "Organization",
    "Directive",
    "Article",
    "PersonMention",
    "OrganizationMention",
    "DirectiveMention",
    "ProvinceMention",
    "RejectedLink",
]


def _copy_value(value):
    if value is None:
        return "\\N"
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def copy_table(source, model):
    table = model._meta.db_table
    have = {row[1] for row in source.execute(f"PRAGMA table_info({table})")}
    fields = [f for f in model._meta.concrete_fields]
    columns = [f.column for f in fields]
    select = ", ".join(c if c in have else "NULL" for c in columns)
    defaults = [
        None if f.column in have or f.default is NOT_PROVIDED else f.get_default() for f in fields
    ]
    count = 0
    with connection.cursor() as cursor:
        raw = cursor.connection
        with raw.cursor().copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            buffer = io.StringIO()
            for row in source.execute(f"SELECT {select} FROM {table}"):
                values = [
                    d if d is not None and v is None else v
                    for v, d in zip(row, defaults, strict=True)
                ]
                buffer.write("\t".join(_copy_value(v) for v in values) + "\n")
                count += 1
                if buffer.tell() > 1 << 22:
                    copy.write(buffer.getvalue())
                    buffer = io.StringIO()
            copy.write(buffer.getvalue())
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"COALESCE((SELECT MAX(id) FROM {table}), 1))"
        )
    return count


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sqlite", help="The SQLite archive (archive.sqlite3).")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        parser.error("DATABASE_URL (or the settings) must point at PostgreSQL")
    source = sqlite3.connect(args.sqlite)
    for name in TABLES:
        started = time.monotonic()
        n = copy_table(source, apps.get_model("archive", name))
        print(f"{name}: {n} rows in {time.monotonic() - started:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


if __name__ == "__main__":
    main()
