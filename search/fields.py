"""Haystack fields whose field_type tells search/backend.py which Vietnamese field to build."""

from haystack import indexes


class _IndexedText(indexes.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("stored", False)
        kwargs.setdefault("default", "")
        super().__init__(**kwargs)


class ExactTextField(_IndexedText):
    """Words and syllables as spelt; the value is a stored segmentation (Article.segmented)."""

    field_type = "vi_exact"


class FoldedTextField(_IndexedText):
    """Syllables without diacritics, with positions; the value is a stored segmentation."""

    field_type = "vi_folded"


class PairTextField(_IndexedText):
    """Folded syllable pairs inside words; the value is a stored segmentation."""

    field_type = "vi_pairs"


class TitleTextField(_IndexedText):
    """A headline's syllables and syllable pairs; the value is the headline's stored words."""

    field_type = "vi_title"


class WholeValuesField(indexes.MultiValueField):
    """Values matched and counted whole (slugs, years): filters and facets, never words."""

    field_type = "whole_values"

    def __init__(self, **kwargs):
        kwargs.setdefault("stored", False)
        kwargs.setdefault("default", [])
        super().__init__(**kwargs)


class StoredField(indexes.CharField):
    """Kept with the document for showing results; not searchable."""

    field_type = "stored"

    def __init__(self, **kwargs):
        kwargs.setdefault("indexed", False)
        super().__init__(**kwargs)
