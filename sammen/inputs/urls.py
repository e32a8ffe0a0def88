from django.urls import path

from . import views, workbench

app_name = "inputs"
urlpatterns = [
    path("<slug:slug>/innspill/", views.input_list, name="list"),
    path("<slug:slug>/innspill/flere/", workbench.bulk_action, name="bulk"),
    path("<slug:slug>/innspill/angre-siste/", workbench.undo_last, name="undo_last"),
    path("<slug:slug>/innspill/angre/<int:entry_id>/", workbench.undo, name="undo"),
    path("<slug:slug>/innspill/<int:pk>/", workbench.input_detail, name="detail"),
    path("<slug:slug>/innspill/<int:pk>/sorter/", workbench.sort_input, name="sort"),
]
