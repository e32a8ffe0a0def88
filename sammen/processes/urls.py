from django.urls import path

from . import views

app_name = "processes"
urlpatterns = [
    path("", views.staff_list, name="staff_list"),
    path("prosess/ny/", views.new_process, name="new"),
    path("<slug:slug>/oppsett/<str:section>/", views.setup, name="setup"),
    path("<slug:slug>/oppsett/<str:kind>/ny/", views.item_add, name="item_add"),
    path("<slug:slug>/oppsett/<str:kind>/<int:pk>/", views.item_edit, name="item_edit"),
    path("<slug:slug>/oppsett/<str:kind>/<int:pk>/slett/", views.item_delete, name="item_delete"),
    path("<slug:slug>/oppsett/<str:kind>/<int:pk>/flytt/", views.item_move, name="item_move"),
    path(
        "<slug:slug>/oppsett/innsatsomrade/<int:pk>/fjern/",
        views.remove_focus_area,
        name="remove_focus_area",
    ),
]
