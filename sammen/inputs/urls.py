from django.urls import path

from . import fast_entry, import_views, views, workbench

app_name = "inputs"
urlpatterns = [
    path("<slug:slug>/innspill/", views.input_list, name="list"),
    path("<slug:slug>/innspill/flere/", workbench.bulk_action, name="bulk"),
    path("<slug:slug>/innspill/angre-siste/", workbench.undo_last, name="undo_last"),
    path("<slug:slug>/innspill/angre/<int:entry_id>/", workbench.undo, name="undo"),
    path("<slug:slug>/innspill/<int:pk>/", workbench.input_detail, name="detail"),
    path("<slug:slug>/innspill/<int:pk>/sorter/", workbench.sort_input, name="sort"),
]

urlpatterns += [
    path("<slug:slug>/import/", import_views.import_start, name="import"),
    path("<slug:slug>/import/<int:pk>/", import_views.import_batch, name="import_batch"),
    path(
        "<slug:slug>/import/<int:pk>/kolonner/", import_views.import_mapping, name="import_mapping"
    ),
    path(
        "<slug:slug>/import/<int:pk>/bekreft/", import_views.import_confirm, name="import_confirm"
    ),
    path(
        "<slug:slug>/import/<int:pk>/framdrift/",
        import_views.import_progress,
        name="import_progress",
    ),
    path("<slug:slug>/moderering/", views.moderation, name="moderation"),
    path("<slug:slug>/moderering/<int:pk>/", views.moderate, name="moderate"),
    path(
        "<slug:slug>/aktiviteter/<int:pk>/hurtigregistrering/",
        fast_entry.fast_entry,
        name="fast_entry",
    ),
    path(
        "<slug:slug>/aktiviteter/<int:pk>/hurtigregistrering/<int:input_pk>/slett/",
        fast_entry.fast_entry_delete,
        name="fast_entry_delete",
    ),
]
