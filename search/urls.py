from django.urls import path

from archive.kinds import KINDS

from . import api, api_offices, lookup_views, research_views, views
from .feeds import EntityFeed

app_name = "search"

urlpatterns = [
    path("search/", views.search_page, name="page"),
    path("lookup/", lookup_views.lookup_page, name="lookup"),
    path("trends/", research_views.trends_page, name="trends"),
    path("feeds/search", research_views.search_feed, name="search_feed"),
    path("api/search", api.search, name="api_search"),
    path("api/export", research_views.export_search, name="api_export"),
    path("api/lookup", lookup_views.api_lookup, name="api_lookup"),
    path("api/articles/<int:pk>", api.article, name="api_article"),
    path("api/persons/<slug:slug>", api.person, name="api_person"),
    path("api/organizations/<slug:slug>", api.organization, name="api_organization"),
    path("api/directives/<slug:slug>", api.directive, name="api_directive"),
    path("api/provinces/<slug:slug>", api.province, name="api_province"),
    path("api/offices", api_offices.offices, name="api_offices"),
    path("api/offices/<slug:slug>", api_offices.office, name="api_office"),
    path("api/<path:rest>", api.not_found, name="api_not_found"),
]
# Each entity page's feed and export sit under its own address: /people/<slug>/feed/.
for kind in KINDS:
    urlpatterns += [
        path(f"{kind.path}/<slug:slug>/feed/", EntityFeed(kind), name=f"{kind.name}_feed"),
        path(
            f"{kind.path}/<slug:slug>/export",
            research_views.export_entity,
            {"kind": kind.name},
            name=f"{kind.name}_export",
        ),
    ]
