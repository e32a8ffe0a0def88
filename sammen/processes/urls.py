from django.urls import path

from . import views

app_name = "processes"
urlpatterns = [
    path("", views.staff_list, name="staff_list"),
]
