from django.urls import path

from . import views

app_name = "childrens_map"
urlpatterns = [
    path("prosesser/<slug:slug>/barnetrakk/", views.child_start, name="start"),
    path(
        "prosesser/<slug:slug>/barnetrakk/kart/",
        views.child_entry,
        {"entry": views.ON_MAP},
        name="map",
    ),
    path(
        "prosesser/<slug:slug>/barnetrakk/liste/",
        views.child_entry,
        {"entry": views.FROM_LISTS},
        name="list",
    ),
    path("prosesser/<slug:slug>/barnetrakk/ferdig/", views.child_finish, name="finish"),
    path("prosesser/<slug:slug>/barnetrakk/takk/", views.child_thanks, name="thanks"),
    path("stab/<slug:slug>/barnetrakk/", views.planner, name="planner"),
    path("stab/<slug:slug>/barnetrakk/geojson/", views.planner_geojson, name="geojson"),
]
