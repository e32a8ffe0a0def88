from django.urls import path

from . import views

app_name = "inputs"
urlpatterns = [
    path("<slug:slug>/innspill/", views.input_list, name="list"),
    path("<slug:slug>/moderering/", views.moderation, name="moderation"),
    path("<slug:slug>/moderering/<int:pk>/", views.moderate, name="moderate"),
]
