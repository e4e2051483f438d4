from django.http import Http404, HttpRequest, HttpResponse


def import_page(request: HttpRequest, key: str) -> HttpResponse:
    raise Http404
