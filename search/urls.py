from django.urls import path

from . import api, api_offices, views

app_name = "search"

urlpatterns = [
    path("search/", views.search_page, name="page"),
    path("api/search", api.search, name="api_search"),
    path("api/articles/<int:pk>", api.article, name="api_article"),
    path("api/persons/<slug:slug>", api.person, name="api_person"),
    path("api/organizations/<slug:slug>", api.organization, name="api_organization"),
    path("api/directives/<slug:slug>", api.directive, name="api_directive"),
    path("api/provinces/<slug:slug>", api.province, name="api_province"),
    path("api/offices", api_offices.offices, name="api_offices"),
    path("api/offices/<slug:slug>", api_offices.office, name="api_office"),
    path("api/<path:rest>", api.not_found, name="api_not_found"),
]
