from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("stab/<slug:slug>/dokumenter/", views.document_list, name="list"),
    path("stab/<slug:slug>/dokumenter/ny/<str:kind>/", views.document_create, name="create"),
    path("stab/<slug:slug>/dokumenter/<int:pk>/prov-igjen/", views.document_retry, name="retry"),
    path(
        "stab/<slug:slug>/dokumenter/<int:pk>/framdrift/",
        views.document_progress,
        name="progress",
    ),
    path(
        "dokumenter/<slug:slug>/<int:pk>/<str:fmt>/",
        views.document_download,
        name="download",
    ),
]
