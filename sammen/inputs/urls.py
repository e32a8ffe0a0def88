from django.urls import path

from .views import fast_entry, moderation, workbench

app_name = "inputs"
urlpatterns = [
    path("<slug:slug>/innspill/", workbench.input_list, name="list"),
    path("<slug:slug>/innspill/flere/", workbench.bulk_action, name="bulk"),
    path("<slug:slug>/innspill/angre-siste/", workbench.undo_last, name="undo_last"),
    path("<slug:slug>/innspill/angre/<int:entry_id>/", workbench.undo, name="undo"),
    path("<slug:slug>/innspill/<int:pk>/", workbench.input_detail, name="detail"),
    path("<slug:slug>/innspill/<int:pk>/sorter/", workbench.sort_input, name="sort"),
]

urlpatterns += [
    path("<slug:slug>/moderering/", moderation.moderation, name="moderation"),
    path("<slug:slug>/moderering/<int:pk>/", moderation.moderate, name="moderate"),
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
