from django.urls import path

from sammen.insights import dashboard_views

from . import hearing_views, views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("prosesser/<slug:slug>/", views.process_page, name="process"),
    path("tilgjengelighet/", views.accessibility, name="accessibility"),
    path("tema/<slug:org_slug>.css", views.theme_css, name="theme_css"),
    path("tema/<slug:org_slug>/logo", views.logo, name="logo"),
    path("prosesser/<slug:slug>/forsidebilde", views.cover, name="cover"),
    path("prosesser/<slug:slug>/innspill/", views.input_form, name="input_form"),
    path("prosesser/<slug:slug>/innspillene/", views.public_inputs, name="inputs"),
    path("prosesser/<slug:slug>/resultater/", views.results, name="results"),
    path(
        "prosesser/<slug:slug>/resultater/<slug:name>.csv",
        dashboard_views.public_csv,
        name="results_csv",
    ),
    path("prosesser/<slug:slug>/tiltak/<int:pk>/", views.action_page, name="action"),
    path("stab/<slug:slug>/innspill/<int:pk>/reise/", views.input_journey_staff, name="journey"),
    path("kvittering/", views.receipt_lookup, name="receipt"),
    path("kvittering/avmeld/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("personvern/", views.personal_data_request, name="personal_data_request"),
    path("personvern/lenke/<str:token>/", views.personal_data_open, name="personal_data_open"),
    path("personvern/mine-opplysninger/", views.personal_data, name="personal_data"),
    path("prosesser/<slug:slug>/horing/<int:pk>/", hearing_views.public_hearing, name="hearing"),
    path("horing/kvittering/", hearing_views.hearing_receipt, name="hearing_receipt"),
]
