from django.urls import path

from . import views

app_name = "engagement"
urlpatterns = [
    path("<slug:slug>/aktiviteter/", views.activity_list, name="activities"),
    path("<slug:slug>/aktiviteter/<int:pk>/", views.activity_detail, name="activity"),
    path(
        "<slug:slug>/aktiviteter/<int:pk>/deltakere/",
        views.edit_participation,
        name="edit_participation",
    ),
]
