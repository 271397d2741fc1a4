from django.http import HttpResponse


def search_page(request):
    # Replaced by the search issue (#4).
    return HttpResponse(status=501)
