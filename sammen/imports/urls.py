from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("<slug:slug>/import/", views.import_start, name="start"),
    path("<slug:slug>/import/<int:pk>/", views.import_batch, name="batch"),
    path("<slug:slug>/import/<int:pk>/kolonner/", views.import_mapping, name="mapping"),
    path("<slug:slug>/import/<int:pk>/bekreft/", views.import_confirm, name="confirm"),
    path("<slug:slug>/import/<int:pk>/framdrift/", views.import_progress, name="progress"),
    path("<slug:slug>/import/<int:pk>/fortsett/", views.import_resume, name="resume"),
    path("<slug:slug>/import/<int:pk>/avbryt/", views.import_cancel, name="cancel"),
]
