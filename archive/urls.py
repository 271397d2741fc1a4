from django.urls import path

from . import views
from .views import network

app_name = "archive"

urlpatterns = [
    path("", views.home, name="home"),
    path("articles/", views.article_list, name="articles"),
    path("articles/<int:pk>/", views.article_detail, name="article"),
    path("articles/<int:pk>/raw/", views.article_raw, name="article_raw"),
    path("articles/<int:pk>/captures/<int:capture_pk>/", views.capture_page, name="capture"),
    path(
        "articles/<int:pk>/captures/<int:capture_pk>/rendering/",
        views.capture_rendering,
        name="capture_rendering",
    ),
    path(
        "articles/<int:pk>/captures/<int:capture_pk>/source/",
        views.capture_source,
        name="capture_source",
    ),
    path("people/", views.person_index, name="people"),
    path("people/<slug:slug>/", views.person_detail, name="person"),
    path("organizations/", views.organization_index, name="organizations"),
    path("organizations/<slug:slug>/", views.organization_detail, name="organization"),
    path("directives/", views.directive_index, name="directives"),
    path("directives/<slug:slug>/", views.directive_detail, name="directive"),
    path("offices/", views.office_index, name="offices"),
    path("offices/<slug:slug>/", views.office_detail, name="office"),
    path("provinces/", views.province_index, name="provinces"),
    path("provinces/<slug:slug>/", views.province_detail, name="province"),
]
urlpatterns += network.urlpatterns
