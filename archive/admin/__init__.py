"""Curation: curators fix the links extraction made, in Django's admin.

Articles' links are edited inline; entities are searched without accents, merged, split and
their mentions moved. The work itself is done by archive/curation.py; every change is logged
in the admin history and re-indexed once committed.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy

from archive.admin import articles, entities, mentions, offices, registry  # noqa: F401  (they register)

admin.site.site_header = gettext_lazy("Lưu trữ · Biên tập")
admin.site.site_title = gettext_lazy("Lưu trữ · Biên tập")
admin.site.index_title = gettext_lazy("Sửa liên kết thực thể")
