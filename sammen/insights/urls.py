from django.urls import path

from . import views

app_name = "insights"
urlpatterns = [
    path("<slug:slug>/", views.overview, name="overview"),
]
