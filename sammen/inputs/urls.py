from django.urls import path

from . import fast_entry, views

app_name = "inputs"
urlpatterns = [
    path("<slug:slug>/innspill/", views.input_list, name="list"),
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
