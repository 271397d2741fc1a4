from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Tìm kiếm")

    def ready(self):
        from archive.signals import articles_changed

        from .indexing import on_articles_changed

        articles_changed.connect(on_articles_changed, dispatch_uid="search.reindex_articles")
