from django.urls import path
from django.http import HttpResponse

app_name = "msme"
urlpatterns = [path("", lambda request: HttpResponse("msme: under construction"), name="check")]
