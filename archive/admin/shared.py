"""What the curation admin pages share: list fields, counts, the words a mention covers."""

from django import forms
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from archive import curation
from archive.kinds import KINDS as ENTITY_KINDS
from config.admin import choice_label

KINDS = {kind.name: kind.model for kind in ENTITY_KINDS}


class ChoiceLabels:
    """Entity pickers label their entities as the autocomplete does (config.admin)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None:
            field.label_from_instance = choice_label
        return field


class LinesField(forms.CharField):
    """A list of strings edited as one line each (aliases, positions)."""

    widget = forms.Textarea(attrs={"rows": 3, "cols": 34})

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        lines = [" ".join(line.split()) for line in (value or "").splitlines()]
        return list(dict.fromkeys(line for line in lines if line))


def article_count(model):
    mention_model, field_name = curation.LINKS[model]
    counted = (
        mention_model.objects.filter(**{field_name: OuterRef("pk")})
        .values(field_name)
        .annotate(n=Count("id"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def found_as(mention):
    """The words the article writes where this mention is, as the curator sees them."""
    text = mention.article.full_text
    found = dict.fromkeys(text[s:e] for s, e in (mention.spans or []) if 0 <= s < e <= len(text))
    return " · ".join(found) or "—"


_ACTIONS = {
    "add": gettext_lazy("thêm"),
    "change": gettext_lazy("sửa"),
    "delete": gettext_lazy("xóa"),
}


def missing_rights(user, needed):
    """What user may not do of needed, (action, model) pairs, as the admin's pages check it.

    A curator without the right to add or delete provinces did both through the relink
    page, which checked only the right to change the mention.
    """
    missing = {
        _("%(action)s %(model)s") % {"action": _ACTIONS[action], "model": model._meta.verbose_name}
        for action, model in needed
        if not user.has_perm(f"{model._meta.app_label}.{action}_{model._meta.model_name}")
    }
    return sorted(missing)


def refusal(missing):
    """The message for a curation refused for want of rights (missing_rights)."""
    return _("Bạn không có quyền %(rights)s nên không có gì được thay đổi.") % {
        "rights": ", ".join(missing)
    }
