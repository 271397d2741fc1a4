"""Haystack engine for Vietnamese; the search issue (#4) builds it out."""

from haystack.backends.whoosh_backend import WhooshEngine


class VietnameseWhooshEngine(WhooshEngine):
    pass
