"""The product's URLs with the bare views beside them (bench/settings.py mounts this)."""

from django.urls import path

from bench import views
from config.urls import handler500
from config.urls import urlpatterns as product_urlpatterns

__all__ = ["handler500", "urlpatterns"]

urlpatterns = [
    path("bench/bare/html/", views.bare_html, name="bench_bare_html"),
    path("bench/bare/json/", views.bare_json, name="bench_bare_json"),
    path("bench/bare/insert/", views.bare_insert, name="bench_bare_insert"),
    *product_urlpatterns,
]
