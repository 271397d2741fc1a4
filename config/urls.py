from django.contrib import admin
from django.urls import include, path

from config import views

urlpatterns = [
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("", include("search.urls")),
    path("", include("archive.urls")),
]

handler500 = "config.views.server_error"
