"""Captured web pages: an HTML document to the parsed article and the facts of its capture.

The page's own metadata (JSON-LD, Open Graph, meta tags, <h1>, <time>, figcaptions) gives
headline, date, authors, outlet and captions; trafilatura finds the main text, and the
raw-page rules of archive/ingest/parse (furniture, bylines, date lines, captions) clean
what it returns. warc.py reads WARC files into the same pages.
"""

import codecs
import hashlib
import logging
import re
import unicodedata
import zlib
from base64 import b32encode
from dataclasses import dataclass
from datetime import datetime

import lxml.html
import trafilatura
from trafilatura.settings import Extractor

from archive.ingest import InputError, ParsedArticle
from archive.ingest.parse import parse_page_lines
from archive.ingest.parse.bylines import _names
from archive.ingest.parse.furniture import _photo_marker
from archive.ingest.parse.sources import outlet_of_host
from archive.ingest.read import _as_vietnamese_cp1258
from archive.text import fold_diacritics

from . import meta

WARC_DATE = "warc"
FILE_TIME = "file"

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.I)
# Not article text whatever trafilatura thinks: forms (comment boxes), asides, navigation.
_PRUNE = ["//form", "//nav", "//aside", "//footer", "//iframe", "//*[@id='comments']"]
# Built once: making trafilatura's options costs a tenth of its extraction. fast: its
# fallback extractors (readability, jusText) doubled the time and found no more here.
# precision: no baseline rescue nor recall retry for a short text, which ran on most short
# corpus articles; on 300 of them in the layouts of tests/pages.py it took a page from 7.8
# to 2.7 ms and gave the text file's paragraphs for 264 pages instead of 258.
_OPTIONS = Extractor(output_format="python", fast=True, precision=True, comments=False, tables=True)
# trafilatura warns on stderr of each page it finds no text in ("discarding data: None");
# the importer reports those pages itself, with the file name.
logging.getLogger("trafilatura").setLevel(logging.ERROR)
# Dropped from a structured author list: the outlet itself or a role, not a person.
_NOT_AUTHOR = re.compile(r"^(?:admin|ban biên tập|bbt|pv|phóng viên|nhóm pv|ctv)$", re.I)


class NotAnArticle(InputError):
    """A page that is no article: a home, section, tag or search page of a crawl."""


@dataclass
class Capture:
    """How and when a page was captured, and the page itself as captured (compressed)."""

    original_url: str
    canonical_url: str
    captured_at: datetime | None
    captured_at_kind: str  # WARC_DATE or FILE_TIME
    host: str
    payload_digest: str  # "sha1:BASE32", as WARC-Payload-Digest writes it
    compressed: bytes  # zlib of the HTML bytes exactly as captured
    record_offset: int | None = None  # where the record starts in its WARC file
    size: int = 0  # bytes of the HTML as captured


@dataclass
class Page:
    parsed: ParsedArticle
    text: str  # the text read from the page: headline and the main text's lines
    capture: Capture


def payload_digest(data):
    return "sha1:" + b32encode(hashlib.sha1(data).digest()).decode("ascii")


def read_page(
    data, *, url="", charset="", captured_at=None, kind=FILE_TIME, digest="", record_offset=None
):
    """Page for the HTML bytes of one capture; InputError if there is no article text."""
    text = decode(data, charset)
    try:
        tree = lxml.html.document_fromstring(text)
    except (ValueError, lxml.etree.ParserError) as error:
        raise InputError(f"not an HTML page ({error})") from None
    url = url or _saved_from(text)
    parsed, lines, canonical = extract(tree, url=url)
    capture = Capture(
        original_url=url,
        canonical_url=canonical,
        captured_at=captured_at,
        captured_at_kind=kind,
        host=meta.host_of(canonical or url),
        payload_digest=digest or payload_digest(data),
        compressed=zlib.compress(data, 6),
        record_offset=record_offset,
        size=len(data),
    )
    return Page(parsed=parsed, text="\n\n".join([parsed.title, *lines]).strip(), capture=capture)


def extract(tree, *, url=""):
    """(ParsedArticle, the main text's lines, canonical URL) of a parsed HTML tree."""
    tags, ld = meta.meta_tags(tree), meta.json_ld(tree)
    canonical = meta.canonical(tree, tags, url)
    host = meta.host_of(canonical or url)
    site = tags.get("og:site_name") or next(iter(meta.names_of(ld.get("publisher"))), "")
    outlet = site or outlet_of_host(host)
    title = meta.headline(tree, tags, ld, site or outlet)
    article = ParsedArticle(title=title, published=meta.published(tree, tags, ld))
    figure_captions = meta.take_captions(tree)
    lead = meta.sapo(tree)
    document = trafilatura.bare_extraction(tree, prune_xpath=_PRUNE, options=_OPTIONS)
    body = (document.text if document is not None else "") or ""
    lines = [meta.tidy(line) for line in body.split("\n")]
    lines = [line for line in lines if line and line != title]
    if lead and lead not in lines[:3]:
        lines.insert(0, lead)
    if not lines:
        raise InputError("no article text in the page")
    parse_page_lines(lines, article)
    declared = meta.declared_article(tags, ld)
    if declared is False:
        raise NotAnArticle(f"not an article page (og:type {tags['og:type']})")
    if declared is None and not _running_text(article):
        raise NotAnArticle("not an article page (no paragraph of running text)")
    captions = [c for c in (_caption(text) for text in figure_captions) if c]
    article.captions = [*captions, *(c for c in article.captions if c not in captions)]
    structured = _authors(meta.names_of(ld.get("author")), outlet) or _authors(
        meta.names_of(tags.get("author", "")), outlet
    )
    if structured:
        article.authors = structured
    article.source = outlet or article.source
    return article, lines, canonical


def _running_text(article):
    """A page that declares nothing is an article if it has running text: a part of 25
    words or more, 50 in all (a section page's lines are headlines of a dozen words)."""
    sizes = [len(part.split()) for part in (article.lead, *article.paragraphs)]
    return max(sizes, default=0) >= 25 and sum(sizes) >= 50


def _caption(text):
    """A figcaption's text without its photo credit ("... Ảnh: Minh Thùy"); "" for a credit."""
    found = _photo_marker(text)
    return text if found is None else found


def _authors(names, outlet):
    folded_outlet = fold_diacritics(outlet).lower()
    kept = []
    for name in names:
        if _NOT_AUTHOR.match(name) or fold_diacritics(name).lower() == folded_outlet:
            continue
        if meta.is_site(name, outlet) or not _names(name):
            continue
        if name not in kept:
            kept.append(name)
    return kept


def decode(data, charset=""):
    """The page's text: its BOM, the HTTP charset, <meta charset>, UTF-8, Windows-1258."""
    if not data.strip():
        raise InputError("empty page")
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    declared = charset or _declared(data[:4096])
    for codec in filter(None, (declared, "utf-8")):
        try:
            # NFC: Windows-1258 writes most tones as combining marks.
            return unicodedata.normalize("NFC", data.decode(codec))
        except (UnicodeDecodeError, LookupError):
            continue
    text = _as_vietnamese_cp1258(data)
    if text is None:
        raise InputError("not UTF-8 text (nor the charset the page declares)")
    return text


def _declared(head):
    match = _CHARSET.search(head)
    return match.group(1).decode("ascii").lower() if match else ""


def _saved_from(text):
    """The URL a browser's "Save page" wrote into the file: <!-- saved from url=(0042)... -->."""
    match = re.search(r"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->", text[:2048])
    return match.group(1) if match else ""
