"""Punctuation the line readers share: the dashes writers use, what ends a sentence."""

_DASH = "-–—"


def _ends_sentence(text):
    return text.rstrip("\"'”’»)]").endswith((".", "!", "?", "…", ":", ";"))
