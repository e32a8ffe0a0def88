from django.urls import path

from . import plan_views, views

app_name = "engagement"
urlpatterns = [
    path("<slug:slug>/medvirkningsplan/", plan_views.plan, name="plan"),
    path("<slug:slug>/medvirkningsplan/ny/", plan_views.planned_new, name="planned_new"),
    path(
        "<slug:slug>/medvirkningsplan/<int:pk>/rediger/",
        plan_views.planned_edit,
        name="planned_edit",
    ),
    path(
        "<slug:slug>/medvirkningsplan/<int:pk>/flytt/",
        plan_views.planned_move,
        name="planned_move",
    ),
    path(
        "<slug:slug>/medvirkningsplan/<int:pk>/fjern/",
        plan_views.planned_remove,
        name="planned_remove",
    ),
    path("<slug:slug>/aktiviteter/", views.activity_list, name="activities"),
    path("<slug:slug>/aktiviteter/ny/", views.activity_new, name="activity_new"),
    path("<slug:slug>/aktiviteter/ny/metode/", views.method_new, name="method_new"),
    path("<slug:slug>/aktiviteter/<int:pk>/", views.activity_detail, name="activity"),
    path("<slug:slug>/aktiviteter/<int:pk>/rediger/", views.activity_edit, name="activity_edit"),
    path(
        "<slug:slug>/aktiviteter/<int:pk>/vedlegg/",
        views.attachment_upload,
        name="attachment_upload",
    ),
    path(
        "<slug:slug>/aktiviteter/<int:pk>/vedlegg/<int:attachment_pk>/",
        views.attachment_file,
        name="attachment",
    ),
    path(
        "<slug:slug>/aktiviteter/<int:pk>/vedlegg/<int:attachment_pk>/slett/",
        views.attachment_delete,
        name="attachment_delete",
    ),
    path(
        "<slug:slug>/aktiviteter/<int:pk>/deltakere/",
        views.edit_participation,
        name="edit_participation",
    ),
]
