from django.urls import path

from deadlines import views

app_name = "deadlines"
urlpatterns = [path("<int:page_id>.ics", views.page_calendar, name="page_calendar")]
