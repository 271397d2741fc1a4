"""What the reading pages share: paging and the entity-to-mention links."""

from django.core.paginator import Paginator
from django.http import Http404
from django.utils.translation import gettext as _

from archive.curation import LINKS

PER_PAGE = 30
TOP = 10


def page_of(request, queryset, per_page=PER_PAGE):
    """The ?page= page of queryset; 404 for a page that does not exist."""
    paginator = Paginator(queryset, per_page)
    number = request.GET.get("page", "1")
    if not number.isdigit() or not 1 <= int(number) <= paginator.num_pages:
        raise Http404(_("Không có trang này."))
    return paginator.page(int(number))


def mentions_of(entity):
    model, field = LINKS[type(entity)]
    return model.objects.filter(**{field: entity})
