"""The search parameters of the page and the API, validated once."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from archive.models import Directive
from archive.offices.provinces import province_with_predecessors
from archive.text.symbols import canonical_symbol

from .analyzer import find_query_symbols, strip_controls
from .entities import FACET_MODELS, directives_with_symbol
from .facets import FACETS, NAMES
from .query import parse_query

_SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,300}$")
_HOST = re.compile(r"^[-a-zA-Z0-9.]{1,253}$")
_DIRECTIVE = re.compile(r"^[\w\-–—/. ]{1,120}$")

FILTER_NAMES = NAMES


class ValueListField(forms.Field):
    """Repeated GET parameter (?person=a&person=b) as a list of non-empty strings."""

    widget = forms.MultipleHiddenInput

    def __init__(self, *, pattern, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.pattern = pattern

    def to_python(self, value):
        if not value:
            return []
        if isinstance(value, str):
            value = [value]
        return list(dict.fromkeys(v.strip() for v in value if v and v.strip()))[:20]

    def validate(self, value):
        super().validate(value)
        for item in value:
            if not self.pattern.match(item):
                raise ValidationError(
                    _("“%(value)s” không phải là giá trị hợp lệ."),
                    code="invalid",
                    params={"value": item[:80]},
                )


class QueryField(forms.CharField):
    """The search box: any text; control characters (NUL included) become spaces."""

    def to_python(self, value):
        return strip_controls(super().to_python(value))


class SearchForm(forms.Form):
    q = QueryField(label=_("Tìm"), required=False, strip=False, empty_value="")
    person = ValueListField(pattern=_SLUG, label=_("Nhân vật"))
    organization = ValueListField(pattern=_SLUG, label=_("Tổ chức"))
    directive = ValueListField(pattern=_DIRECTIVE, label=_("Văn bản"))
    source = ValueListField(pattern=_SLUG, label=_("Nguồn tin"))
    year = ValueListField(pattern=re.compile(r"^(19|20)\d\d$"), label=_("Năm"))
    province = ValueListField(pattern=_SLUG, label=_("Tỉnh, thành phố"))
    host = ValueListField(pattern=_HOST, label=_("Tên miền"))
    date_from = forms.DateField(
        label=_("Từ ngày"), required=False, input_formats=["%Y-%m-%d", "%d/%m/%Y"]
    )
    date_to = forms.DateField(
        label=_("Đến ngày"), required=False, input_formats=["%Y-%m-%d", "%d/%m/%Y"]
    )
    sort = forms.ChoiceField(
        label=_("Sắp xếp"),
        required=False,
        choices=[("relevance", _("Phù hợp nhất")), ("newest", _("Mới nhất"))],
        error_messages={
            "invalid_choice": _("“%(value)s” không phải là cách sắp xếp: relevance hoặc newest.")
        },
    )
    more = forms.ChoiceField(
        label=_("Xem thêm"),
        required=False,
        choices=[(name, name) for name in FILTER_NAMES],
        error_messages={
            "invalid_choice": _(
                "“%(value)s” không phải là tên một nhóm: person, organization, directive, "
                "province, source, year, host."
            )
        },
    )
    page = forms.IntegerField(
        label=_("Trang"),
        required=False,
        min_value=1,
        max_value=100_000,
        # Django's own Vietnamese says "một số tổng thể" and leaves a space before the stop.
        error_messages={
            "invalid": _("Số trang phải là một số nguyên."),
            "min_value": _("Số trang bắt đầu từ 1."),
            "max_value": _("Số trang quá lớn."),
        },
    )

    FILTERS = FILTER_NAMES

    def _known_slugs(self, name):
        values = self.cleaned_data.get(name, [])
        if not values:
            return values
        known = set(
            FACET_MODELS[name].objects.filter(slug__in=values).values_list("slug", flat=True)
        )
        unknown = [v for v in values if v not in known]
        if unknown:
            raise ValidationError(
                _("Không có “%(value)s” trong lưu trữ."),
                code="unknown",
                params={"value": unknown[0]},
            )
        return values

    def clean_person(self):
        return self._known_slugs("person")

    def clean_organization(self):
        return self._known_slugs("organization")

    def clean_source(self):
        return self._known_slugs("source")

    def clean_province(self):
        return self._known_slugs("province")

    def clean_directive(self):
        """A slug, or a symbol in any spelling ("21 – KL/TW"): all documents with that key."""
        groups = []
        self.directive_values = {}  # value as given -> the slugs it stands for
        for value in self.cleaned_data.get("directive", []):
            if Directive.objects.filter(slug=value).exists():
                groups.append([value])
                self.directive_values[value] = [value]
                continue
            symbols = [symbol for _start, _end, symbol in find_query_symbols(value)]
            slugs = list(
                directives_with_symbol(symbols or [canonical_symbol(value)]).values_list(
                    "slug", flat=True
                )
            )
            if not slugs:
                raise ValidationError(
                    _("Không có văn bản “%(value)s” trong lưu trữ."),
                    code="unknown",
                    params={"value": value},
                )
            groups.append(slugs)
            self.directive_values[value] = slugs
        return groups

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error(
                "date_to",
                ValidationError(_("Ngày kết thúc phải sau ngày bắt đầu."), code="date_order"),
            )
        return cleaned

    def filters(self):
        """{facet: [groups of values]}: every group must match, any value within a group."""
        data = self.cleaned_data
        filters = {}
        for name in self.FILTERS:
            values = data.get(name) or []
            if not values:
                continue
            if name == "directive":
                filters[name] = values
            elif name == "province":
                # A province made in 2025 stands for those merged into it, too.
                filters[name] = [province_with_predecessors(slug) or [slug] for slug in values]
            elif FACETS[name].single:  # one value an article: several mean any of them
                filters[name] = [values]
            else:
                filters[name] = [[value] for value in values]
        return filters

    def search_kwargs(self):
        data = self.cleaned_data
        return {
            "query": data.get("q") or "",
            "filters": self.filters(),
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
            "sort": data.get("sort") or "relevance",
            "page": data.get("page") or 1,
            "more_facet": data.get("more") or None,
        }

    def has_search(self):
        """Whether there is anything to search for: a query with words, "*", or a filter.
        A query of only operators or punctuation ("OR", "(((", "-") has none."""
        data = self.cleaned_data
        return bool(
            not parse_query(data.get("q") or "").is_empty
            or self.filters()
            or data.get("date_from")
            or data.get("date_to")
        )
