"""The English interface is whole: every Vietnamese string has its English, none fuzzy, and
the compiled catalogue (django.mo) says what the source (django.po) says."""

import json
import re
from pathlib import Path

from django.utils import translation

PO = Path(__file__).resolve().parent.parent / "locale" / "en" / "LC_MESSAGES" / "django.po"
_ENTRY = re.compile(
    r'^(?:msgctxt "(.*)"\n)?msgid ((?:".*"\n)+)(msgid_plural (?:".*"\n)+)?'
    r'(?:msgstr ((?:".*"\n)+))?',
    re.M,
)


def _text(lines):
    # PO's escapes (\" \\ \n \t) are JSON's.
    return "".join(json.loads(f'"{part}"') for part in re.findall(r'"(.*)"', lines or ""))


def _entries():
    po = PO.read_text(encoding="utf-8")
    for context, msgid, plural, msgstr in _ENTRY.findall(po):
        if _text(msgid):
            yield context, msgid, plural, msgstr


def test_every_string_is_translated_and_none_is_fuzzy():
    assert "#, fuzzy" not in PO.read_text(encoding="utf-8")
    untranslated = [
        _text(msgid) for _c, msgid, plural, msgstr in _entries() if not plural and not _text(msgstr)
    ]
    assert untranslated == []


def test_the_compiled_catalogue_matches_its_source():
    with translation.override("en"):
        stale = [
            _text(msgid)
            for context, msgid, plural, msgstr in _entries()
            if not plural
            and (
                translation.pgettext(context, _text(msgid))
                if context
                else translation.gettext(_text(msgid))
            )
            != _text(msgstr)
        ]
    assert stale == []
