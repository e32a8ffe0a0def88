from django.urls import path

from . import workshop_views as views

app_name = "workshop"
urlpatterns = [
    path(
        "stab/<slug:slug>/aktiviteter/<int:activity_pk>/veikartverksted/",
        views.workshop_setup,
        name="setup",
    ),
    path("stab/<slug:slug>/veikartverksted/<int:pk>/koder/", views.workshop_codes, name="codes"),
    path("stab/<slug:slug>/veikartverksted/<int:pk>/papir/", views.paper_ballot, name="paper"),
    path(
        "stab/<slug:slug>/veikartverksted/<int:pk>/papir/<int:ballot_pk>/slett/",
        views.paper_ballot_delete,
        name="paper_delete",
    ),
    path("prosesser/<slug:slug>/veikartverksted/<int:pk>/", views.vote, name="vote"),
]
