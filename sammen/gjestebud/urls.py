from django.urls import path

from . import views

app_name = "gjestebud"
urlpatterns = [
    # Before the host's link: these words are not tokens.
    path("gjestebud/personvern/", views.host_data_request, name="personal_data_request"),
    path(
        "gjestebud/personvern/lenke/<str:token>/",
        views.host_data_open,
        name="personal_data_open",
    ),
    path("gjestebud/personvern/mine-opplysninger/", views.host_data, name="personal_data"),
    path("gjestebud/<str:token>/", views.host_report, name="host"),
    path("stab/<slug:slug>/gjestebud/", views.invitation_list, name="list"),
    path("stab/<slug:slug>/gjestebud/ny/", views.invitation_new, name="new"),
    path("stab/<slug:slug>/gjestebud/<int:pk>/", views.invitation_detail, name="detail"),
    path("stab/<slug:slug>/gjestebud/<int:pk>/rett/", views.invitation_edit, name="edit"),
    path("stab/<slug:slug>/gjestebud/<int:pk>/godkjenn/", views.invitation_accept, name="accept"),
    path(
        "stab/<slug:slug>/gjestebud/<int:pk>/send-tilbake/",
        views.invitation_return,
        name="return",
    ),
    path(
        "stab/<slug:slug>/gjestebud/<int:pk>/ny-lenke/",
        views.invitation_regenerate,
        name="regenerate",
    ),
]
