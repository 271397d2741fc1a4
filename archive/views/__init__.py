"""Reading pages: home, articles, the entity pages and their indexes."""

from archive.views.articles import article_detail, article_list, article_raw, home
from archive.views.captures import capture_page, capture_rendering, capture_source
from archive.views.entities import (
    directive_detail,
    organization_detail,
    person_detail,
    province_detail,
)
from archive.views.indexes import (
    directive_index,
    organization_index,
    person_index,
    province_index,
)
from archive.views.offices import office_detail, office_index

__all__ = [
    "article_detail",
    "article_list",
    "article_raw",
    "capture_page",
    "capture_rendering",
    "capture_source",
    "directive_detail",
    "directive_index",
    "home",
    "office_detail",
    "office_index",
    "organization_detail",
    "organization_index",
    "person_detail",
    "person_index",
    "province_detail",
    "province_index",
]
