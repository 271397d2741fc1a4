"""What a line near the top of a page is: a section label, a headline, or a lead opening
with its outlet or date."""

from .dates import _LEAD_DATE
from .furniture import _is_scene
from .sources import _strip_source


def _is_label(text):
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 3 and all(ch.isupper() for ch in letters)


def _could_be_headline(block):
    text = block.text
    return (
        block.words <= 35
        and not block.indented
        and not _opens_lead(text)
        and not _is_scene(block)
        and (not text.endswith((".", ":", ";", ",")) or text.endswith("..."))
    )


def _opens_lead(text):
    return _strip_source(text)[1] != "" or _LEAD_DATE.match(text) is not None
