"""Curators correct the directive registry: add a relation the rules missed, reject one the
text does not state (it stays rejected when rebuild_registry runs again)."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from archive.models import DirectiveFact, DirectiveRelation, Method


@admin.register(DirectiveRelation)
class DirectiveRelationAdmin(admin.ModelAdmin):
    list_display = ["source", "kind", "target", "article", "method", "rejected"]
    list_filter = ["kind", "method", "rejected"]
    search_fields = ["source__key", "target__key", "sentence"]
    autocomplete_fields = ["source", "target"]
    raw_id_fields = ["article"]
    list_select_related = ["source", "target", "article"]
    readonly_fields = ["method"]
    actions = ["reject", "restore"]

    def save_model(self, request, obj, form, change):
        obj.method = Method.CURATOR  # rebuild_registry leaves a curator's relation as it is
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Bác bỏ: bài không nói như vậy"))
    def reject(self, request, queryset):
        self._mark(request, queryset, rejected=True)

    @admin.action(description=_("Khôi phục các quan hệ đã bác bỏ"))
    def restore(self, request, queryset):
        self._mark(request, queryset, rejected=False)

    def _mark(self, request, queryset, *, rejected):
        for relation in queryset:
            relation.rejected, relation.method = rejected, Method.CURATOR
            relation.save(update_fields=["rejected", "method"])
            self.log_change(request, relation, [{"changed": {"fields": ["rejected"]}}])
        count = queryset.count()
        message = ngettext("Đã sửa %(n)s quan hệ.", "Đã sửa %(n)s quan hệ.", count) % {"n": count}
        self.message_user(request, message, messages.SUCCESS)


@admin.register(DirectiveFact)
class DirectiveFactAdmin(admin.ModelAdmin):
    list_display = ["directive", "kind", "value", "article"]
    list_filter = ["kind"]
    search_fields = ["directive__key", "value"]
    autocomplete_fields = ["directive"]
    raw_id_fields = ["article"]
    list_select_related = ["directive", "article"]
