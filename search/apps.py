from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Tìm kiếm")

    def ready(self):
        from archive.signals import articles_changed, index_owed

        from .indexing import on_articles_changed, on_index_owed

        index_owed.connect(on_index_owed, dispatch_uid="search.index_owed")
        articles_changed.connect(on_articles_changed, dispatch_uid="search.work_off")
