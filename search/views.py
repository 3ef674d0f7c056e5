from django.http import HttpResponse


def search_view(request):
    return HttpResponse("search: under construction")


def directory_view(request, *, page):
    return HttpResponse("directory: under construction")
