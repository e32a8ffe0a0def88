from django.urls import path

from .views import duplicates, themes

app_name = "analysis"
urlpatterns = [
    path(
        "<slug:slug>/innspill/nesten-like/",
        duplicates.near_duplicates,
        name="near_duplicates",
    ),
    path("<slug:slug>/innspill/nesten-like/sok/", duplicates.scan, name="duplicate_scan"),
    path(
        "<slug:slug>/innspill/nesten-like/<int:pk>/slaa-sammen/",
        duplicates.merge,
        name="merge_near_duplicates",
    ),
    path(
        "<slug:slug>/innspill/nesten-like/<int:pk>/avvis/",
        duplicates.dismiss,
        name="dismiss_near_duplicates",
    ),
    path("<slug:slug>/temaer/", themes.theme_list, name="themes"),
]
