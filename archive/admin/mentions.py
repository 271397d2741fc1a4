"""Mentions listed for review ("every link found by rule in 2022") and moved one by one."""

from django import forms
from django.contrib import admin
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy

from archive import curation
from archive.admin.moving import move_view
from archive.admin.shared import ChoiceLabels, LinesField, found_as
from archive.models import (
    DirectiveMention,
    OrganizationMention,
    PersonMention,
    ProvinceMention,
)


class MentionAdmin(ChoiceLabels, admin.ModelAdmin):
    list_filter = ["method"]
    list_select_related = True
    readonly_fields = ["article", "found_as", "sentence", "count", "spans", "method"]
    list_per_page = 50

    class Media:
        css = {"all": ["css/curation.css"]}

    def has_add_permission(self, request):
        return False  # links are added on their article's page

    @admin.display(description=gettext_lazy("chữ trong bài"))
    def found_as(self, obj):
        return found_as(obj)

    @admin.display(description=gettext_lazy("câu trích"))
    def sentence_short(self, obj):
        return obj.sentence[:160] + ("…" if len(obj.sentence) > 160 else "")

    def save_model(self, request, obj, form, change):
        curation.save_article_links(article=obj.article, changed=[obj])

    def delete_model(self, request, obj):
        curation.save_article_links(article=obj.article, changed=[], deleted=[obj])

    def delete_queryset(self, request, queryset):
        for mention in queryset.select_related("article"):
            curation.save_article_links(article=mention.article, changed=[], deleted=[mention])

    def response_change(self, request, obj):
        if not type(obj).objects.filter(pk=obj.pk).exists():  # folded into another link
            opts = obj._meta
            return HttpResponseRedirect(
                reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
            )
        return super().response_change(request, obj)

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<int:pk>/relink/",
                self.admin_site.admin_view(self.relink_view),
                name=f"{opts.app_label}_{opts.model_name}_relink",
            ),
            *super().get_urls(),
        ]

    def relink_view(self, request, pk):
        mentions = self.model.objects.filter(pk=pk).select_related("article")
        mention = get_object_or_404(mentions)
        return move_view(
            self, request, entity=curation.entity_of(mention), mentions=mentions, preselect=True
        )


def _mention_admin(model, entity_field, extra_fields=()):
    @admin.register(model)
    class _Admin(MentionAdmin):
        list_display = [entity_field, "article", "found_as", "sentence_short", "method"]
        search_fields = [f"{entity_field}__folded", f"{entity_field}__name", "article__title"]
        autocomplete_fields = [entity_field]
        fields = [
            entity_field,
            *extra_fields,
            "article",
            "found_as",
            "sentence",
            "count",
            "spans",
            "method",
        ]

    _Admin.__name__ = _Admin.__qualname__ = f"{model.__name__}Admin"
    return _Admin


class _PersonMentionAdminForm(forms.ModelForm):
    positions = LinesField(label=gettext_lazy("chức danh (mỗi dòng một)"), required=False)


PersonMentionAdmin = _mention_admin(PersonMention, "person", ["positions"])
PersonMentionAdmin.form = _PersonMentionAdminForm
OrganizationMentionAdmin = _mention_admin(OrganizationMention, "organization")
DirectiveMentionAdmin = _mention_admin(DirectiveMention, "directive")
ProvinceMentionAdmin = _mention_admin(ProvinceMention, "province")
