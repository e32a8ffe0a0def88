from django.urls import path

from . import views

app_name = "opendata"
urlpatterns = [
    path("prosesser/<slug:slug>/apne-data/", views.page, name="page"),
    path("prosesser/<slug:slug>/apne-data/utvalg/", views.compilation, name="compilation"),
    # Before the downloads: "innspill-ordbok.csv" would otherwise be the dataset
    # "innspill-ordbok".
    path(
        "prosesser/<slug:slug>/apne-data/<slug:dataset>-ordbok.csv",
        views.dictionary,
        name="dictionary",
    ),
    path(
        "prosesser/<slug:slug>/apne-data/<slug:dataset>.<slug:fmt>", views.download, name="download"
    ),
    path("stab/organisasjon/<slug:org_slug>/apne-data/", views.licence, name="licence"),
]
