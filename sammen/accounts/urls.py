from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("oidc/<slug:provider>/", views.oidc_start, name="oidc_start"),
    path("oidc/<slug:provider>/tilbake/", views.oidc_callback, name="oidc_callback"),
    path("oidc/<slug:provider>/logget-ut/", views.oidc_logged_out, name="oidc_logged_out"),
]
