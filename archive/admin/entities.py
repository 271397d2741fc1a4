"""People, organisations, directives and provinces: accent-free search, merge, split."""

from django import forms
from django.contrib import admin, messages
from django.db.models import F, Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from archive import curation
from archive.admin.moving import MergeForm, move_view
from archive.admin.shared import LinesField, article_count, missing_rights, refusal
from archive.models import (
    Directive,
    Method,
    Organization,
    Person,
    Province,
    unique_slug,
)
from archive.text import fold_diacritics
from archive.text.symbols import canonical_symbol

# A mention's article, newest first as Article.Meta.ordering has it: undated last (PostgreSQL
# would put NULL first in descending order).
NEWEST_FIRST = (F("article__published").desc(nulls_last=True), "-article_id")


class ArticleCountFilter(admin.SimpleListFilter):
    title = gettext_lazy("số bài")
    parameter_name = "articles"
    _RANGES = {"0": (0, 0), "1": (1, 1), "2-5": (2, 5), "6+": (6, None)}

    def lookups(self, request, model_admin):
        return [
            ("0", _("không bài nào")),
            ("1", _("1 bài")),
            ("2-5", _("2–5 bài")),
            ("6+", _("từ 6 bài")),
        ]

    def queryset(self, request, queryset):
        if self.value() not in self._RANGES:
            return queryset
        low, high = self._RANGES[self.value()]
        queryset = queryset.filter(n_articles__gte=low)
        return queryset.filter(n_articles__lte=high) if high is not None else queryset


class HasAliasesFilter(admin.SimpleListFilter):
    title = gettext_lazy("tên gọi khác")
    parameter_name = "aliases"

    def lookups(self, request, model_admin):
        return [("yes", _("có")), ("no", _("không"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.exclude(aliases=[])
        if self.value() == "no":
            return queryset.filter(aliases=[])
        return queryset


class CuratedEntityFilter(admin.SimpleListFilter):
    title = gettext_lazy("biên tập viên đã sửa")
    parameter_name = "curated"

    def lookups(self, request, model_admin):
        return [("yes", _("có liên kết do biên tập viên")), ("no", _("chưa"))]

    def queryset(self, request, queryset):
        if self.value() not in ("yes", "no"):
            return queryset
        curated = Q(mentions__method=Method.CURATOR)
        if self.value() == "yes":
            return queryset.filter(curated).distinct()
        return queryset.exclude(curated)


class _EntityForm(forms.ModelForm):
    aliases = LinesField(
        label=gettext_lazy("tên gọi khác (mỗi dòng một)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
    )


class EntityAdmin(admin.ModelAdmin):
    form = _EntityForm
    search_fields = ["name"]  # get_search_results adds the accent-free match
    list_display = ["name", "aliases_shown", "articles"]
    list_filter = [ArticleCountFilter, HasAliasesFilter, CuratedEntityFilter]
    readonly_fields = ["slug", "folded", "mentions_shown"]
    actions = ["merge"]
    list_per_page = 50

    class Media:
        css = {"all": ["css/curation.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_articles=article_count(self.model))

    def get_search_results(self, request, queryset, search_term):
        """Name, alias or slug, with or without accents: "truong thi mai" finds Trương Thị Mai."""
        term = " ".join(search_term.split())
        if not term:
            return queryset, False
        match = Q(folded__contains=fold_diacritics(term)) | Q(slug__contains=term.lower())
        if self.model is Directive:
            match |= Q(key__contains=canonical_symbol(term))
        return queryset.filter(match), False

    @admin.display(description=gettext_lazy("tên gọi khác"))
    def aliases_shown(self, obj):
        return ", ".join(obj.aliases)

    @admin.display(description=gettext_lazy("số bài"), ordering="n_articles")
    def articles(self, obj):
        return obj.n_articles

    @admin.display(description=gettext_lazy("các lần nhắc (mới nhất trước)"))
    def mentions_shown(self, obj, limit=50):
        if obj is None or obj.pk is None:
            return "—"
        mention_model, field_name = curation.LINKS[self.model]
        mentions = (
            mention_model.objects.filter(**{field_name: obj})
            .select_related("article")
            .order_by(*NEWEST_FIRST)[:limit]
        )
        opts = mention_model._meta
        rows = format_html_join(
            "",
            (
                '<tr><td><a href="{}">{}</a></td><td>{}</td><td>{}</td><td>{}</td>'
                '<td><a href="{}">{}</a></td></tr>'
            ),
            (
                (
                    reverse("admin:archive_article_change", args=[m.article_id]),
                    m.article.label,
                    m.article.published or "—",
                    m.sentence or "—",
                    m.get_method_display(),
                    reverse(f"admin:{opts.app_label}_{opts.model_name}_relink", args=[m.pk]),
                    _("Chuyển…"),
                )
                for m in mentions
            ),
        )
        split = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_split", args=[obj.pk])
        return format_html(
            '<p><a class="button" href="{}">{}</a></p><table class="curation-mentions">'
            "<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th></th></tr></thead>"
            "<tbody>{}</tbody></table>",
            split,
            _("Tách / chuyển nhiều lần nhắc…"),
            _("bài báo"),
            _("ngày"),
            _("câu trích"),
            _("cách nhận ra"),
            rows,
        )

    def save_model(self, request, obj, form, change):
        if not obj.slug:
            obj.slug = unique_slug(self.model, obj.name)
        curation.save_entity(entity=obj)

    def delete_model(self, request, obj):
        curation.delete_entities(entities=[obj])

    def delete_queryset(self, request, queryset):
        curation.delete_entities(entities=list(queryset))

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<int:pk>/split/",
                self.admin_site.admin_view(self.split_view),
                name=f"{opts.app_label}_{opts.model_name}_split",
            ),
            *super().get_urls(),
        ]

    @admin.action(
        description=gettext_lazy("Gộp các mục đã chọn vào một mục"),
        permissions=["change", "delete"],
    )
    def merge(self, request, queryset):
        entities = list(queryset.order_by("-n_articles", "pk"))
        if len(entities) < 2:
            self.message_user(request, _("Chọn ít nhất hai mục để gộp."), messages.WARNING)
            return None
        form = MergeForm(
            request.POST if "confirm" in request.POST else None, initial={"kept": entities[0].pk}
        )
        form.fields["kept"].choices = [(e.pk, str(e)) for e in entities]
        mention_model, _field = curation.LINKS[self.model]
        needed = {("change", mention_model), ("delete", mention_model)}
        if self.model is Province:  # its organisations move to the kept province
            needed.add(("change", Organization))
        missing = missing_rights(request.user, needed)
        if missing:
            self.message_user(request, refusal(missing), messages.ERROR)
            return None
        if form.is_bound and form.is_valid():
            kept = next(e for e in entities if e.pk == form.cleaned_data["kept"])
            others = [e for e in entities if e.pk != kept.pk]
            self.log_deletions(request, self.model.objects.filter(pk__in=[e.pk for e in others]))
            result = curation.merge_entities(kept=kept, others=others)
            self.log_change(
                request,
                kept,
                _("Gộp vào đây: %(names)s (%(moved)s lần nhắc chuyển, %(combined)s gộp chung bài).")
                % {
                    "names": "; ".join(result.deleted),
                    "moved": result.moved,
                    "combined": result.combined,
                },
            )
            self.message_user(
                request,
                _("Đã gộp %(names)s vào %(kept)s; %(n)s bài được lập chỉ mục lại.")
                % {"names": "; ".join(result.deleted), "kept": kept, "n": len(result.article_ids)},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(
                reverse(
                    f"admin:{kept._meta.app_label}_{kept._meta.model_name}_change", args=[kept.pk]
                )
            )
        for entity in entities:
            mention_model, field_name = curation.LINKS[self.model]
            entity.samples = (
                mention_model.objects.filter(**{field_name: entity})
                .select_related("article")
                .order_by(*NEWEST_FIRST)[:3]
            )
        return TemplateResponse(
            request,
            "admin/archive/merge_confirmation.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Gộp %(kind)s") % {"kind": self.model._meta.verbose_name},
                "opts": self.model._meta,
                "entities": entities,
                "form": form,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )

    def split_view(self, request, pk):
        entity = get_object_or_404(self.model, pk=pk)
        mention_model, field_name = curation.LINKS[self.model]
        mentions = (
            mention_model.objects.filter(**{field_name: entity})
            .select_related("article")
            .order_by(*NEWEST_FIRST)
        )
        return move_view(self, request, entity=entity, mentions=mentions, preselect=False)


@admin.register(Person)
class PersonAdmin(EntityAdmin):
    pass


@admin.register(Organization)
class OrganizationAdmin(EntityAdmin):
    list_display = ["name", "province", "aliases_shown", "articles"]
    list_filter = [ArticleCountFilter, "province", HasAliasesFilter, CuratedEntityFilter]
    autocomplete_fields = ["province"]
    list_select_related = ["province"]


@admin.register(Directive)
class DirectiveAdmin(EntityAdmin):
    list_display = ["__str__", "name", "scope", "issuing_body", "issued", "articles"]
    list_filter = [ArticleCountFilter, "kind", "issuer", "term", "year", CuratedEntityFilter]
    search_fields = ["name", "key"]
    fields = [
        "name",
        "key",
        "scope",
        "symbol",
        "kind",
        "number",
        "year",
        "issuer",
        "issuing_body",
        "issued",
        "term",
        "aliases",
        "slug",
        "folded",
        "mentions_shown",
    ]


@admin.register(Province)
class ProvinceAdmin(EntityAdmin):
    list_filter = [ArticleCountFilter, HasAliasesFilter]
