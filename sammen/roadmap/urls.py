from django.urls import path

from . import views

app_name = "roadmap"
urlpatterns = [
    path("<slug:slug>/veikart/", views.editor, name="editor"),
    path("<slug:slug>/veikart/merknad/", views.roadmap_note, name="note"),
    path(
        "<slug:slug>/veikart/omrade/<slug:area_key>/nytt-mal/",
        views.goal_create,
        name="goal_create",
    ),
    path("<slug:slug>/veikart/mal/<int:pk>/", views.goal_edit, name="goal_edit"),
    path("<slug:slug>/veikart/mal/<int:pk>/slett/", views.goal_delete, name="goal_delete"),
    path(
        "<slug:slug>/veikart/mal/<int:goal_pk>/ny-strategi/",
        views.strategy_create,
        name="strategy_create",
    ),
    path("<slug:slug>/veikart/strategi/<int:pk>/", views.strategy_edit, name="strategy_edit"),
    path(
        "<slug:slug>/veikart/strategi/<int:pk>/slett/",
        views.strategy_delete,
        name="strategy_delete",
    ),
    path(
        "<slug:slug>/veikart/strategi/<int:strategy_pk>/nytt-tiltak/",
        views.action_create,
        name="action_create",
    ),
    path("<slug:slug>/veikart/flytt/<str:kind>/<int:pk>/", views.move, name="move"),
    path("<slug:slug>/veikart/tiltak/<int:pk>/", views.action_page, name="action"),
    path("<slug:slug>/veikart/tiltak/<int:pk>/flytt/", views.action_move, name="action_move"),
    path(
        "<slug:slug>/veikart/tiltak/<int:pk>/oppdatering/",
        views.action_update_create,
        name="action_update",
    ),
    path("<slug:slug>/veikart/tiltak/<int:pk>/koble/", views.action_link, name="action_link"),
    path(
        "<slug:slug>/veikart/tiltak/<int:pk>/kobling/<int:link_pk>/",
        views.link_edit,
        name="link_edit",
    ),
    path("<slug:slug>/veikart/tiltak/<int:pk>/slett/", views.action_delete, name="action_delete"),
]
