from django.urls import path

from . import dashboard_views, population_views, views

app_name = "insights"
urlpatterns = [
    path("<slug:slug>/", views.overview, name="overview"),
    path("<slug:slug>/tall/", dashboard_views.dashboard, name="dashboard"),
    path("<slug:slug>/tall/<slug:name>.csv", dashboard_views.dashboard_csv, name="dashboard_csv"),
    path("<slug:slug>/personopplysninger/", views.data_inventory_page, name="data_inventory"),
    path(
        "<slug:slug>/representasjon/",
        population_views.representation_page,
        name="representation",
    ),
    path(
        "<slug:slug>/representasjon/<slug:key>.csv",
        population_views.representation_csv,
        name="representation_csv",
    ),
    path("<slug:slug>/befolkning/", population_views.population_page, name="population"),
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
