from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("prosesser/<slug:slug>/", views.process_page, name="process"),
    path("tilgjengelighet/", views.accessibility, name="accessibility"),
]
