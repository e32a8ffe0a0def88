from django.urls import path

from . import views

app_name = "analysis"
urlpatterns = [
    path("<slug:slug>/temaer/", views.theme_list, name="themes"),
]
