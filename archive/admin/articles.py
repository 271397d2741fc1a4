"""Articles in the admin: read-only text, its links edited inline."""

from django import forms
from django.contrib import admin
from django.db import transaction
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from archive import curation
from archive.admin.shared import ChoiceLabels, LinesField, found_as
from archive.models import (
    Article,
    DirectiveMention,
    Method,
    OrganizationMention,
    PersonMention,
    ProvinceMention,
    Source,
)


class _CombiningFormSet(forms.BaseInlineFormSet):
    """Two rows naming one entity are combined on save (curation.save_article_links),
    not refused as duplicates."""

    def validate_unique(self):
        pass


class _MentionInline(ChoiceLabels, admin.TabularInline):
    formset = _CombiningFormSet
    extra = 0
    show_change_link = False
    readonly_fields = ["found_as", "sentence_shown", "method_shown", "move_link"]
    entity_field = ""

    def get_fields(self, request, obj=None):
        return [
            self.entity_field,
            *self.editable_extra,
            "found_as",
            "sentence_shown",
            "method_shown",
            "move_link",
        ]

    editable_extra = []

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article", self.entity_field)

    @admin.display(description=gettext_lazy("chữ trong bài"))
    def found_as(self, obj):
        return found_as(obj) if obj.pk else "—"

    @admin.display(description=gettext_lazy("câu trích"))
    def sentence_shown(self, obj):
        return format_html('<span class="curation-sentence">{}</span>', obj.sentence or "—")

    @admin.display(description=gettext_lazy("cách nhận ra"))
    def method_shown(self, obj):
        if not obj.pk:
            return "—"
        return format_html(
            '<span class="method method-{}">{}</span>', obj.method, obj.get_method_display()
        )

    @admin.display(description=gettext_lazy("chuyển"))
    def move_link(self, obj):
        if not obj.pk:
            return ""
        opts = obj._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_relink", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Chuyển sang mục khác…"))


class _PersonMentionForm(forms.ModelForm):
    positions = LinesField(label=gettext_lazy("chức danh (mỗi dòng một)"), required=False)

    class Meta:
        model = PersonMention
        fields = ["person", "positions"]


class PersonMentionInline(_MentionInline):
    model = PersonMention
    form = _PersonMentionForm
    entity_field = "person"
    editable_extra = ["positions"]
    autocomplete_fields = ["person"]


class OrganizationMentionInline(_MentionInline):
    model = OrganizationMention
    entity_field = "organization"
    autocomplete_fields = ["organization"]


class DirectiveMentionInline(_MentionInline):
    model = DirectiveMention
    entity_field = "directive"
    autocomplete_fields = ["directive"]


class ProvinceMentionInline(_MentionInline):
    model = ProvinceMention
    entity_field = "province"
    autocomplete_fields = ["province"]


class CuratedFilter(admin.SimpleListFilter):
    title = gettext_lazy("biên tập viên đã sửa")
    parameter_name = "curated"

    def lookups(self, request, model_admin):
        return [("yes", _("có")), ("no", _("chưa"))]

    def queryset(self, request, queryset):
        if self.value() not in ("yes", "no"):
            return queryset
        curated = Q()
        for mention_model in curation.MENTION_FIELD:
            curated |= Q(
                Exists(mention_model.objects.filter(article=OuterRef("pk"), method=Method.CURATOR))
            )
        return queryset.filter(curated) if self.value() == "yes" else queryset.exclude(curated)


# A captured page's facts, read-only: they are what the capture said.
_CAPTURE_FIELDS = ["original_url", "canonical_url", "captured_at", "captured_at_kind", "host"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["label", "published", "source", "people", "directives"]
    list_filter = [CuratedFilter, "source", "parser_version"]
    date_hierarchy = "published"
    search_fields = ["title", "lead", "source_path", "canonical_url"]
    list_select_related = ["source"]
    inlines = [
        PersonMentionInline,
        DirectiveMentionInline,
        OrganizationMentionInline,
        ProvinceMentionInline,
    ]
    readonly_fields = [
        "title",
        "published",
        "source",
        "authors_shown",
        "lead",
        "text_shown",
        "captions_shown",
        "source_path",
        "raw_link",
        "parser_version",
        "imported_at",
        "updated_at",
        *_CAPTURE_FIELDS,
    ]
    fieldsets = [
        (None, {"fields": ["title", "published", "source", "authors_shown"]}),
        (
            gettext_lazy("Nội dung"),
            {"fields": ["lead", "text_shown", "captions_shown"], "classes": ["collapse"]},
        ),
        (
            gettext_lazy("Nguồn gốc"),
            {
                "fields": [
                    "source_path",
                    "raw_link",
                    "parser_version",
                    "imported_at",
                    "updated_at",
                    *_CAPTURE_FIELDS,
                ],
                "classes": ["collapse"],
            },
        ),
    ]

    class Media:
        css = {"all": ["css/curation.css"]}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                n_people=Coalesce(
                    Subquery(
                        PersonMention.objects.filter(article=OuterRef("pk"))
                        .values("article")
                        .annotate(n=Count("id"))
                        .values("n"),
                        output_field=IntegerField(),
                    ),
                    0,
                ),
                n_directives=Coalesce(
                    Subquery(
                        DirectiveMention.objects.filter(article=OuterRef("pk"))
                        .values("article")
                        .annotate(n=Count("id"))
                        .values("n"),
                        output_field=IntegerField(),
                    ),
                    0,
                ),
            )
        )

    def has_add_permission(self, request):
        return False  # articles come from import_articles

    @admin.display(description=gettext_lazy("bài báo"), ordering="title")
    def label(self, obj):
        return obj.label

    @admin.display(description=gettext_lazy("nhân vật"), ordering="n_people")
    def people(self, obj):
        return obj.n_people

    @admin.display(description=gettext_lazy("văn bản"), ordering="n_directives")
    def directives(self, obj):
        return obj.n_directives

    @admin.display(description=gettext_lazy("tác giả"))
    def authors_shown(self, obj):
        return ", ".join(obj.authors) or "—"

    @admin.display(description=gettext_lazy("đoạn văn"))
    def text_shown(self, obj):
        return format_html_join("", "<p>{}</p>", ((p,) for p in obj.paragraphs))

    @admin.display(description=gettext_lazy("chú thích ảnh"))
    def captions_shown(self, obj):
        return format_html_join("", "<p><em>{}</em></p>", ((c,) for c in obj.captions)) or "—"

    @admin.display(description=gettext_lazy("văn bản gốc"))
    def raw_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("archive:article_raw", args=[obj.pk]),
            _("Xem văn bản gốc"),
        )

    def save_related(self, request, form, formsets, change):
        """All the link rows of one save in one curation, so search re-indexes once."""
        form.save_m2m()
        changed, deleted = [], []
        for formset in formsets:
            changed += formset.save(commit=False)
            deleted += formset.deleted_objects
        if changed or deleted:
            curation.save_article_links(article=form.instance, changed=changed, deleted=deleted)

    def delete_model(self, request, obj):
        pk = obj.pk
        with transaction.atomic():
            super().delete_model(request, obj)
            curation.notify_changed([], removed_ids=[pk])

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            ids = list(queryset.values_list("pk", flat=True))
            super().delete_queryset(request, queryset)
            curation.notify_changed([], removed_ids=ids)


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "articles"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_articles=Count("articles"))

    @admin.display(description=gettext_lazy("số bài"), ordering="n_articles")
    def articles(self, obj):
        return obj.n_articles

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        curation.notify_changed(obj.articles.values_list("pk", flat=True))
