from django.urls import path

from . import views

app_name = "api_tokens"
urlpatterns = [
    path("<slug:slug>/api/", views.tokens, name="tokens"),
    path("<slug:slug>/api/<int:pk>/trekk-tilbake/", views.revoke, name="revoke"),
]
