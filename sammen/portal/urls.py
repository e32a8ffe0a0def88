from django.urls import path

from . import hearing_views, views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("prosesser/<slug:slug>/", views.process_page, name="process"),
    path("tilgjengelighet/", views.accessibility, name="accessibility"),
    path("prosesser/<slug:slug>/innspill/", views.input_form, name="input_form"),
    path("kvittering/", views.receipt_lookup, name="receipt"),
    path("kvittering/avmeld/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("prosesser/<slug:slug>/horing/<int:pk>/", hearing_views.public_hearing, name="hearing"),
    path("horing/kvittering/", hearing_views.hearing_receipt, name="hearing_receipt"),
]
