"""The admin site, with autocomplete labels that tell apart entities sharing a name.

Django's autocomplete shows str(obj); two directives with one symbol ("Kết luận 21-KL/TW"
of two terms) would read the same, so a model's choice_label is shown where it has one.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.views.autocomplete import AutocompleteJsonView


def choice_label(obj):
    return getattr(obj, "choice_label", None) or str(obj)


class _AutocompleteJsonView(AutocompleteJsonView):
    def serialize_result(self, obj, to_field_name):
        return {**super().serialize_result(obj, to_field_name), "text": choice_label(obj)}


class ArchiveAdminSite(admin.AdminSite):
    def autocomplete_view(self, request):
        return _AutocompleteJsonView.as_view(admin_site=self)(request)


class ArchiveAdminConfig(AdminConfig):
    default_site = "config.admin.ArchiveAdminSite"
