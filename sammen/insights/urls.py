from django.urls import path

from . import dashboard_views, views

app_name = "insights"
urlpatterns = [
    path("<slug:slug>/", views.overview, name="overview"),
    path("<slug:slug>/tall/", dashboard_views.dashboard, name="dashboard"),
    path("<slug:slug>/tall/<slug:name>.csv", dashboard_views.dashboard_csv, name="dashboard_csv"),
    path("<slug:slug>/personopplysninger/", views.data_inventory_page, name="data_inventory"),
    path(
        "<slug:slug>/oversettelser/",
        views.missing_translations_page,
        name="missing_translations",
    ),
    path(
        "<slug:slug>/oversettelser/<slug:kind>/<int:pk>/",
        views.translate_texts,
        name="translate",
    ),
]
