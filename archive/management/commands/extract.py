"""Show what the importer would store for one file, without storing anything.

`manage.py extract FILE --json` is a stable interface for scripts: its keys are title,
published, source, authors, lead, paragraphs, captions, persons, organizations,
directives, provinces; a saved web page (.html) adds original_url, canonical_url,
captured_at, captured_at_kind and host. Each person has name, positions (current titles as
written), former (titles marked past, the mark left out), offices (each title resolved:
office, kind, organization, province, former, events) and mentions.
"""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from archive import pipeline


def processed_as_json(processed):
    parsed = processed.parsed
    return {
        "title": parsed.title or None,
        "published": parsed.published.isoformat() if parsed.published else None,
        "source": parsed.source or None,
        "authors": parsed.authors,
        "lead": parsed.lead,
        "paragraphs": parsed.paragraphs,
        "captions": parsed.captions,
        **processed.entities.as_json(),
        **_capture_as_json(processed.capture),
    }


def _capture_as_json(capture):
    if capture is None:
        return {}
    return {
        "original_url": capture.original_url or None,
        "canonical_url": capture.canonical_url or None,
        "captured_at": capture.captured_at.isoformat() if capture.captured_at else None,
        "captured_at_kind": capture.captured_at_kind,
        "host": capture.host or None,
    }


class Command(BaseCommand):
    help = "Print what import_articles would store for one file (nothing is stored)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="A .txt article file or a saved .html/.htm page.")
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")

    def handle(self, *args, file, json: bool, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file")
        if pipeline.kind_of_path(path) == "warc":
            raise CommandError(
                f"{file}: a WARC file holds many pages; import it with import_articles, "
                "or extract one page saved as .html"
            )
        result = pipeline.process_file(path, max_bytes=settings.ARCHIVE_MAX_FILE_BYTES)
        if isinstance(result, pipeline.Failure):
            raise CommandError(f"{result.path}: {result.reason}")
        data = processed_as_json(result)
        if json:
            self.stdout.write(_dumps(data))
            return
        for key, value in data.items():
            if isinstance(value, list):
                self.stdout.write(f"{key}:")
                for item in value:
                    self.stdout.write(f"  - {_dumps(item) if isinstance(item, dict) else item}")
            else:
                self.stdout.write(f"{key}: {value}")


def _dumps(value):
    return json.dumps(value, ensure_ascii=False, indent=None)
