"""Merging entities and moving mentions: the forms and the shared view."""

from django import forms
from django.contrib import messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from archive import curation
from archive.admin.shared import KINDS, choice_label, missing_rights, refusal
from archive.kinds import KINDS as ENTITY_KINDS
from archive.models import (
    Article,
    Directive,
    Organization,
    Person,
    PersonMention,
    Province,
)


class MergeForm(forms.Form):
    kept = forms.TypedChoiceField(
        label=gettext_lazy("Giữ lại"), coerce=int, widget=forms.RadioSelect
    )


class MoveMentionsForm(forms.Form):
    """Where the chosen mentions go: an existing entity of any kind, or a new one."""

    mentions = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Các lần nhắc"),
        queryset=PersonMention.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    person = forms.ModelChoiceField(
        label=gettext_lazy("Nhân vật có sẵn"), queryset=Person.objects.all(), required=False
    )
    organization = forms.ModelChoiceField(
        label=gettext_lazy("hoặc tổ chức có sẵn"),
        queryset=Organization.objects.all(),
        required=False,
    )
    directive = forms.ModelChoiceField(
        label=gettext_lazy("hoặc văn bản có sẵn"), queryset=Directive.objects.all(), required=False
    )
    province = forms.ModelChoiceField(
        label=gettext_lazy("hoặc tỉnh, thành phố có sẵn"),
        queryset=Province.objects.all(),
        required=False,
    )
    new_kind = forms.ChoiceField(
        label=gettext_lazy("hoặc tạo mục mới loại"),
        required=False,
        choices=[
            ("", "—"),
            *((kind.name, kind.lowercase) for kind in ENTITY_KINDS),
        ],
    )
    new_name = forms.CharField(label=gettext_lazy("tên mục mới"), required=False, max_length=300)
    new_scope = forms.CharField(
        label=gettext_lazy("phạm vi (văn bản mới cùng số hiệu)"),
        required=False,
        max_length=200,
        help_text=gettext_lazy("Ví dụ: khóa XI, năm 2019, Huyện ủy Điện Biên."),
    )
    delete_orphans = forms.BooleanField(
        label=gettext_lazy("Xóa mục cũ nếu không còn lần nhắc nào"), required=False, initial=True
    )

    def __init__(self, *args, mentions, admin_site, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentions"].queryset = mentions
        for kind, model in KINDS.items():
            mention_model, _field = curation.LINKS[model]
            widget = AutocompleteSelect(mention_model._meta.get_field(kind), admin_site)
            self.fields[kind].label_from_instance = choice_label
            widget.choices = self.fields[kind].choices
            self.fields[kind].widget = widget

    def clean(self):
        data = super().clean()
        chosen = [k for k in KINDS if data.get(k)]
        new = bool(data.get("new_kind") and data.get("new_name", "").strip())
        if len(chosen) + new != 1:
            raise ValidationError(
                _("Chọn đúng một mục đích: một mục có sẵn, hoặc loại và tên của mục mới."),
                code="one_target",
            )
        return data

    def target_model(self):
        """The kind of entity the mentions go to, before a new one is created."""
        data = self.cleaned_data
        chosen = next((kind for kind in KINDS if data.get(kind)), data.get("new_kind"))
        return KINDS[chosen]

    def needed_rights(self, mentions):
        """(action, model) pairs this move creates, changes or deletes; see missing_rights."""
        data = self.cleaned_data
        model = self.target_model()
        existing = next((data[kind] for kind in KINDS if data.get(kind)), None)
        target_mention, field = curation.LINKS[model]
        needed = set() if existing else {("add", model)}
        folded = set()
        if existing is not None:
            folded = set(
                target_mention.objects.filter(
                    article_id__in=[m.article_id for m in mentions], **{field: existing}
                ).values_list("article_id", flat=True)
            )
        for mention in mentions:
            if mention.article_id in folded:  # folded into target's link of that article
                needed |= {("change", target_mention), ("delete", type(mention))}
            elif type(mention) is target_mention:
                needed.add(("change", target_mention))
            else:  # another kind: the link is made anew in the target's table
                needed |= {("add", target_mention), ("delete", type(mention))}
        if data.get("delete_orphans"):
            chosen = {m.pk for m in mentions}
            sources = {(type(m), curation.entity_of(m).pk): curation.entity_of(m) for m in mentions}
            for source in sources.values():
                source_mentions = curation.LINKS[type(source)][0].objects.filter(
                    **{curation.LINKS[type(source)][1]: source}
                )
                if set(source_mentions.values_list("pk", flat=True)) <= chosen:
                    needed.add(("delete", type(source)))
        return needed

    def target(self, like):
        data = self.cleaned_data
        for kind in KINDS:
            if data.get(kind):
                return data[kind]
        return curation.new_entity(
            model=KINDS[data["new_kind"]],
            name=data["new_name"],
            like=like,
            scope=data.get("new_scope", ""),
        )


def move_view(model_admin, request, *, entity, mentions, preselect):
    """Move some of an entity's mentions to another entity, existing or new."""
    mention_model = mentions.model
    if not request.user.has_perm(f"archive.change_{mention_model._meta.model_name}"):
        raise PermissionDenied
    form = MoveMentionsForm(
        request.POST if request.method == "POST" else None,
        mentions=mentions,
        admin_site=model_admin.admin_site,
        initial={"mentions": list(mentions) if preselect else []},
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        chosen = list(form.cleaned_data["mentions"])
        missing = missing_rights(request.user, form.needed_rights(chosen))
        try:
            if missing:
                status = 403
                raise ValidationError(refusal(missing), code="permission")
            target = form.target(like=entity)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            result = curation.move_mentions(
                mentions=chosen, target=target, delete_orphans=form.cleaned_data["delete_orphans"]
            )
            _log_move(model_admin, request, entity, target, chosen, result)
            model_admin.message_user(
                request,
                _(
                    "Đã chuyển %(n)s lần nhắc từ %(source)s sang %(target)s; %(a)s bài được lập "
                    "chỉ mục lại."
                )
                % {
                    "n": len(chosen),
                    "source": entity,
                    "target": target,
                    "a": len(result.article_ids),
                },
                messages.SUCCESS,
            )
            opts = target._meta
            return HttpResponseRedirect(
                reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[target.pk])
            )
    return TemplateResponse(
        request,
        "admin/archive/move_mentions.html",
        {
            **model_admin.admin_site.each_context(request),
            "title": _("Chuyển lần nhắc của %(name)s") % {"name": entity},
            "opts": entity._meta,
            "entity": entity,
            "form": form,
            "preselect": preselect,
            "media": model_admin.media + form.media,
        },
        status=status,
    )


def _log_move(model_admin, request, source, target, mentions, result):
    articles = Article.objects.in_bulk({m.article_id for m in mentions})
    for obj, message in [
        (target, _("Nhận %(n)s lần nhắc từ %(source)s.")),
        (source, _("Chuyển %(n)s lần nhắc sang %(target)s.")),
    ]:
        if obj.pk is not None and type(obj).objects.filter(pk=obj.pk).exists():
            model_admin.log_change(
                request, obj, message % {"n": len(mentions), "source": source, "target": target}
            )
    for article in articles.values():
        model_admin.log_change(
            request,
            article,
            _("Liên kết tới %(source)s chuyển sang %(target)s.")
            % {"source": source, "target": target},
        )
