"""Operations endpoints, outside every page's namespace: probes and metrics are asked for by
machines (a load balancer, Kubernetes, Prometheus), by these fixed addresses."""

from django.urls import path

from . import views

app_name = "ops"

urlpatterns = [
    path("healthz", views.health, name="health"),
    path("readyz", views.readiness, name="readiness"),
    path("metrics", views.prometheus_metrics, name="metrics"),
]
