from django.urls import path

from . import team_views as views

app_name = "team"
urlpatterns = [
    path("organisasjon/<slug:org_slug>/folk/", views.organisation_people, name="people"),
    path(
        "organisasjon/<slug:org_slug>/folk/<int:pk>/administrator/",
        views.organisation_admin,
        name="people_admin",
    ),
    path("organisasjon/<slug:org_slug>/utseende/", views.organisation_theme, name="theme"),
    path("<slug:slug>/team/", views.team, name="team"),
    path("<slug:slug>/team/<int:pk>/rolle/", views.team_role, name="role"),
    path("<slug:slug>/team/<int:pk>/fjern/", views.team_remove, name="remove"),
    path("<slug:slug>/logg/", views.audit_log, name="audit_log"),
]
