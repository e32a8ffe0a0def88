from django.urls import path

from . import hearing_views as views

app_name = "hearings"
urlpatterns = [
    path("<slug:slug>/horing/", views.staff_overview, name="staff_overview"),
    path("<slug:slug>/horing/ny/", views.hearing_new, name="hearing_new"),
    path("<slug:slug>/horing/<int:pk>/", views.staff_hearing, name="staff_hearing"),
    path("<slug:slug>/horing/<int:pk>/publisering/", views.hearing_publish, name="publish"),
    path("<slug:slug>/horing/<int:pk>/svar/ny/", views.response_new, name="response_new"),
    path(
        "<slug:slug>/horing/<int:pk>/svar/<int:response_pk>/",
        views.staff_response,
        name="staff_response",
    ),
    path("<slug:slug>/politisk-behandling/ny/", views.treatment_new, name="treatment_new"),
]
