from django.urls import path

from . import views

app_name = "opinions"
urlpatterns = [
    path("prosesser/<slug:slug>/pastander/<int:pk>/", views.vote_page, name="vote_page"),
    path("prosesser/<slug:slug>/pastander/<int:pk>/stem/", views.vote, name="vote"),
    path("prosesser/<slug:slug>/pastander/<int:pk>/ny/", views.add_statement, name="add"),
    path(
        "prosesser/<slug:slug>/pastander/<int:pk>/resultater/",
        views.public_results,
        name="results",
    ),
    path("stab/<slug:slug>/pastander/<int:activity_pk>/", views.staff, name="staff"),
    path("stab/<slug:slug>/pastander/<int:activity_pk>/ny/", views.seed, name="seed"),
    path(
        "stab/<slug:slug>/pastander/<int:activity_pk>/<int:statement_pk>/moderer/",
        views.moderate,
        name="moderate",
    ),
    path(
        "stab/<slug:slug>/pastander/<int:activity_pk>/<int:statement_pk>/innspill/",
        views.to_input,
        name="to_input",
    ),
    path(
        "stab/<slug:slug>/pastander/<int:activity_pk>/analyse/",
        views.reanalyse,
        name="reanalyse",
    ),
    path(
        "stab/<slug:slug>/pastander/<int:activity_pk>/import/",
        views.polis_import,
        name="import",
    ),
    path(
        "stab/<slug:slug>/pastander/<int:activity_pk>/eksport/",
        views.polis_export,
        name="export",
    ),
]
