"""Offices and tenures in the admin: merge offices, move a tenure, mark a title wrongly read.

The admin only asks and logs; the work is archive/offices/curation.py's, and it outlives a
rebuild of the offices.
"""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from archive.admin.moving import MergeForm
from archive.offices import curation
from archive.offices.models import Office, OfficeCorrection, Tenure, TenureEvidence


class TenureInline(admin.TabularInline):
    model = Tenure
    fields = ["person", "first_seen", "last_seen", "former_on"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "province", "holders"]
    list_filter = ["kind", "province"]
    search_fields = ["name", "organization_name", "key"]
    readonly_fields = ["key", "slug", "aliases"]
    fields = ["name", "kind", "organization_name", "organization", "province", *readonly_fields]
    autocomplete_fields = ["organization", "province"]
    list_select_related = ["province"]
    inlines = [TenureInline]
    actions = ["merge"]

    class Media:
        css = {"all": ["css/curation.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_holders=Count("tenures"))

    @admin.display(description=gettext_lazy("số người giữ"), ordering="n_holders")
    def holders(self, obj):
        return obj.n_holders

    @admin.action(
        description=gettext_lazy("Gộp các chức vụ đã chọn vào một"),
        permissions=["change", "delete"],
    )
    def merge(self, request, queryset):
        offices = list(queryset.order_by("-n_holders", "pk"))
        if len(offices) < 2:
            self.message_user(request, _("Chọn ít nhất hai chức vụ để gộp."), messages.WARNING)
            return None
        form = MergeForm(
            request.POST if "confirm" in request.POST else None, initial={"kept": offices[0].pk}
        )
        form.fields["kept"].choices = [(o.pk, str(o)) for o in offices]
        if form.is_bound and form.is_valid():
            kept = next(o for o in offices if o.pk == form.cleaned_data["kept"])
            others = [o for o in offices if o.pk != kept.pk]
            names = "; ".join(o.name for o in others)
            self.log_deletions(request, Office.objects.filter(pk__in=[o.pk for o in others]))
            moved = curation.merge_offices(kept=kept, others=others)
            self.log_change(
                request,
                kept,
                _("Gộp vào đây: %(names)s (%(n)s nhiệm kỳ chuyển).") % {"names": names, "n": moved},
            )
            self.message_user(
                request, _("Đã gộp %(names)s vào %(kept)s.") % {"names": names, "kept": kept}
            )
            return HttpResponseRedirect(reverse("admin:archive_office_change", args=[kept.pk]))
        for office in offices:
            office.n_articles = TenureEvidence.objects.filter(tenure__office=office).count()
            office.samples = TenureEvidence.objects.filter(tenure__office=office).select_related(
                "article"
            )[:3]
        return TemplateResponse(
            request,
            "admin/archive/merge_confirmation.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Gộp chức vụ"),
                "opts": self.model._meta,
                "entities": offices,
                "form": form,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )


class EvidenceInline(admin.TabularInline):
    model = TenureEvidence
    fields = ["article", "title", "former", "sentence"]
    readonly_fields = fields
    extra = 0
    verbose_name_plural = gettext_lazy(
        "bằng chứng (đánh dấu “xóa” một dòng = chức danh đọc sai trong bài đó; "
        "đọc lại bài cũng không đưa lại)"
    )

    def has_add_permission(self, request, obj=None):
        return False


class TenureForm(forms.ModelForm):
    class Meta:
        model = Tenure
        fields = ["office", "person"]
        help_texts = {
            "office": gettext_lazy("Đổi để chuyển nhiệm kỳ sang chức vụ khác."),
            "person": gettext_lazy("Đổi để chuyển nhiệm kỳ sang người khác."),
        }


@admin.register(Tenure)
class TenureAdmin(admin.ModelAdmin):
    form = TenureForm
    list_display = ["person", "office", "first_seen", "last_seen", "former_on"]
    search_fields = ["person__name", "office__name"]
    autocomplete_fields = ["office", "person"]
    readonly_fields = ["first_seen", "last_seen", "former_on"]
    list_select_related = ["person", "office"]
    inlines = [EvidenceInline]
    actions = ["never_held"]

    def save_model(self, request, obj, form, change):
        if not change:
            super().save_model(request, obj, form, change)
            return
        original = Tenure.objects.get(pk=obj.pk)
        if form.has_changed():
            moved = curation.move_tenure(tenure=original, office=obj.office, person=obj.person)
            obj.pk = moved.pk

    def save_formset(self, request, form, formset, change):
        if formset.model is not TenureEvidence:
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)
        for evidence in formset.deleted_objects:
            if TenureEvidence.objects.filter(pk=evidence.pk).exists():
                curation.reject_evidence(evidence=evidence)
        return None

    def response_change(self, request, obj):
        if not Tenure.objects.filter(pk=obj.pk).exists():
            self.message_user(request, _("Nhiệm kỳ không còn bằng chứng nào nên đã bỏ."))
            return HttpResponseRedirect(reverse("admin:archive_tenure_changelist"))
        return super().response_change(request, obj)

    @admin.action(
        description=gettext_lazy("Người này không giữ chức này (bỏ, kể cả khi đọc lại bài)"),
        permissions=["delete"],
    )
    def never_held(self, request, queryset):
        n = 0
        for tenure in list(queryset.select_related("person", "office")):
            self.log_deletion(request, tenure, str(tenure))
            curation.reject_tenure(tenure=tenure)
            n += 1
        self.message_user(request, _("Đã bỏ %(n)s nhiệm kỳ.") % {"n": n})


@admin.register(OfficeCorrection)
class OfficeCorrectionAdmin(admin.ModelAdmin):
    list_display = [
        "kind",
        "person",
        "office_key",
        "article",
        "to_office",
        "to_person",
        "created_at",
    ]
    list_filter = ["kind"]
    search_fields = ["person__name", "office_key"]
    readonly_fields = [
        "kind",
        "person",
        "office_key",
        "article",
        "to_office",
        "to_person",
        "created_at",
    ]

    def has_add_permission(self, request):
        return False
