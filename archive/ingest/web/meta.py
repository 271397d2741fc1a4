"""What a page says about itself: JSON-LD, Open Graph and meta tags, <h1>, <time>, the
canonical link and figure captions."""

import json
import re
from datetime import UTC, date, datetime, timedelta, timezone
from urllib.parse import urljoin, urlsplit

from courlan import normalize_url

from archive.text import fold_diacritics

_ARTICLE_TYPES = {
    "NewsArticle",
    "Article",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "BlogPosting",
    "WebPage",
}
# Vietnamese sites write their times in UTC+7; a date given in UTC ("...T17:30:00Z") is the
# next day there.
_VIETNAM = timezone(timedelta(hours=7))
_ISO_DATE = re.compile(r"((?:19|20)\d\d)-(\d\d)-(\d\d)")
_SEPARATORS = re.compile(r"\s+[-|–—:»]+\s+")
_OUTLET_WORDS = re.compile(r"^(?:báo|tạp chí|đài|cổng thông tin|trang tin|thông tấn)\b", re.I)
_DOMAIN = re.compile(r"^[\w-]+(?:\.[\w-]+)*\.(?:vn|com|net|org|info)$", re.I)
_CAPTION_XPATH = (
    "//figcaption | //*[contains(concat(' ', normalize-space(@class), ' '), ' caption ')]"
    " | //*[contains(@class, 'image-caption') or contains(@class, 'PhotoCMS_Caption')]"
)

_SAPO = re.compile(r"sapo|chapeau|lead|summary|description|intro", re.I)


def tidy(text):
    return " ".join((text or "").split())


def meta_tags(tree):
    """property/name/itemprop -> content, the first of each, keys lower-cased."""
    found = {}
    for node in tree.iter("meta"):
        key = node.get("property") or node.get("name") or node.get("itemprop")
        content = tidy(node.get("content"))
        if key and content:
            found.setdefault(key.lower(), content)
    return found


def json_ld(tree):
    """The page's article object from its JSON-LD (NewsArticle, Article...), or {}."""
    items = []
    for node in tree.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(node.text or "", strict=False)
        except ValueError:  # sites ship broken JSON-LD; the other sources still speak
            continue
        items.extend(_flatten(data))
    ranked = [i for i in items if _types(i) & _ARTICLE_TYPES]
    ranked.sort(key=lambda i: "WebPage" in _types(i))  # WebPage only when nothing better
    website = next((i for i in items if "WebSite" in _types(i)), {})
    article = dict(ranked[0]) if ranked else {}
    if website.get("name") and not article.get("publisher"):
        article["publisher"] = {"name": website["name"]}
    return article


def declared_article(tags, ld):
    """True if the page says it is an article (JSON-LD, og:type, article:published_time),
    False if it says it is something else (og:type "website": a home or section page),
    None if it says nothing."""
    if _types(ld) & (_ARTICLE_TYPES - {"WebPage"}) or "article:published_time" in tags:
        return True
    kind = tags.get("og:type", "").lower()
    if kind:
        return kind == "article"
    return None


def _flatten(data):
    if isinstance(data, list):
        return [item for entry in data for item in _flatten(entry)]
    if not isinstance(data, dict):
        return []
    return [data, *_flatten(data.get("@graph", []))]


def _types(item):
    kind = item.get("@type", [])
    return set(kind if isinstance(kind, list) else [kind])


def names_of(value):
    """Names in a JSON-LD author/publisher value: a string, {"name": ...} or a list."""
    if isinstance(value, list):
        return [name for entry in value for name in names_of(entry)]
    if isinstance(value, dict):
        return names_of(value.get("name", ""))
    if isinstance(value, str):
        return [tidy(part) for part in re.split(r"\s*[,;]\s*|\s+[-–]\s+", value) if tidy(part)]
    return []


def headline(tree, meta, ld, site):
    """The headline, without the site name a <title> or og:title appends to it."""
    candidates = [
        meta.get("og:title", ""),
        *(node.text_content() for node in tree.iter("h1")),
        # Some sites cut JSON-LD headlines to 110 characters: after og:title and <h1>.
        ld.get("headline") if isinstance(ld.get("headline"), str) else "",
        meta.get("twitter:title", ""),
        next((node.text_content() for node in tree.iter("title")), ""),
    ]
    for text in candidates:
        text = _without_site(tidy(text), site)
        # Whole, only the site's own name is no headline: "Báo chí cách mạng" may be one.
        if text and not _DOMAIN.match(text) and not _same(text, site):
            return text
    return ""


def _same(text, site):
    return bool(site) and fold_diacritics(text).lower() == fold_diacritics(site).lower()


def _without_site(text, site):
    parts = _SEPARATORS.split(text)
    while len(parts) > 1 and is_site(parts[-1], site):
        parts.pop()
        text = text[: text.rfind(parts[-1]) + len(parts[-1])]
    return text


def is_site(text, site):
    """Text that names a site: the site's name, a domain, or "Báo …", "Tạp chí …" in a few
    words (as a <title> appends it after a dash)."""
    if _same(text, site):
        return True
    return bool(_DOMAIN.match(text)) or (
        bool(_OUTLET_WORDS.match(text)) and len(text.split()) <= 6 and not text.endswith(".")
    )


def published(tree, meta, ld):
    """The publication date: JSON-LD, then article:published_time and its kin, then <time>."""
    values = [
        ld.get("datePublished"),
        meta.get("article:published_time"),
        meta.get("og:published_time"),
        meta.get("datepublished"),
        meta.get("pubdate"),
        meta.get("publishdate"),
        *(node.get("datetime") for node in tree.iter("time")),
    ]
    for value in values:
        found = iso_date(value) if isinstance(value, str) else None
        if found:
            return found
    return None


def iso_date(value):
    """The date an ISO 8601 value names in Vietnam ("2018-10-02T20:00:00Z" -> 3 October)."""
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        match = _ISO_DATE.search(value)
        if not match:
            return None
        try:
            return date(*map(int, match.groups()))
        except ValueError:
            return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(_VIETNAM)
    return moment.date()


def canonical(tree, meta, url):
    """The canonical URL (link rel=canonical, og:url, the URL itself), normalised."""
    for candidate in (
        *(n.get("href") for n in tree.xpath("//link[@rel='canonical']")),
        meta.get("og:url"),
        url,
    ):
        if candidate and candidate.strip():
            return normalised(urljoin(url or "", candidate.strip()))
    return ""


def normalised(url):
    """Host lower-cased, fragment and tracking parameters (utm_...) dropped."""
    if not urlsplit(url).netloc:
        return url
    try:
        return normalize_url(url, strict=True)
    except ValueError:
        return url


def host_of(url):
    return (urlsplit(url).hostname or "").removeprefix("www.")


def take_captions(tree):
    """Texts of the figure captions, each taken out of the tree (captions are not paragraphs)."""
    captions = []
    for node in tree.xpath(_CAPTION_XPATH):
        if node.getparent() is None:  # inside a caption already taken
            continue
        text = tidy(node.text_content())
        if text and text not in captions:
            captions.append(text)
        node.drop_tree()
    return captions


def sapo(tree):
    """The lead as the page marks it (class "sapo", "lead", "summary"...): sites put it
    above the text's container, where main-text extraction leaves it out."""
    for node in tree.xpath("//body//*[@class or @id]"):
        if not _SAPO.search(f"{node.get('class', '')} {node.get('id', '')}"):
            continue
        text = tidy(node.text_content())
        if len(text.split()) >= 12:
            return text
    return ""


def file_time(stat):
    """A file's modification time, as an aware datetime."""
    return datetime.fromtimestamp(stat.st_mtime, tz=UTC)
