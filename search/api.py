from django.http import JsonResponse


def search_api(request):
    return JsonResponse({"error": "not yet"}, status=501)


def suggest_api(request):
    return JsonResponse({"error": "not yet"}, status=501)
