"""The "who held this post on a date" query, shared by the page and the API."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .queries import province_named


class OfficeQueryForm(forms.Form):
    title = forms.CharField(
        label=pgettext_lazy("một chức vụ", "Chức vụ"), max_length=300, required=False, strip=True
    )
    place = forms.CharField(label=_("Tỉnh, thành phố"), max_length=100, required=False)
    on = forms.DateField(
        label=_("Vào ngày"),
        required=False,
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": _("Ngày phải viết dạng YYYY-MM-DD, ví dụ 2021-03-15.")},
    )

    def clean_place(self):
        text = self.cleaned_data["place"].strip()
        if not text:
            return None
        province = province_named(text)
        if province is None:
            raise ValidationError(
                _("Không có tỉnh, thành phố “%(place)s” trong lưu trữ."),
                code="unknown_place",
                params={"place": text},
            )
        return province

    def clean(self):
        data = super().clean()
        if (data.get("on") or data.get("place")) and not data.get("title"):
            raise ValidationError(
                _("Ghi chức vụ cần tra, ví dụ “Bí thư Tỉnh ủy”."), code="no_title"
            )
        return data
